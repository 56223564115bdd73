import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readLimit, returnAllOrLimit, toItems } from '../../../shared/descriptions';
import { listExports } from '../../transport';

export const description: INodeProperties[] = [
	...returnAllOrLimit({ show: { resource: ['automatedExport'], operation: ['getMany'] } }),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const limit = readLimit(this, itemIndex);
	const exports = await listExports(this, itemIndex);
	// The gateway returns every export in one list; Limit only trims it.
	return toItems(limit === undefined ? exports : exports.slice(0, limit));
}
