import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readItem } from '../../transport';
import { readResultId, resultIdField, resultSimplifyField, simplifyResult } from './fields';
import { readSimplify } from '../../../shared/simplify';

export const description: INodeProperties[] = [
	...resultIdField('get', 'The integrity check result to read'),
	resultSimplifyField('get'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = readResultId(this, itemIndex);
	const result = await readItem(this, 'integrity_check_result', id, {}, itemIndex);
	const simplify = readSimplify(this, itemIndex);
	return [{ json: simplify ? simplifyResult(result) : result }];
}
