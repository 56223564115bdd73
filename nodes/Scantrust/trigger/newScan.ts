import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';
import type { PollingEvent, TimedEvent, TimeWindowCursor } from '../../shared/polling';
import { pollDeadline, timeWindowEvent } from '../../shared/polling';
import { buildScanQuery, scanFilterFields, scanSimplifyField, simplifyScan } from '../actions/scan/filters';
import { listScansNewestFirst, SCANS_PATH, scantrustList } from '../transport';

const show = { event: ['newScan'] };

export const properties: INodeProperties[] = [
	...scanFilterFields(show, { withTimeRange: false }),
	scanSimplifyField(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Late Scan Window (Minutes)',
				name: 'lateWindowMinutes',
				type: 'number',
				default: 15,
				typeOptions: { minValue: 0, maxValue: 1440 },
				description:
					'Scans that reach Scantrust late, stamped up to this long before the newest scan (e.g. uploaded from an offline phone), still fire once. A longer window keeps more scan IDs in the trigger state.',
			},
		],
	},
];

/**
 * Scan IDs kept to recognise scans already fired inside the window. On a
 * campaign busy enough to exceed it the window shortens instead of the state
 * growing (about 100 KB at this size).
 */
const MAX_SEEN = 2000;

function toEvent(scan: IDataObject): TimedEvent<IDataObject> {
	return { id: String(scan.uuid), time: Date.parse(String(scan.scan_timestamp ?? scan.creation_date)), data: scan };
}

/** Fires for each new scan of the campaign that matches the filters, oldest first. */
export function newScanEvent(ctx: IPollFunctions): PollingEvent<TimeWindowCursor> {
	const qs = buildScanQuery(ctx, 0, { withTimeRange: false });
	const { lateWindowMinutes = 15 } = ctx.getNodeParameter('options', {}) as { lateWindowMinutes?: number };
	const simplify = ctx.getNodeParameter('simplify', false) as boolean;
	// One budget for the whole poll, however many reads it makes.
	const outOfTime = pollDeadline(ctx);
	return timeWindowEvent<IDataObject>({
		filters: { event: 'newScan', qs },
		options: { overlapMs: lateWindowMinutes * 60_000, maxSeen: MAX_SEEN },
		nothingFoundHint: `No scan of campaign ${String(qs.campaign_id)} matches the filters yet. Scan a code of this campaign, or loosen the filters.`,
		async newest() {
			// Scantrust lists scans newest first.
			const [scan] = await scantrustList(ctx, SCANS_PATH, qs, 1);
			return scan ? toEvent(scan) : undefined;
		},
		async since(from, to) {
			// Up to the whole second after `to`: Scantrust may compare at second precision (why `date_from` is rounded down too).
			const until = to && new Date((Math.floor(to.getTime() / 1000) + 1) * 1000);
			const range = { date_from: from.toISOString(), ...(until ? { date_to: until.toISOString() } : {}) };
			// Past the budget a read below `to` still needs one page that gets under it, or the span would stall.
			const reachedBelow = (page: IDataObject[]) => !to || page.some((scan) => toEvent(scan).time < to.getTime());
			const { scans, stoppedEarly } = await listScansNewestFirst(ctx, { ...qs, ...range }, (page) => outOfTime() && reachedBelow(page));
			return { events: scans.map(toEvent), stoppedEarly };
		},
		async toItems(events) {
			return events.map((event) => ({ json: simplify ? simplifyScan(event.data) : event.data }));
		},
	});
}
