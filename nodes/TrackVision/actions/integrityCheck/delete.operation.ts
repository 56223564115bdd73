import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { deleteItem } from '../../transport';
import { checkIdField, readCheckId } from './fields';

export const description: INodeProperties[] = [...checkIdField('delete', 'The integrity check to delete')];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = readCheckId(this, itemIndex);
	await deleteItem(this, 'integrity_check', id, itemIndex);
	// TrackVision answers 204 with no body; n8n's guidelines ask for a confirmation item instead.
	return [{ json: { deleted: true, id } }];
}
