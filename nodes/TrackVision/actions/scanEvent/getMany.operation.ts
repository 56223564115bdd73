import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { filtersCollection, readLimit, returnAllOrLimit, toItems } from '../../../shared/descriptions';
import { buildListQuery, commaList, CREATED_RANGE_FILTERS, createdRangeFilters, dateRangeFilters, listOptions, valueFilter } from '../query';
import { listItems } from '../../transport';
import { scanEventSimplifyField, simplifyScanEvent } from './fields';
import { readSimplify } from '../../../shared/simplify';

const show = { resource: ['scanEvent'], operation: ['getMany'] };

/**
 * The vendor page gives examples of these fields' values ("qr_scan,
 * digital_link, etc.") rather than a closed list, so they are free text.
 */
function textListFilter(displayName: string, name: string, placeholder: string, description: string): INodeProperties {
	return { displayName, name, type: 'string', default: '', placeholder, description };
}

export const description: INodeProperties[] = [
	...returnAllOrLimit({ show }),
	filtersCollection({ show }, [
		textListFilter('Country', 'countries', 'France,Germany', 'Comma-separated countries where the scan occurred, as TrackVision records them'),
		...CREATED_RANGE_FILTERS,
		textListFilter('Device Type', 'deviceTypes', 'mobile,tablet', 'Comma-separated device types, e.g. mobile, tablet or desktop'),
		textListFilter('Event Type', 'eventTypes', 'qr_scan', 'Comma-separated scan event types, e.g. qr_scan or digital_link'),
		textListFilter('Link Type', 'linkTypes', 'pip', 'Comma-separated Digital Link types accessed, e.g. pip or traceability'),
		{
			displayName: 'Scanned After',
			name: 'scannedAfter',
			type: 'dateTime',
			default: '',
			description: 'Only scans that occurred after this moment (scan_date)',
		},
		{
			displayName: 'Scanned Before',
			name: 'scannedBefore',
			type: 'dateTime',
			default: '',
			description: 'Only scans that occurred before this moment (scan_date)',
		},
	]),
	listOptions(show),
	scanEventSimplifyField('getMany'),
];

interface ScanEventFilters {
	countries?: string;
	deviceTypes?: string;
	eventTypes?: string;
	linkTypes?: string;
	createdAfter?: string;
	createdBefore?: string;
	scannedAfter?: string;
	scannedBefore?: string;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as ScanEventFilters;
	const qs = buildListQuery(this, itemIndex, [
		valueFilter('event_type', commaList(filters.eventTypes)),
		valueFilter('link_type', commaList(filters.linkTypes)),
		valueFilter('device_type', commaList(filters.deviceTypes)),
		valueFilter('country', commaList(filters.countries)),
		...dateRangeFilters(this, 'scan_date', ['Scanned After', 'Scanned Before'], filters.scannedAfter, filters.scannedBefore, itemIndex),
		...createdRangeFilters(this, filters, itemIndex),
	]);
	const scanEvents = await listItems(this, 'scan_event', qs, readLimit(this, itemIndex), itemIndex);
	const simplify = readSimplify(this, itemIndex);
	return toItems(simplify ? scanEvents.map(simplifyScanEvent) : scanEvents);
}
