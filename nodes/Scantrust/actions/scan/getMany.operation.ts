import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readLimit, returnAllOrLimit, toItems } from '../../../shared/descriptions';
import { listScans } from '../../transport';
import { buildScanQuery, scanFilterFields, scanSimplifyField, simplifyScan } from './filters';
import { readSimplify } from '../../../shared/simplify';

/** Scans are the one list with a larger Limit: campaigns hold many thousands. */
const MAX_LIMIT = 10000;

const show = { resource: ['scan'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...scanFilterFields(show),
	...returnAllOrLimit({ show }, MAX_LIMIT),
	scanSimplifyField(show),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const qs = buildScanQuery(this, itemIndex);
	const limit = readLimit(this, itemIndex, MAX_LIMIT);
	const scans = await listScans(this, qs, limit, itemIndex);
	const simplify = readSimplify(this, itemIndex);
	return toItems(simplify ? scans.map(simplifyScan) : scans);
}
