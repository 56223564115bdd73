// Runs a node of ours as an AI tool through n8n's own engine: a stand-in
// agent node asks n8n-core for its connected tools (getInputConnectionData,
// which builds the tool with createNodeAsTool: name, description, $fromAI
// schema) and calls each one as n8n's MCP Server Trigger does (tool.invoke).
import { WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INode,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';
import { createAdditionalData, createCredentialsHelper, executionHooks, loadPackage, PACKAGE_PREFIX } from './n8n';

interface InvocableTool {
	name: string;
	description: string;
	schema: { shape: Record<string, { description?: string }> };
	invoke(args: Record<string, unknown>): Promise<unknown>;
}

export interface ToolCallOutcome {
	/** What the tool answered: n8n's JSON of the node's output items. */
	text?: string;
	/** What it threw: the MCP Server Trigger answers `${name}: ${message}` with isError. */
	error?: Error & { description?: string };
}

export interface ToolRun {
	name: string;
	description: string;
	/** The $fromAI keys the model is asked for, with their descriptions. */
	arguments: Record<string, string | undefined>;
	calls: ToolCallOutcome[];
}

/** The tool variant as n8n's NodeTypes makes it (convertNodeToAiTool): the same node under name + "Tool", with an ai_tool output. */
function toolVariant(base: INodeType): INodeType {
	const description = Object.create(base.description, {
		name: { value: `${base.description.name}Tool` },
		displayName: { value: `${base.description.displayName} Tool` },
		inputs: { value: [] },
		outputs: { value: [NodeConnectionTypes.AiTool] },
	});
	return Object.create(base, { description: { value: description } }) as INodeType;
}

export async function runTool(options: {
	/** Node type without the package prefix or "Tool", e.g. "scantrust". */
	type: string;
	typeVersion: number;
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	calls: Array<Record<string, unknown>>;
	/** The tool node's name, which n8n turns into the tool's name. */
	name?: string;
}): Promise<ToolRun> {
	const { nodeTypes: packageTypes } = await loadPackage();
	const credentialsHelper = await createCredentialsHelper(options.credentials);
	let run: ToolRun | undefined;
	const agentType: INodeType = {
		description: {
			displayName: 'Harness Agent',
			name: 'harnessAgent',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, displayName: 'Tools', required: true }],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions) {
			const [tool] = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as InvocableTool[];
			const calls: ToolCallOutcome[] = [];
			for (const args of options.calls) {
				try {
					calls.push({ text: String(await tool.invoke(args)) });
				} catch (error) {
					calls.push({ error: error as ToolCallOutcome['error'] });
				}
			}
			const shape = tool.schema.shape;
			run = {
				name: tool.name,
				description: tool.description,
				arguments: Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, value.description])),
				calls,
			};
			return [[{ json: {} }]];
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: (type: string) => (type === 'harnessAgent' ? agentType : packageTypes.getByName(type)),
		getByNameAndVersion(type: string, version?: number) {
			if (type === 'harnessAgent') return agentType;
			if (!type.endsWith('Tool')) return packageTypes.getByNameAndVersion(type, version);
			const base = packageTypes.getByName(type.replace(/Tool$/, '')) as INodeType | IVersionedNodeType;
			return toolVariant(NodeHelpers.getVersionedNodeType(base, version) as INodeType);
		},
		getKnownTypes: () => packageTypes.getKnownTypes(),
	};
	const { description } = packageTypes.getByNameAndVersion(`${PACKAGE_PREFIX}.${options.type}`, options.typeVersion);
	const toolNode: INode = {
		id: 'tool',
		name: options.name ?? `${options.type} tool`,
		type: `${PACKAGE_PREFIX}.${options.type}Tool`,
		typeVersion: options.typeVersion,
		position: [0, 0],
		parameters: options.parameters,
		credentials: Object.fromEntries(
			(description.credentials ?? []).map((credential) => [credential.name, { id: credential.name, name: credential.name }]),
		),
	};
	const agentNode: INode = { id: 'agent', name: 'Agent', type: 'harnessAgent', typeVersion: 1, position: [0, 0], parameters: {} };
	const connections = { [toolNode.name]: { [NodeConnectionTypes.AiTool]: [[{ node: 'Agent', type: NodeConnectionTypes.AiTool, index: 0 }]] } };
	const workflow = new Workflow({ id: 'harness-tool', nodes: [agentNode, toolNode], connections, nodeTypes, active: false });
	const hooks = executionHooks('harness-tool', 'harness-tool', [agentNode, toolNode], connections);
	const done = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', (result) => resolve(result)));
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: agentNode, data: { main: [[{ json: {} }]] }, source: null }] },
	});
	await new WorkflowExecute(createAdditionalData(credentialsHelper, hooks), 'manual', runExecutionData).processRunExecutionData(workflow);
	const result = await done;
	if (!run) throw result.data.resultData.error ?? new Error('the agent did not run');
	return run;
}
