import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fieldByVersion, readLocatorValue } from '../../../shared/resourceLocator';
import { requirePathSegment } from '../../../shared/validation';

/**
 * The export's system name: a dropdown in version 1, a resource locator
 * from version 2. NeoDay documents no web address for an export, so there is no "By URL" mode.
 */
export function exportNameField(operations: string[], description: string): INodeProperties[] {
	return fieldByVersion(
		{
			displayName: 'Export Name or ID',
			name: 'exportName',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getExportNames' },
			default: '',
			required: true,
			description: `${description}. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
			hint: "The export's system name, e.g. win-info",
			displayOptions: { show: { resource: ['automatedExport'], operation: operations } },
		},
		{
			displayName: 'Export',
			description: `${description}: pick it from the list, or enter its system name`,
			searchListMethod: 'searchExports',
			id: { displayName: 'By Name', placeholder: 'win-info' },
		},
	);
}

export function readExportName(ctx: IExecuteFunctions, itemIndex: number): string {
	const field = ctx.getNode().typeVersion === 1 ? 'Export Name or ID' : 'Export';
	const value = readLocatorValue(ctx, ctx.getNodeParameter('exportName', itemIndex), field, undefined, itemIndex);
	return requirePathSegment(ctx, value, field, itemIndex);
}

/** Shown for rows output, here and in the NeoDay Trigger. */
export function convertTypesField(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Convert Types',
		name: 'convertTypes',
		type: 'boolean',
		default: false,
		description:
			'Whether to turn the strings NeoDay writes into booleans and numbers: "0"/"1" in fields starting with has (e.g. haswon) become false/true, and numeric values become numbers. Identifier fields such as userid, game_id and campaign_code always stay text.',
		displayOptions: { show },
	};
}

/** Shown for file output, here and in the NeoDay Trigger. */
export function outputFileField(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		hint: 'The name of the output binary field to put the JSON file in',
		displayOptions: { show },
	};
}

/** How a downloaded result comes out: one item per row, or the JSON file as binary. */
export function downloadOutputFields(operations: string[]): INodeProperties[] {
	const show = { resource: ['automatedExport'], operation: operations };
	return [
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			default: 'rows',
			options: [
				{
					name: 'Rows as Items',
					value: 'rows',
					description: 'One item per row of the export, e.g. one per win',
				},
				{
					name: 'File',
					value: 'file',
					description: 'The JSON file as binary, streamed, e.g. for storage or a data warehouse',
				},
			],
			displayOptions: { show },
		},
		convertTypesField({ ...show, output: ['rows'] }),
		outputFileField({ ...show, output: ['file'] }),
	];
}
