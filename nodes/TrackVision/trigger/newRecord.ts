import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';
import type { PollingEvent, TimedEvent, TimeWindowCursor } from '../../shared/polling';
import { pollDeadline, timeWindowEvent } from '../../shared/polling';
import { SIMPLE_CHECK_FIELDS, simplifyCheck } from '../actions/integrityCheck/fields';
import { RESULT_OUTCOME_FILTER, resultStatusFilter, SIMPLE_RESULT_FIELDS, simplifyResult } from '../actions/integrityCheckResult/fields';
import { SIMPLE_SCAN_EVENT_FIELDS, simplifyScanEvent } from '../actions/scanEvent/fields';
import { simplifyField } from '../../shared/simplify';
import {
	checkResultFilter,
	combineFilters,
	fieldsParameter,
	INCLUDE_RESULT_OPTION,
	RESULT_OPTIONS,
	valueFilter,
} from '../actions/query';
import type { Collection } from '../transport';
import { listItems, PAGE_SIZE } from '../transport';
import { filtersCollection } from '../../shared/descriptions';

export type TrackVisionEvent = 'newIntegrityCheck' | 'newIntegrityCheckResult' | 'newScanEvent';

const checks = { event: ['newIntegrityCheck'] };
const results = { event: ['newIntegrityCheckResult'] };
const scanEvents = { event: ['newScanEvent'] };

export const DEFAULT_LATE_WINDOW_MINUTES = 5;

export function lateWindowOption(records: string): INodeProperties {
	return {
		displayName: 'Late Record Window (Minutes)',
		name: 'lateWindowMinutes',
		type: 'number',
		default: DEFAULT_LATE_WINDOW_MINUTES,
		typeOptions: { minValue: 0, maxValue: 1440 },
		description: `New ${records} that become visible late, stamped up to this long before the newest one (e.g. saved in a slow transaction), still fire once. 0 only guards against ${records} sharing the newest timestamp. A longer window keeps more IDs in the trigger state.`,
	};
}

/** Each event's Options collection. */
export function optionsOf(show: { event: string[] }, options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, displayOptions: { show }, options };
}

export const properties: INodeProperties[] = [
	simplifyField(checks, SIMPLE_CHECK_FIELDS, [2]),
	simplifyField(results, SIMPLE_RESULT_FIELDS, [2]),
	simplifyField(scanEvents, SIMPLE_SCAN_EVENT_FIELDS, [2]),
	filtersCollection({ show: checks }, [
		{
			displayName: 'Exclude Results',
			name: 'excludeResults',
			type: 'multiOptions',
			default: [],
			options: RESULT_OPTIONS,
			description:
				'Skip checks whose result is one of these, e.g. OK to hear only about suspicious checks. A check that has no result yet does not match.',
		},
		{
			displayName: 'Result',
			name: 'results',
			type: 'multiOptions',
			default: [],
			options: RESULT_OPTIONS,
			description: 'Only checks whose result is one of these. A check that has no result yet does not match.',
		},
	]),
	filtersCollection({ show: results }, [
		{
			displayName: 'Exclude Results',
			name: 'excludeResults',
			type: 'multiOptions',
			default: [],
			options: RESULT_OPTIONS,
			description: 'Skip results with one of these outcomes, e.g. OK to hear only about suspicious ones',
		},
		RESULT_OUTCOME_FILTER,
		resultStatusFilter('Only results in one of these review states when the trigger first sees them'),
	]),
	optionsOf(checks, [INCLUDE_RESULT_OPTION, lateWindowOption('checks')]),
	optionsOf(results, [lateWindowOption('results')]),
	optionsOf(scanEvents, [lateWindowOption('scan events')]),
];

const filtered = (records: string) => `No ${records} matches the filters yet. Create one in TrackVision, or loosen the filters.`;

const COLLECTIONS: Record<TrackVisionEvent, { collection: Collection; nothingFoundHint: string }> = {
	newIntegrityCheck: { collection: 'integrity_check', nothingFoundHint: filtered('integrity check') },
	newIntegrityCheckResult: { collection: 'integrity_check_result', nothingFoundHint: filtered('integrity check result') },
	// The cursor runs on date_created, when the record reached TrackVision, like the other events: scan_date is when the
	// phone scanned, which can be long before the record arrives.
	newScanEvent: {
		collection: 'scan_event',
		nothingFoundHint: "TrackVision has no scan event yet. Open one of your products' Digital Links (scan its code), then try again.",
	},
};

const SIMPLIFIED: Record<TrackVisionEvent, (record: IDataObject) => IDataObject> = {
	newIntegrityCheck: simplifyCheck,
	newIntegrityCheckResult: simplifyResult,
	newScanEvent: simplifyScanEvent,
};

/**
 * IDs kept to recognise records already fired inside the window, about 110 KB
 * of state at most. When more records than this share the window it
 * shortens instead of the state growing.
 */
export const MAX_SEEN = 2000;

interface Filters {
	results?: string[];
	excludeResults?: string[];
	statuses?: string[];
}

interface Options {
	includeResult?: boolean;
	lateWindowMinutes?: number;
}

function toEvent(record: IDataObject): TimedEvent<IDataObject> {
	return { id: String(record.id), time: Date.parse(String(record.date_created)), data: record };
}

/** Fires for each new record of the event's collection that matches the filters, oldest first. */
export function newRecordEvent(ctx: IPollFunctions, event: TrackVisionEvent): PollingEvent<TimeWindowCursor> {
	const { collection, nothingFoundHint } = COLLECTIONS[event];
	const filters = ctx.getNodeParameter('filters', {}) as Filters;
	const options = ctx.getNodeParameter('options', {}) as Options;
	const simplify = ctx.getNodeParameter('simplify', false) as boolean;
	const simplified = SIMPLIFIED[event];
	const onOutcome = event === 'newIntegrityCheck' ? checkResultFilter : (condition: IDataObject) => condition;
	// Scan events have no outcome to filter on; filters left over from another event must not apply to them.
	const conditions =
		event === 'newScanEvent'
			? []
			: [
					onOutcome(valueFilter('result', filters.results ?? [])),
					onOutcome(valueFilter('result', filters.excludeResults ?? [], true)),
					event === 'newIntegrityCheckResult' ? valueFilter('status', filters.statuses ?? []) : {},
				];
	const fields = fieldsParameter('', event === 'newIntegrityCheck' && options.includeResult === true);
	const query = (extra: IDataObject, sort: string): IDataObject => {
		const filter = combineFilters([...conditions, extra]);
		return { ...(filter ? { filter: JSON.stringify(filter) } : {}), sort, ...(fields ? { fields } : {}) };
	};

	return timeWindowEvent<IDataObject>({
		filters: { event, filter: combineFilters(conditions) ?? {} },
		options: { overlapMs: (options.lateWindowMinutes ?? DEFAULT_LATE_WINDOW_MINUTES) * 60_000, maxSeen: MAX_SEEN },
		nothingFoundHint,
		async newest() {
			// PostgreSQL sorts nulls first in descending order: a row without a date must not become the newest.
			const [record] = await listItems(ctx, collection, query({ date_created: { _nnull: true } }, '-date_created'), 1);
			return record ? toEvent(record) : undefined;
		},
		async since(from) {
			// The ID breaks ties, so records sharing a timestamp keep their order between pages. Oldest first, a read
			// cut at n8n's poll time budget holds the window's oldest records, and the next poll goes on from there.
			const qs = query({ date_created: { _gte: from.toISOString() } }, 'date_created,id');
			const found = await listItems(ctx, collection, qs, undefined, undefined, PAGE_SIZE, pollDeadline(ctx));
			return { events: found.map(toEvent) };
		},
		async toItems(events) {
			return events.map((item) => ({ json: simplify ? simplified(item.data) : item.data }));
		},
	});
}
