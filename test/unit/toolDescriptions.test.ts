// Audits what an AI model reads about every operation of every node that can
// run as a tool, and that its lists stay small, through n8n's own code: the Workflow fills in the defaults of
// the tool variant (type name + "Tool", as n8n's convertNodeToAiTool names it),
// and NodeHelpers.getToolDescriptionForNode picks the text the model gets.
// The nodes come from package.json and the operations from their own
// descriptions, so a new node or operation is audited without a change here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INode, INodePropertyOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { TOOL_MAX_LIMIT } from '../../nodes/shared/tools';

const ROOT = join(__dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };

/** What a model may read at most about one tool before the list of tools crowds its context. */
const MAX_LENGTH = 400;
const MIN_LENGTH = 60;
/** Actions that create, change, delete or send something. */
const WRITE_ACTION = /^(create|update|delete|remove|send|consume|define|confirm|capture|add|set|mark|upload|post|put|patch|archive|activate|deactivate|cancel|register|replace|upsert|trigger|start|stop|approve|reject|assign)\b/i;

function loadDescription(distPath: string): INodeTypeDescription {
	const source = join(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(source) as Record<string, new () => INodeType>;
	const NodeClass = Object.values(module).find((value) => typeof value === 'function');
	if (!NodeClass) throw new Error(`${source} exports no node class`);
	return new NodeClass().description;
}

interface Operation {
	resource?: string;
	operation: string;
	option: INodePropertyOptions;
}

function operationsOf(description: INodeTypeDescription): Operation[] {
	const hasResource = description.properties.some((property) => property.name === 'resource');
	return description.properties
		.filter((property) => property.name === 'operation' && property.type === 'options')
		.flatMap((property) => {
			const resources = hasResource ? ((property.displayOptions?.show?.resource ?? []) as string[]) : [undefined];
			return resources.flatMap((resource) =>
				(property.options as INodePropertyOptions[]).map((option) => ({ resource, operation: String(option.value), option })),
			);
		});
}

/** The tool variant as n8n builds it: same description, name + "Tool", output ai_tool. */
function asTool(description: INodeTypeDescription): INodeTypeDescription {
	return { ...description, name: `${description.name}Tool`, displayName: `${description.displayName} Tool`, inputs: [], outputs: ['ai_tool'] };
}

/** The parameters n8n runs a node with, defaults filled in, as the Workflow constructor does. */
function parametersAt(description: INodeTypeDescription, typeVersion: number, chosen: Record<string, string>) {
	const node = { name: 'n', type: description.name, typeVersion, parameters: chosen } as unknown as INode;
	return { node, parameters: NodeHelpers.getNodeParameters(description.properties, chosen, true, false, node, description) ?? {} };
}

const toolNodes = packageJson.n8n.nodes.map(loadDescription).filter((description) => description.usableAsTool);

test('the package has nodes usable as tools, each with operations', () => {
	expect(toolNodes.map((description) => description.name).sort()).toEqual(expect.arrayContaining(['neoDay', 'scantrust', 'trackVision']));
	for (const description of toolNodes) expect(operationsOf(description).length).toBeGreaterThan(0);
});

describe.each(toolNodes.map((description) => [description.displayName, description] as const))('%s', (_name, description) => {
	const versions = Array.isArray(description.version) ? description.version : [description.version];
	const tool = asTool(description);
	const cases = operationsOf(description).flatMap((op) => versions.map((version) => ({ ...op, version })));

	test.each(cases.map((c) => [`${c.resource ?? '-'} / ${c.operation} (v${c.version})`, c] as const))('%s', (_label, { resource, operation, option, version }) => {
		const chosen = { ...(resource ? { resource } : {}), operation };
		const { node, parameters } = parametersAt(tool, version, chosen);
		const text = NodeHelpers.getToolDescriptionForNode({ ...node, type: tool.name, parameters }, { description: tool } as INodeType);
		const said = `${text}`;

		expect(parameters.toolDescription).toBe(said);
		expect(said.trim().length).toBeGreaterThanOrEqual(MIN_LENGTH);
		expect(said.length).toBeLessThanOrEqual(MAX_LENGTH);
		const bare = (value: unknown) => String(value ?? '').trim().replace(/\.$/, '').toLowerCase();
		for (const alone of [option.name, option.action, `${option.action} in ${description.defaults.name}`, description.displayName, description.description]) {
			expect(bare(said)).not.toBe(bare(alone));
		}
		// What it needs and what it returns, in words a model reads as such.
		expect(said).toMatch(/\bNeeds\b/);
		expect(said).toMatch(/\bReturns\b/);
		if (WRITE_ACTION.test(option.action ?? option.name)) expect(said).toMatch(/changes data/);
		else expect(said).not.toMatch(/changes data/);

		// The regular node never shows the field.
		const regular = parametersAt(description, version, chosen).parameters;
		expect(regular).not.toHaveProperty('toolDescription');

		// A list is small for a tool: no Return All, a Limit of 50 that goes up to TOOL_MAX_LIMIT at most.
		if ('returnAll' in regular) {
			expect(parameters).not.toHaveProperty('returnAll');
			expect(parameters.limit).toBe(50);
			const limits = tool.properties.filter((property) => property.name === 'limit' && property.displayOptions?.show?.['@tool']?.[0] === true);
			for (const limit of limits) expect(limit.typeOptions?.maxValue).toBeLessThanOrEqual(TOOL_MAX_LIMIT);
		}
	});
});
