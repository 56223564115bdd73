import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { filtersCollection, readLimit, returnAllOrLimit, toItems } from '../../../shared/descriptions';
import { invalidField, requireDate } from '../../../shared/validation';
import { queryEvents } from '../../transport/epcis';
import { commaList } from '../query';
import { ACTIONS, EVENT_TYPE_FILTER } from './fields';

const show = { resource: ['epcisEvent'], operation: ['getMany'] };

function timeFilter(displayName: string, name: string, description: string): INodeProperties {
	return { displayName, name, type: 'dateTime', default: '', description };
}

function listFilter(displayName: string, name: string, placeholder: string, description: string): INodeProperties {
	return { displayName, name, type: 'string', default: '', ...(placeholder ? { placeholder } : {}), description };
}

function quantityFilter(displayName: string, name: string, description: string): INodeProperties {
	return { displayName, name, type: 'number', default: 0, description };
}

/**
 * The filters are the query parameters TrackVision's "Querying Events" page
 * marks as supported; each maps to the standard parameter of the same meaning.
 */
export const QUERY_FILTERS: Array<{ filter: string; parameter: string; kind: 'time' | 'list' | 'number' }> = [
	{ filter: 'eventTypes', parameter: 'eventType', kind: 'list' },
	{ filter: 'eventTimeFrom', parameter: 'GE_eventTime', kind: 'time' },
	{ filter: 'eventTimeBefore', parameter: 'LT_eventTime', kind: 'time' },
	{ filter: 'recordTimeFrom', parameter: 'GE_recordTime', kind: 'time' },
	{ filter: 'recordTimeBefore', parameter: 'LT_recordTime', kind: 'time' },
	{ filter: 'actions', parameter: 'EQ_action', kind: 'list' },
	{ filter: 'bizSteps', parameter: 'EQ_bizStep', kind: 'list' },
	{ filter: 'dispositions', parameter: 'EQ_disposition', kind: 'list' },
	{ filter: 'readPoints', parameter: 'EQ_readPoint', kind: 'list' },
	{ filter: 'readPointsWithDescendants', parameter: 'WD_readPoint', kind: 'list' },
	{ filter: 'quantityEquals', parameter: 'EQ_quantity', kind: 'number' },
	{ filter: 'quantityGreaterThan', parameter: 'GT_quantity', kind: 'number' },
	{ filter: 'quantityAtLeast', parameter: 'GE_quantity', kind: 'number' },
	{ filter: 'quantityLessThan', parameter: 'LT_quantity', kind: 'number' },
	{ filter: 'quantityAtMost', parameter: 'LE_quantity', kind: 'number' },
];

export const description: INodeProperties[] = [
	...returnAllOrLimit({ show }),
	filtersCollection({ show }, [
		{
			displayName: 'Action',
			name: 'actions',
			type: 'multiOptions',
			default: [],
			options: ACTIONS.map((value) => ({ name: value, value })),
			description: 'Only events with one of these actions (EQ_action)',
		},
		listFilter('Business Step', 'bizSteps', 'commissioning,shipping', 'Comma-separated business steps, CBV bare words or URIs (EQ_bizStep)'),
		listFilter('Disposition', 'dispositions', 'active,in_transit', 'Comma-separated dispositions, CBV bare words or URIs (EQ_disposition)'),
		timeFilter('Event Time Before', 'eventTimeBefore', 'Only events that happened before this moment (LT_eventTime)'),
		timeFilter('Event Time From', 'eventTimeFrom', 'Only events that happened at or after this moment (GE_eventTime)'),
		EVENT_TYPE_FILTER,
		quantityFilter('Quantity At Least', 'quantityAtLeast', 'Only events with a quantity of at least this (GE_quantity)'),
		quantityFilter('Quantity At Most', 'quantityAtMost', 'Only events with a quantity of at most this (LE_quantity)'),
		quantityFilter('Quantity Equals', 'quantityEquals', 'Only events with exactly this quantity (EQ_quantity)'),
		quantityFilter('Quantity Greater Than', 'quantityGreaterThan', 'Only events with a quantity above this (GT_quantity)'),
		quantityFilter('Quantity Less Than', 'quantityLessThan', 'Only events with a quantity below this (LT_quantity)'),
		listFilter('Read Point', 'readPoints', '', 'Comma-separated read points, SGLN URIs or GS1 Digital Links (EQ_readPoint)'),
		listFilter('Read Point or Below', 'readPointsWithDescendants', '', 'Comma-separated read points; events at them or at locations inside them (WD_readPoint)'),
		timeFilter('Record Time Before', 'recordTimeBefore', 'Only events TrackVision recorded before this moment (LT_recordTime)'),
		timeFilter('Record Time From', 'recordTimeFrom', 'Only events TrackVision recorded at or after this moment (GE_recordTime)'),
	]),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Other Query Parameters',
				name: 'parameters',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Parameter',
				description: 'More EPCIS 2.0 query parameters, sent as they are, e.g. MATCH_epc or EQ_bizLocation. TrackVision adds parameters on request; check that yours is supported.',
				options: [
					{
						displayName: 'Parameter',
						name: 'parameter',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'MATCH_epc' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'The value; several values are separated by |, as the standard writes lists' },
						],
					},
				],
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				default: 'events',
				options: [
					{ name: 'One Item per Event', value: 'events' },
					{ name: 'Raw Query Documents', value: 'documents', description: 'One item per page: the EPCISQueryDocument as TrackVision answered it' },
				],
			},
		],
	},
];

type Filters = Record<string, string | string[] | number | undefined>;

/** The query string of the filters: lists joined by |, as the standard's pipe-delimited parameters are. */
export function epcisQuery(ctx: IExecuteFunctions, filters: Filters, itemIndex: number): IDataObject {
	const qs: IDataObject = {};
	for (const { filter, parameter, kind } of QUERY_FILTERS) {
		const value = filters[filter];
		if (value === undefined || value === '' || (Array.isArray(value) && !value.length)) continue;
		if (kind === 'time') qs[parameter] = requireDate(ctx, value, parameter, itemIndex).toISOString();
		else if (kind === 'number') qs[parameter] = value;
		else {
			const list = Array.isArray(value) ? value : commaList(value);
			if (list.length) qs[parameter] = list.join('|');
		}
	}
	return qs;
}

interface Options {
	output?: 'events' | 'documents';
	parameters?: { parameter?: Array<{ name?: string; value?: string }> };
}

/** Queries events with the filters and the extra parameters, through the standard's pagination. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as Filters;
	const options = this.getNodeParameter('options', itemIndex, {}) as Options;
	const qs = epcisQuery(this, filters, itemIndex);
	for (const { name, value } of options.parameters?.parameter ?? []) {
		const key = String(name ?? '').trim();
		if (!key) continue;
		if (key in qs || key === 'perPage' || key === 'nextPageToken') {
			throw invalidField(this, 'Other Query Parameters', itemIndex, `"${key}" is set by the node`, 'Set it with its filter, or remove it here; the node pages through the results itself.');
		}
		qs[key] = String(value ?? '');
	}
	const result = await queryEvents(this, qs, readLimit(this, itemIndex), itemIndex);
	return toItems(options.output === 'documents' ? result.documents : result.events);
}
