import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readItem } from '../../transport';
import { readScanEventId, scanEventIdField, scanEventSimplifyField, simplifyScanEvent } from './fields';
import { readSimplify } from '../../../shared/simplify';

export const description: INodeProperties[] = [
	...scanEventIdField('get', 'The scan event to read'),
	scanEventSimplifyField('get'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = readScanEventId(this, itemIndex);
	const scanEvent = await readItem(this, 'scan_event', id, {}, itemIndex);
	const simplify = readSimplify(this, itemIndex);
	return [{ json: simplify ? simplifyScanEvent(scanEvent) : scanEvent }];
}
