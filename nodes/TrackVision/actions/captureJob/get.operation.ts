import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { itemRequest } from '../../transport';
import { captureJobIdField, readCaptureJobId } from './fields';

export const description: INodeProperties[] = [...captureJobIdField('The capture job to read, e.g. one that EPCIS Event → Capture output')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const job = await itemRequest(this, 'GET', 'epcis_capture', readCaptureJobId(this, itemIndex), {}, itemIndex);
	return [{ json: job }];
}
