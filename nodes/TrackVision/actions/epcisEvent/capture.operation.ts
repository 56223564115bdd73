import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import { requireInteger, requireJsonObject } from '../../../shared/validation';
import type { CaptureErrorBehaviour } from '../../transport/epcis';
import { captureDocument } from '../../transport/epcis';
import { readItem as readRecord } from '../../transport';
import type { InputMode } from './fields';
import { buildEvent, CONTEXT_OPTION, contextOf, documentOf, eventFields, inputModeField, readDocument, readEventList } from './fields';

const show = { resource: ['epcisEvent'], operation: ['capture'] };

/** Events per capture request unless the user says otherwise; TrackVision's pages give no limit. */
export const DEFAULT_EVENTS_PER_DOCUMENT = 100;
const MAX_EVENTS_PER_DOCUMENT = 10_000;
export const DEFAULT_WAIT_SECONDS = 120;

export const description: INodeProperties[] = [
	inputModeField(show),
	...eventFields(show),
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		displayOptions: { show },
		description: 'Whether to follow each capture job until TrackVision has finished it, and output whether it succeeded and its errors',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Capture Error Behaviour',
				name: 'captureErrorBehaviour',
				type: 'options',
				default: '',
				options: [
					{ name: 'TrackVision Default', value: '', description: 'Send no GS1-Capture-Error-Behaviour header' },
					{ name: 'Rollback', value: 'rollback', description: 'All or nothing: one bad event rejects the whole document' },
					{ name: 'Proceed', value: 'proceed', description: 'Store every event that can be stored, and report the others' },
				],
				description: 'What TrackVision does with a document in which some events fail (the GS1-Capture-Error-Behaviour header)',
			},
			CONTEXT_OPTION,
			{
				displayName: 'Events per Document',
				name: 'eventsPerDocument',
				type: 'number',
				default: DEFAULT_EVENTS_PER_DOCUMENT,
				typeOptions: { minValue: 1, maxValue: MAX_EVENTS_PER_DOCUMENT },
				description: 'Most events sent in one capture request. Items are grouped in order; a larger document is split.',
			},
			{
				displayName: 'Wait Timeout (Seconds)',
				name: 'waitSeconds',
				type: 'number',
				default: DEFAULT_WAIT_SECONDS,
				typeOptions: { minValue: 1, maxValue: 3600 },
				displayOptions: { show: { '/waitForCompletion': [true] } },
				description: 'How long to follow the capture jobs in all. A job still running then is output with "finished": false.',
			},
		],
	},
];

interface Options {
	captureErrorBehaviour?: CaptureErrorBehaviour | '';
	context?: string | IDataObject;
	eventsPerDocument?: number;
	waitSeconds?: number;
}

/** One capture request: its document and, for each event, the item it came from. */
interface Batch {
	document: IDataObject;
	itemIndexes: number[];
	captureId?: string;
	error?: Error;
}

/** An item's events, read and checked before any request. */
interface ItemEvents {
	itemIndex: number;
	events: IDataObject[];
	/** A whole document given as input, whose envelope (@context, header) is kept. */
	document?: IDataObject;
}

function readItemEvents(ctx: IExecuteFunctions, mode: InputMode, itemIndex: number, context: Array<string | IDataObject>): ItemEvents {
	if (mode === 'document') {
		const document = readDocument(ctx, itemIndex);
		return { itemIndex, events: (document.epcisBody as IDataObject).eventList as IDataObject[], document };
	}
	if (mode === 'events') return { itemIndex, events: readEventList(ctx, itemIndex) };
	return { itemIndex, events: [buildEvent(ctx, itemIndex, context)] };
}

function chunks<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let start = 0; start < list.length; start += size) out.push(list.slice(start, start + size));
	return out;
}

/**
 * The capture requests, in input order. A given document keeps its own
 * envelope and is split when it holds more than `size` events; events built
 * from fields or given as lists share documents across items.
 */
function batchesOf(items: ItemEvents[], size: number, context: Array<string | IDataObject>): Batch[] {
	const batches: Batch[] = [];
	let pending: Array<{ event: IDataObject; itemIndex: number }> = [];
	const flush = () => {
		for (const part of chunks(pending, size)) {
			batches.push({ document: documentOf(part.map((entry) => entry.event), context), itemIndexes: part.map((entry) => entry.itemIndex) });
		}
		pending = [];
	};
	for (const item of items) {
		if (item.document) {
			flush();
			const body = item.document.epcisBody as IDataObject;
			for (const part of chunks(item.events, size)) {
				batches.push({ document: { ...item.document, epcisBody: { ...body, eventList: part } }, itemIndexes: part.map(() => item.itemIndex) });
			}
			continue;
		}
		for (const event of item.events) pending.push({ event, itemIndex: item.itemIndex });
	}
	flush();
	return batches;
}

/** Directus answers 403 for an ID it has no record of (a 404 is also taken so): a job not listed yet. */
const isNotListedYet = (error: unknown) => error instanceof NodeApiError && (error.httpCode === '403' || error.httpCode === '404');

/** The node's own error for one item; NodeApiError and NodeOperationError hand back an error that already is one. */
function itemError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError) return new NodeApiError(ctx.getNode(), error as unknown as JsonObject, { itemIndex });
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/**
 * Follows capture jobs on /items/epcis_capture until none is running or the
 * time is up. A job TrackVision does not list yet is asked again; as Directus
 * answers 403 for it, a role that may not read epcis_capture waits in vain,
 * and its jobs come out with `running: null`.
 */
async function waitForJobs(ctx: IExecuteFunctions, ids: string[], timeoutMs: number, itemIndex: number): Promise<Map<string, IDataObject | undefined>> {
	const jobs = new Map<string, IDataObject | undefined>(ids.map((id) => [id, undefined]));
	const deadline = Date.now() + timeoutMs;
	let pause = 250;
	for (;;) {
		for (const id of ids) {
			if (jobs.get(id)?.running === false) continue;
			try {
				jobs.set(id, await readRecord(ctx, 'epcis_capture', id, {}, itemIndex));
			} catch (error) {
				if (!isNotListedYet(error)) throw itemError(ctx, error, itemIndex);
			}
		}
		const open = ids.filter((id) => jobs.get(id)?.running !== false);
		if (!open.length || Date.now() + pause > deadline) return jobs;
		await sleep(pause);
		pause = Math.min(pause * 2, 5000);
	}
}

function errorsOf(job: IDataObject | undefined): string[] {
	const errors = job?.errors;
	if (errors === undefined || errors === null || errors === '') return [];
	return (Array.isArray(errors) ? errors : [errors]).map((error) => (typeof error === 'string' ? error : JSON.stringify(error)));
}

/**
 * Captures the events of all items, in documents of up to N events. Every
 * item is read and checked first, so bad input stops the node before any
 * request. Each output item belongs to its input item: the IDs of its events,
 * its capture jobs and, when waiting, their outcome.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const mode = this.getNodeParameter('input', 0, 'fields') as InputMode;
	const options = this.getNodeParameter('options', 0, {}) as Options;
	const size = requireInteger(this, options.eventsPerDocument ?? DEFAULT_EVENTS_PER_DOCUMENT, 'Events per Document', 0, 1, MAX_EVENTS_PER_DOCUMENT);
	const context = contextOf(requireJsonObject(this, options.context, 'Context (JSON)', 0));
	const wait = this.getNodeParameter('waitForCompletion', 0, true) as boolean;
	const waitSeconds = requireInteger(this, options.waitSeconds ?? DEFAULT_WAIT_SECONDS, 'Wait Timeout (Seconds)', 0, 1, 3600);

	const failures = new Map<number, Error>();
	const read: ItemEvents[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			read.push(readItemEvents(this, mode, itemIndex, context));
		} catch (error) {
			if (!continueOnFail) throw itemError(this, error, itemIndex);
			failures.set(itemIndex, error as Error);
		}
	}

	const batches = batchesOf(read, size, context);
	for (const batch of batches) {
		const first = batch.itemIndexes[0];
		try {
			batch.captureId = (await captureDocument(this, batch.document, options.captureErrorBehaviour || undefined, first)).captureId;
		} catch (error) {
			if (!continueOnFail) throw itemError(this, error, first);
			batch.error = error as Error;
		}
	}

	const ids = [...new Set(batches.map((batch) => batch.captureId).filter((id): id is string => id !== undefined))];
	const jobs = wait && ids.length ? await waitForJobs(this, ids, waitSeconds * 1000, 0) : new Map<string, IDataObject | undefined>();

	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const own = batches.filter((batch) => batch.itemIndexes.includes(itemIndex));
		const failure = failures.get(itemIndex) ?? own.find((batch) => batch.error)?.error;
		if (failure) {
			returnData.push({
				json: { error: failure.message, description: (failure as { description?: string }).description },
				pairedItem: { item: itemIndex },
			});
			continue;
		}
		const events = read.find((item) => item.itemIndex === itemIndex)?.events ?? [];
		const captureJobIds = [...new Set(own.map((batch) => batch.captureId).filter((id): id is string => id !== undefined))];
		const json: IDataObject = {
			eventCount: events.length,
			eventIDs: events.map((event) => event.eventID).filter((id) => typeof id === 'string'),
			captureJobIds,
		};
		if (wait) {
			const found = captureJobIds.map((id) => jobs.get(id));
			const finished = found.length > 0 && found.every((job) => job?.running === false);
			json.finished = finished;
			json.success = finished ? found.every((job) => job?.success === true) : null;
			json.errors = found.flatMap(errorsOf);
			json.captureJobs = found.map((job, index) => job ?? { id: captureJobIds[index], running: null });
		}
		returnData.push({ json, pairedItem: { item: itemIndex } });
	}
	return [returnData];
}

