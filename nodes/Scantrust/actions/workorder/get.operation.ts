import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { requireInteger } from '../../../shared/validation';
import { getWorkorder } from '../../transport';
import { workorderIdField } from './fields';

export const description: INodeProperties[] = [
	workorderIdField('get', 'The workorder to read, with its state and codegen_file link'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workorderId = requireInteger(this, this.getNodeParameter('workorderId', itemIndex), 'Workorder ID', itemIndex);
	return [{ json: await getWorkorder(this, workorderId, itemIndex) }];
}
