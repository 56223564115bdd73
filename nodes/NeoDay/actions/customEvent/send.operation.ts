import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { requireJsonObject, requirePathSegment } from '../../../shared/validation';
import { idempotencyKey } from '../../../shared/idempotency';
import { sendCustomEvent } from '../../transport';
import { eventNameField, readEventName } from './fields';

const show = { resource: ['customEvent'], operation: ['send'] };

export const description: INodeProperties[] = [
	eventNameField(['send'], 'The name of an event defined in NeoDay (see Define)'),
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'r8d0h8nfx09w23o64g63rvk7q',
		description: 'The NeoDay user the event is about; events are always sent for a single user',
		displayOptions: { show },
	},
	{
		displayName: 'Event Data (JSON)',
		name: 'eventData',
		type: 'json',
		default: '{}',
		description: "The event's data, a JSON object that matches the schema defined for the event",
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const eventName = readEventName(this, itemIndex);
	const userId = requirePathSegment(this, this.getNodeParameter('userId', itemIndex), 'User ID', itemIndex);
	const data = requireJsonObject(this, this.getNodeParameter('eventData', itemIndex, '{}'), 'Event Data (JSON)', itemIndex);
	const key = idempotencyKey(this, itemIndex);
	await sendCustomEvent(this, userId, eventName, data, key, itemIndex);
	// 202: NeoDay has accepted the event; it rewards the user asynchronously, possibly a little later.
	return [{ json: { event_name: eventName, user_id: userId, accepted: true, idempotency_key: key ?? null } }];
}
