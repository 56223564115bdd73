import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requirePathSegment } from '../../../shared/validation';

/**
 * The event's name, as defined in NeoDay. NeoDay documents no way to list the
 * defined events, so it is typed in, not picked from a list.
 */
export function eventNameField(operations: string[], description: string): INodeProperties {
	return {
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'genuine_scan',
		description,
		displayOptions: { show: { resource: ['customEvent'], operation: operations } },
	};
}

export function readEventName(ctx: IExecuteFunctions, itemIndex: number): string {
	return requirePathSegment(ctx, ctx.getNodeParameter('eventName', itemIndex), 'Event Name', itemIndex);
}
