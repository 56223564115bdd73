import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { downloadScantrustFile } from '../../transport';
import { buildScanQuery, scanFilterFields } from './filters';

const show = { resource: ['scan'], operation: ['exportCsv'] };

export const description: INodeProperties[] = [
	...scanFilterFields(show),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		hint: 'The name of the output binary field to put the CSV file in',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const qs = buildScanQuery(this, itemIndex);
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const fileName = `scans-${String(qs.campaign_id)}-${new Date().toISOString().slice(0, 10)}.csv`;
	const binary = await downloadScantrustFile(
		this,
		'/api/v2/dashboard/scans/csv',
		{ fileName, mimeType: 'text/csv', qs },
		itemIndex,
	);
	return [{ json: { campaignId: qs.campaign_id, fileName, filters: qs }, binary: { [binaryPropertyName]: binary } }];
}
