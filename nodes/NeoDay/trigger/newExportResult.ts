import type { INodeExecutionData, INodeProperties, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { PollingEvent } from '../../shared/polling';
import { pollDeadline } from '../../shared/polling';
import type { DownloadSettings } from '../actions/automatedExport/download';
import { hasExpired, resultItems } from '../actions/automatedExport/download';
import { convertTypesField, outputFileField } from '../actions/automatedExport/fields';
import type { AutomatedExport, ExportResult } from '../transport';
import { listExports, RESULTS_PAGE_SIZE, resultsPage } from '../transport';

const show = { event: ['newExportResult'] };

export const properties: INodeProperties[] = [
	{
		displayName: 'Exports',
		name: 'exportsToWatch',
		type: 'options',
		default: 'all',
		options: [
			{
				name: 'All Exports',
				value: 'all',
				description: 'Every export of the client, including exports NeoDay sets up later',
			},
			{
				name: 'Selected Exports',
				value: 'selected',
				description: 'Only the exports picked from the list',
			},
		],
		displayOptions: { show },
	},
	{
		displayName: 'Export Names or IDs',
		name: 'exportNames',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getExportNames' },
		default: [],
		required: true,
		description:
			'The exports whose new results fire. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		hint: "The exports' system names, e.g. win-info",
		displayOptions: { show: { ...show, exportsToWatch: ['selected'] } },
	},
	{
		displayName: 'Include Data',
		name: 'includeData',
		type: 'options',
		default: 'none',
		options: [
			{
				name: 'None',
				value: 'none',
				description: "One item per result with the result's metadata: export name, result ID, creation and expiry dates",
			},
			{
				name: 'Rows as Items',
				value: 'rows',
				description: 'One item per row of each result, e.g. one per win',
			},
			{
				name: 'File',
				value: 'file',
				description: 'One item per result, with its JSON file as binary',
			},
		],
		displayOptions: { show },
	},
	convertTypesField({ ...show, includeData: ['rows'] }),
	outputFileField({ ...show, includeData: ['file'] }),
];

/**
 * What has fired of one export: the `created_at` of its newest result, and
 * the IDs of the results with exactly that `created_at`. Timestamps have
 * second precision, so several runs can share one; the IDs tell them apart.
 */
export interface SeenResults {
	at: string;
	ids: string[];
}

/** Per export system name. */
export type ExportResultCursor = Record<string, SeenResults>;

/** More runs of one export within one second are not expected; the cap only keeps the state bounded. */
const MAX_IDS_PER_SECOND = 100;
/**
 * Exports that left the list keep their entry, so one that comes back (or a
 * list that briefly misses it) does not fire its whole history again. Past
 * this many, the ones whose last result is oldest are forgotten.
 */
const MAX_VANISHED = 50;

interface FoundResult {
	exportName: string;
	result: ExportResult;
}

function timeOf(result: Pick<ExportResult, 'created_at'>): number {
	return Date.parse(result.created_at);
}

/** Whether `result` is newer than what `seen` records. Everything is new for an export with no entry. */
function isNew(result: ExportResult, seen: SeenResults | undefined): boolean {
	if (!seen) return true;
	const time = timeOf(result);
	const at = Date.parse(seen.at);
	return time > at || (time === at && !seen.ids.includes(result.id));
}

/**
 * The results of one export newer than `seen`, oldest first. NeoDay does not
 * document the order of the results list; the gateway serves it newest first.
 * While every result read is in that order, the walk stops at the first
 * result that is not new: the last one seen, or one older than it when that
 * result has expired or been deleted. If the order is ever broken the walk
 * reads to the end and goes by the dates and IDs alone, so no result is
 * missed whatever the order.
 */
async function newResults(ctx: IPollFunctions, exportName: string, seen: SeenResults | undefined): Promise<ExportResult[]> {
	const read = new Map<string, ExportResult>();
	let newestFirst = true;
	let previous = Infinity;
	let count = 0;
	for (let page = 1; ; page++) {
		const { results, total } = await resultsPage(ctx, exportName, page, RESULTS_PAGE_SIZE);
		for (const result of results) {
			newestFirst &&= !(timeOf(result) > previous);
			previous = timeOf(result);
		}
		const stop = newestFirst && seen ? results.findIndex((result) => !isNew(result, seen)) : -1;
		// A run added during the walk shifts the pages, so a result can be read twice: keyed by ID.
		for (const result of stop === -1 ? results : results.slice(0, stop)) read.set(result.id, result);
		count += results.length;
		if (stop !== -1 || results.length === 0 || count >= total) break;
	}
	const walked = [...read.values()].filter((result) => isNew(result, seen));
	// Runs within one second keep the list's order, which is newest first unless it was seen to be otherwise.
	if (newestFirst) walked.reverse();
	return walked.sort((a, b) => timeOf(a) - timeOf(b));
}

/** `seen` moved past `fresh`, the new results of its export, oldest first. */
function advance(seen: SeenResults | undefined, fresh: ExportResult[]): SeenResults | undefined {
	let next = seen;
	for (const result of fresh) {
		if (!next || timeOf(result) > Date.parse(next.at)) {
			next = { at: result.created_at, ids: [result.id] };
		} else {
			next = { at: next.at, ids: [result.id, ...next.ids].slice(0, MAX_IDS_PER_SECOND) };
		}
	}
	return next;
}

/** Entries of exports no longer listed, newest first and capped. */
function vanished(cursor: ExportResultCursor, listed: Set<string>): ExportResultCursor {
	const gone = Object.entries(cursor).filter(([name]) => !listed.has(name));
	gone.sort(([, a], [, b]) => Date.parse(b.at) - Date.parse(a.at));
	return Object.fromEntries(gone.slice(0, MAX_VANISHED));
}

type IncludeData = 'none' | DownloadSettings['output'];

/**
 * Fires once per new result of the chosen exports. An idle poll is one
 * request: the exports list, whose `last_run` of each export is compared with
 * the cursor. Only an export whose `last_run` is new has its results walked.
 * An export with no entry in the cursor (set up after the baseline, or
 * selected before its first run) fires all its results: they are all newer
 * than the baseline.
 */
export function newExportResultEvent(ctx: IPollFunctions): PollingEvent<ExportResultCursor> {
	const watchAll = ctx.getNodeParameter('exportsToWatch', 'all') === 'all';
	const names = watchAll ? [] : (ctx.getNodeParameter('exportNames', []) as string[]);
	if (!watchAll && names.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No export selected', {
			description: 'Pick at least one export in "Export Names or IDs", or choose All Exports.',
		});
	}
	const includeData = ctx.getNodeParameter('includeData', 'none') as IncludeData;
	const settings: DownloadSettings = {
		output: includeData === 'file' ? 'file' : 'rows',
		convertTypes: includeData === 'rows' && (ctx.getNodeParameter('convertTypes', false) as boolean),
		binaryPropertyName: (includeData === 'file' && (ctx.getNodeParameter('binaryPropertyName', 'data') as string)) || 'data',
	};

	async function watchedExports(): Promise<AutomatedExport[]> {
		const exports = await listExports(ctx);
		return watchAll ? exports : exports.filter((entry) => names.includes(entry.system_name));
	}

	async function toItems(found: FoundResult[], skipExpired: boolean): Promise<INodeExecutionData[]> {
		const items: INodeExecutionData[] = [];
		for (const { exportName, result } of found) {
			if (includeData === 'none') {
				items.push({
					json: { exportName, resultId: result.id, createdAt: result.created_at, expiresAt: result.expires_at },
				});
			} else if (skipExpired && hasExpired(result)) {
				// Its file is gone for good: failing the poll would block every later result.
				ctx.logger.warn(
					`NeoDay Trigger: result ${result.id} of export "${exportName}" expired on ${result.expires_at} before it could be downloaded; skipped`,
				);
			} else {
				items.push(...(await resultItems(ctx, exportName, result, settings)));
			}
		}
		return items;
	}

	return {
		// Include Data changes what an event carries, not which events fire, so it is left out.
		filters: { event: 'newExportResult', exports: watchAll ? 'all' : [...new Set(names)].sort() },
		nothingFoundHint: watchAll
			? 'None of the exports has a result yet. Wait for a scheduled run, or ask NeoDay to run an export.'
			: `None of the exports ${names.join(', ')} has a result yet. Wait for a scheduled run, or pick other exports.`,
		async baseline() {
			const cursor: ExportResultCursor = {};
			for (const entry of await watchedExports()) {
				if (entry.last_run) cursor[entry.system_name] = { at: entry.last_run.created_at, ids: [entry.last_run.id] };
			}
			return cursor;
		},
		async poll(cursor) {
			const outOfTime = pollDeadline(ctx);
			const exports = await watchedExports();
			const next = vanished(cursor, new Set(exports.map((entry) => entry.system_name)));
			const found: FoundResult[] = [];
			let read = 0;
			for (const entry of exports) {
				const seen = cursor[entry.system_name];
				let advanced: SeenResults | undefined = seen;
				// At n8n's poll time budget the exports not yet read keep their place for the next poll; one is always read.
				if (entry.last_run && isNew(entry.last_run, seen) && (read++ === 0 || !outOfTime())) {
					const fresh = await newResults(ctx, entry.system_name, seen);
					found.push(...fresh.map((result) => ({ exportName: entry.system_name, result })));
					advanced = advance(seen, fresh);
				}
				if (advanced) next[entry.system_name] = advanced;
			}
			// Stable, so each export's results stay in their order when the exports are merged.
			found.sort((a, b) => timeOf(a.result) - timeOf(b.result));
			return { items: await toItems(found, true), cursor: next };
		},
		async latest() {
			const runs = (await watchedExports()).flatMap((entry) =>
				entry.last_run ? [{ exportName: entry.system_name, result: entry.last_run }] : [],
			);
			const newest = runs.sort((a, b) => timeOf(b.result) - timeOf(a.result)).slice(0, 1);
			return await toItems(newest, false);
		},
	};
}
