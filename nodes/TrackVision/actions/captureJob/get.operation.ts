import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readItem } from '../../transport';
import { captureJobIdField, readCaptureJobId } from './fields';

export const description: INodeProperties[] = [...captureJobIdField('The capture job to read, e.g. one that EPCIS Event → Capture output')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const job = await readItem(this, 'epcis_capture', readCaptureJobId(this, itemIndex), {}, itemIndex);
	return [{ json: job }];
}
