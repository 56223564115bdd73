import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { createItem } from '../../transport';
import { checkFields, readCheckBody } from './fields';

export const description: INodeProperties[] = [checkFields('create')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const check = await createItem(this, 'integrity_check', readCheckBody(this, itemIndex), itemIndex);
	return [{ json: check }];
}
