import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';
import { filtersCollection } from '../../shared/descriptions';
import type { PollingEvent, TimedEvent, TimeWindowCursor } from '../../shared/polling';
import { pollDeadline, timeWindowEvent } from '../../shared/polling';
import { EVENT_TYPE_FILTER } from '../actions/epcisEvent/fields';
import { commaList } from '../actions/query';
import { queryEvents, queryPage } from '../transport/epcis';
import { DEFAULT_LATE_WINDOW_MINUTES, lateWindowOption, MAX_SEEN, optionsOf } from './newRecord';

const epcisEvents = { event: ['newEpcisEvent'] };

export const properties: INodeProperties[] = [
	filtersCollection({ show: epcisEvents }, [
		{
			displayName: 'Business Step',
			name: 'bizSteps',
			type: 'string',
			default: '',
			placeholder: 'commissioning,shipping',
			description: 'Only events with one of these comma-separated business steps, CBV bare words or URIs (EQ_bizStep)',
		},
		EVENT_TYPE_FILTER,
	]),
	optionsOf(epcisEvents, [lateWindowOption('events')]),
];

interface Filters {
	eventTypes?: string[];
	bizSteps?: string;
}

function toEvent(event: IDataObject): TimedEvent<IDataObject> {
	// The standard has the server give every event an eventID; the whole event stands in for one that has none.
	const id = typeof event.eventID === 'string' ? event.eventID : JSON.stringify(event);
	return { id, time: Date.parse(String(event.recordTime)), data: event };
}

/**
 * Fires for each EPCIS event TrackVision records that matches the filters,
 * oldest first, on a GE_recordTime cursor: recordTime is when TrackVision
 * stored the event, so an event that happened long ago but arrives now still
 * fires. The reads ask for the standard's orderBy=recordTime, so a read cut
 * at n8n's poll budget holds the window's oldest events.
 */
export function newEpcisEvent(ctx: IPollFunctions): PollingEvent<TimeWindowCursor> {
	const filters = ctx.getNodeParameter('filters', {}) as Filters;
	const options = ctx.getNodeParameter('options', {}) as { lateWindowMinutes?: number };
	const match: IDataObject = {};
	if (filters.eventTypes?.length) match.eventType = filters.eventTypes.join('|');
	const bizSteps = commaList(filters.bizSteps);
	if (bizSteps.length) match.EQ_bizStep = bizSteps.join('|');

	return timeWindowEvent<IDataObject>({
		filters: { event: 'newEpcisEvent', match },
		options: { overlapMs: (options.lateWindowMinutes ?? DEFAULT_LATE_WINDOW_MINUTES) * 60_000, maxSeen: MAX_SEEN },
		nothingFoundHint: 'TrackVision has no EPCIS event that matches the filters yet. Capture one (TrackVision → EPCIS Event → Capture), or loosen the filters.',
		async newest() {
			const page = await queryPage(ctx, { qs: { ...match, orderBy: 'recordTime', orderDirection: 'DESC', perPage: 1 } });
			const [event] = page.events;
			return event ? toEvent(event) : undefined;
		},
		async since(from) {
			const qs = { ...match, GE_recordTime: from.toISOString(), orderBy: 'recordTime', orderDirection: 'ASC' };
			const { events } = await queryEvents(ctx, qs, undefined, undefined, pollDeadline(ctx));
			return { events: events.map(toEvent) };
		},
		async toItems(events) {
			return events.map((event) => ({ json: event.data }));
		},
	});
}
