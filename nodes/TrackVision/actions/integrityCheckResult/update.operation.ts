import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { updateItem } from '../../transport';
import { readResultId, resultIdField, STATUS_OPTIONS } from './fields';
import { inItem } from '../../../shared/tools';

export const description: INodeProperties[] = [
	...resultIdField('update', 'The integrity check result to review'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { resource: ['integrityCheckResult'], operation: ['update'] } },
		options: [
			{
				displayName: 'Review Comments',
				name: 'review_comments',
				type: 'string',
				default: '',
				typeOptions: { rows: 3 },
				description: "The reviewer's comments on this result",
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'reviewed',
				options: STATUS_OPTIONS,
				description: 'The review state of this result',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = readResultId(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== '' && value !== undefined));
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), `Nothing to update for integrity check result "${id}"${inItem(this, itemIndex)}`, {
			itemIndex,
			description: 'Add a Status or Review Comments under "Update Fields".',
		});
	}
	return [{ json: await updateItem(this, 'integrity_check_result', id, body, itemIndex) }];
}
