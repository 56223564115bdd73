import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { itemRequest } from '../../transport';
import { readResultId, resultIdField } from './fields';

export const description: INodeProperties[] = [resultIdField('get', 'The integrity check result to read')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = readResultId(this, itemIndex);
	return [{ json: await itemRequest(this, 'GET', 'integrity_check_result', id, {}, itemIndex) }];
}
