import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { downloadScantrustFile, getWorkorder } from '../../transport';
import { readWorkorderId, workorderIdField } from './fields';

const show = { resource: ['workorder'], operation: ['downloadCodes'] };

export const description: INodeProperties[] = [
	...workorderIdField('downloadCodes', 'A completed workorder whose codes file (zip) to download'),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		hint: 'The name of the output binary field to put the zip file in',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workorderId = readWorkorderId(this, itemIndex);
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const workorder = await getWorkorder(this, workorderId, itemIndex);
	return [await codesItem(this, workorder, binaryPropertyName, itemIndex)];
}

/** Shared with the trigger's "Download Codes" option. */
export async function codesItem(
	ctx: Parameters<typeof downloadScantrustFile>[0],
	workorder: Record<string, unknown>,
	binaryPropertyName: string,
	itemIndex?: number,
): Promise<INodeExecutionData> {
	const link = workorder.codegen_file;
	if (typeof link !== 'string' || link === '') {
		throw new NodeOperationError(
			ctx.getNode(),
			`Workorder ${String(workorder.id)} has no codes file yet (state "${String(workorder.state)}", codegen_status ${String(workorder.codegen_status)})`,
			{
				itemIndex,
				description:
					'Codes can be downloaded once the workorder is completed. SSC workorders complete after the printing partner confirms them; use the Scantrust Trigger to wait for completion.',
			},
		);
	}
	const fileName = `workorder-${String(workorder.id)}-codes.zip`;
	const binary = await downloadScantrustFile(ctx, link, { fileName, mimeType: 'application/zip' }, itemIndex);
	return { json: workorder as INodeExecutionData['json'], binary: { [binaryPropertyName]: binary } };
}
