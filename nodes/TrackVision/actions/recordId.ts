import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fieldByVersion, readLocatorValue } from '../../shared/resourceLocator';
import { requireUuid } from '../../shared/validation';

const UUID_REGEX = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const UUID_PLACEHOLDER = '2f9c6a4e-8b1d-4c3a-9e7f-5d2b1a0c9e8d';

/** A kind of record whose ID is a UUID, and the parameter that picks one. */
export interface UuidRecord {
	resource: string;
	/** The parameter's name, e.g. `checkId`. */
	name: string;
	/** The record's name in the UI, e.g. "Integrity Check". */
	label: string;
	searchListMethod: string;
	/** What the locator says of an ID that is not a UUID. */
	errorMessage: string;
}

/**
 * The record's ID: plain text in version 1, a resource locator from version
 * 2. TrackVision's app URLs are not documented, so there is no "By URL" mode.
 */
export function uuidIdField(record: UuidRecord, operation: string, description: string): INodeProperties[] {
	return fieldByVersion(
		{
			displayName: `${record.label} ID`,
			name: record.name,
			type: 'string',
			default: '',
			required: true,
			placeholder: UUID_PLACEHOLDER,
			description,
			displayOptions: { show: { resource: [record.resource], operation: [operation] } },
		},
		{
			displayName: record.label,
			searchListMethod: record.searchListMethod,
			id: { regex: UUID_REGEX, placeholder: UUID_PLACEHOLDER, errorMessage: record.errorMessage },
		},
	);
}

/** The record's ID from either version's field, checked to be a UUID before any request. */
export function readUuidId(ctx: IExecuteFunctions, record: UuidRecord, itemIndex: number): string {
	const value = readLocatorValue(ctx, ctx.getNodeParameter(record.name, itemIndex), record.label, undefined, itemIndex);
	return requireUuid(ctx, value, `${record.label} ID`, itemIndex);
}
