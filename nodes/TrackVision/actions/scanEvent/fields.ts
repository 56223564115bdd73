import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { simplifyField, simplifyRecord } from '../../../shared/simplify';
import type { UuidRecord } from '../recordId';
import { readUuidId, uuidIdField } from '../recordId';

/** The vendor page types the scan event's primary key as a UUID. */
const SCAN_EVENT: UuidRecord = {
	resource: 'scanEvent',
	name: 'scanEventId',
	label: 'Scan Event',
	searchListMethod: 'searchScanEvents',
	errorMessage: 'A scan event ID is a UUID',
};

export function scanEventIdField(operation: string, description: string): INodeProperties[] {
	return uuidIdField(SCAN_EVENT, operation, description);
}

export function readScanEventId(ctx: IExecuteFunctions, itemIndex: number): string {
	return readUuidId(ctx, SCAN_EVENT, itemIndex);
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
