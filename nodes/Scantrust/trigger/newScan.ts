import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';
import type { PollingEvent, TimedEvent, TimeWindowCursor } from '../../shared/polling';
import { timeWindowEvent } from '../../shared/polling';
import { buildScanQuery, scanFilterFields, scanSimplifyField, simplifyScan } from '../actions/scan/filters';
import { SCAN_PAGE_SIZE, SCANS_PATH, scantrustList } from '../transport';

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
	return timeWindowEvent<IDataObject>({
		filters: { event: 'newScan', qs },
		options: { overlapMs: lateWindowMinutes * 60_000, maxSeen: MAX_SEEN },
		nothingFoundHint: `No scan of campaign ${String(qs.campaign_id)} matches the filters yet. Scan a code of this campaign, or loosen the filters.`,
		async newest() {
			// Scantrust lists scans newest first.
			const [scan] = await scantrustList(ctx, SCANS_PATH, qs, 1);
			return scan ? toEvent(scan) : undefined;
		},
		async since(from) {
			// Cursor pages stay consistent while new scans arrive during the walk.
			const scans = await scantrustList(ctx, SCANS_PATH, { ...qs, date_from: from.toISOString(), page_mode: 'cursor' }, undefined, undefined, SCAN_PAGE_SIZE);
			return scans.map(toEvent);
		},
		async toItems(events) {
			return events.map((event) => ({ json: simplify ? simplifyScan(event.data) : event.data }));
		},
	});
}
