import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { runsAsTool } from './tools';

/**
 * The Simplify switch of n8n's best nodes: on by default in the node version
 * that introduces it, so old workflows keep the full records.
 */
export function simplifyField(
	show: NonNullable<INodeProperties['displayOptions']>['show'],
	kept: readonly string[],
	versions: number[],
): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: `Whether to return a simplified version of the response instead of the raw data. Keeps ${kept.join(', ')}.`,
		displayOptions: { show: { ...show, '@version': versions } },
	};
}

/** The fields of `record` in `kept`, in that order; fields the record lacks stay absent. */
export function simplifyRecord(record: IDataObject, kept: readonly string[]): IDataObject {
	const simple: IDataObject = {};
	for (const key of kept) if (key in record) simple[key] = record[key];
	return simple;
}

/**
 * Whether to simplify this item's records: the switch where the node version
 * shows it, otherwise off, except in a tool, where records go into a model's
 * context and Simplify is on unless switched off.
 */
export function readSimplify(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return ctx.getNodeParameter('simplify', itemIndex, runsAsTool(ctx)) as boolean;
}
