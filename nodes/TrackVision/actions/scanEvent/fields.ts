import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fieldByVersion, readLocatorValue } from '../../../shared/resourceLocator';
import { simplifyField, simplifyRecord } from '../../../shared/simplify';
import { requireUuid } from '../../../shared/validation';
import { UUID_REGEX } from '../integrityCheck/fields';

/** Scan Event ID: plain text in version 1, a resource locator from version 2, as for integrity checks. */
export function scanEventIdField(operation: string, description: string): INodeProperties[] {
	return fieldByVersion(
		{
			displayName: 'Scan Event ID',
			name: 'scanEventId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '2f9c6a4e-8b1d-4c3a-9e7f-5d2b1a0c9e8d',
			description,
			displayOptions: { show: { resource: ['scanEvent'], operation: [operation] } },
		},
		{
			displayName: 'Scan Event',
			searchListMethod: 'searchScanEvents',
			id: { regex: UUID_REGEX, placeholder: '2f9c6a4e-8b1d-4c3a-9e7f-5d2b1a0c9e8d', errorMessage: 'A scan event ID is a UUID' },
		},
	);
}

/** The vendor page types the scan event's primary key as a UUID. */
export function readScanEventId(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = readLocatorValue(ctx, ctx.getNodeParameter('scanEventId', itemIndex), 'Scan Event', undefined, itemIndex);
	return requireUuid(ctx, value, 'Scan Event ID', itemIndex);
}

/** What Simplify keeps of a scan event: when, what kind of scan, on what device, and where. */
export const SIMPLE_SCAN_EVENT_FIELDS = [
	'id',
	'date_created',
	'scan_date',
	'event_type',
	'link_type',
	'device_type',
	'device',
	'operating_system',
	'browser',
	'city',
	'region',
	'country',
] as const;

export function scanEventSimplifyField(operation: string): INodeProperties {
	return simplifyField({ resource: ['scanEvent'], operation: [operation] }, SIMPLE_SCAN_EVENT_FIELDS, [2]);
}

export function simplifyScanEvent(scanEvent: IDataObject): IDataObject {
	return simplifyRecord(scanEvent, SIMPLE_SCAN_EVENT_FIELDS);
}
