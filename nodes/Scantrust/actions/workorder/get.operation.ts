import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { getWorkorder } from '../../transport';
import { readWorkorderId, simplifyWorkorder, workorderIdField, workorderSimplifyField } from './fields';
import { readSimplify } from '../../../shared/simplify';

export const description: INodeProperties[] = [
	...workorderIdField('get', 'The workorder to read, with its state and codegen_file link'),
	workorderSimplifyField('get'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workorder = await getWorkorder(this, readWorkorderId(this, itemIndex), itemIndex);
	const simplify = readSimplify(this, itemIndex);
	return [{ json: simplify ? simplifyWorkorder(workorder) : workorder }];
}
