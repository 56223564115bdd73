import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { requirePathSegment } from '../../../shared/validation';
import { readDownloadSettings, resultItems } from './download';
import { downloadOutputFields, exportNameField, readExportName } from './fields';

export const description: INodeProperties[] = [
	...exportNameField(
		['downloadResult'],
		'The export the result belongs to. It names the file and finds the expiry date when a result has expired',
	),
	{
		displayName: 'Result ID',
		name: 'resultId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'jlitk6w3fzow15k9bvrpu4p62',
		description: 'The ID of one result, e.g. from Get Results, or the last_run of an export in Get Many',
		displayOptions: { show: { resource: ['automatedExport'], operation: ['downloadResult'] } },
	},
	...downloadOutputFields(['downloadResult']),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const exportName = readExportName(this, itemIndex);
	const resultId = requirePathSegment(this, this.getNodeParameter('resultId', itemIndex), 'Result ID', itemIndex);
	return await resultItems(this, exportName, { id: resultId }, readDownloadSettings(this, itemIndex), itemIndex);
}
