import type { INodeProperties } from 'n8n-workflow';

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

