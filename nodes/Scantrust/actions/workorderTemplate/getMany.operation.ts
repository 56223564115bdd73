import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readLimit, returnAllOrLimit, toItems } from '../../../shared/descriptions';
import { scantrustList } from '../../transport';

export const description: INodeProperties[] = [
	...returnAllOrLimit({ show: { resource: ['workorderTemplate'], operation: ['getMany'] } }),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const templates = await scantrustList(this, '/api/v2/workorders/templates/', {}, readLimit(this, itemIndex), itemIndex);
	return toItems(templates);
}
