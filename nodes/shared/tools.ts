import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * The tool variant's Description, one per operation, pre-filled with what an
 * AI model needs: what the operation does, what it needs, what it returns, and
 * for a write that it changes data. Shown only on the tool variant ('@tool').
 *
 * Why a field of our own: n8n gives a tool the text of its `toolDescription`
 * parameter (NodeHelpers.getToolDescriptionForNode). When a node defines none,
 * n8n adds its own, set to "auto", which reads only "<action> in <node>"
 * ("Get many scans in Scantrust"). The action text cannot carry more: it is
 * also the node panel's entry and the tool node's default name, which is the
 * tool's name. `usableAsTool.replacements` reaches the editor only, never the
 * running tool. A node that defines `toolDescription` keeps it (n8n's
 * convertNodeToAiTool then adds nothing), and its default, filled in by the
 * Workflow like every default, is what the model reads.
 */
export function toolDescriptionFields(resource: string, texts: Record<string, string>): INodeProperties[] {
	return Object.entries(texts).map(([operation, text]) => ({
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string',
		typeOptions: { rows: 3 },
		default: text,
		description:
			'What the AI model is told this tool does. Pre-filled for this operation with what it needs and returns; add what your workflow expects.',
		displayOptions: { show: { '@tool': [true], resource: [resource], operation: [operation] } },
	}));
}


/** The largest Limit a list operation takes when it runs as a tool; it offers no Return All then. */
export const TOOL_MAX_LIMIT = 100;

/**
 * Whether the node runs as an AI tool. The tool variant's type is the node's
 * type plus "Tool" on every n8n (what the '@tool' display option reads). 2.x
 * also tells a tool call apart in its context (`isToolExecution`), which 1.x
 * lacks, so it is asked only where it exists.
 */
export function runsAsTool(ctx: Pick<IExecuteFunctions, 'getNode'>): boolean {
	if (ctx.getNode().type.endsWith('Tool')) return true;
	// Declared only by n8n-workflow 2.x, so it is looked up, not typed against IExecuteFunctions.
	const isToolExecution = (ctx as { isToolExecution?: () => boolean }).isToolExecution;
	return typeof isToolExecution === 'function' && isToolExecution.call(ctx);
}

/** " in item 3" for a workflow's error messages; a tool gets one item, the model's call, so it is left out there. */
export function inItem(ctx: Pick<IExecuteFunctions, 'getNode'>, itemIndex: number): string {
	return runsAsTool(ctx) ? '' : ` in item ${itemIndex}`;
}
