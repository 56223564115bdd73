import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { updateItem } from '../../transport';
import { checkFields, checkIdField, readCheckBody, readCheckId } from './fields';
import { inItem } from '../../../shared/tools';

export const description: INodeProperties[] = [
	...checkIdField('update', 'The integrity check to change'),
	checkFields('update'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = readCheckId(this, itemIndex);
	const body = readCheckBody(this, itemIndex);
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), `Nothing to update for integrity check "${id}"${inItem(this, itemIndex)}`, {
			itemIndex,
			description: 'Add at least one field under "Update Fields", or attributes in "Other Attributes (JSON)".',
		});
	}
	const check = await updateItem(this, 'integrity_check', id, body, itemIndex);
	return [{ json: check }];
}
