import type { IDataObject, INodeExecutionData, INodeProperties, IPollFunctions } from 'n8n-workflow';
import type { PollingEvent } from '../../shared/polling';
import { pollDeadline } from '../../shared/polling';
import { codesItem } from '../actions/workorder/downloadCodes.operation';
import { SIMPLE_WORKORDER_FIELDS, simplifyWorkorder } from '../actions/workorder/fields';
import { simplifyField } from '../../shared/simplify';
import { PAGE_SIZE, scantrustRequest } from '../transport';
import { filtersCollection } from '../../shared/descriptions';

const show = { event: ['workorderCompleted'] };

export const properties: INodeProperties[] = [
	simplifyField(show, SIMPLE_WORKORDER_FIELDS, [2]),
	filtersCollection({ show }, [
		{
			displayName: 'Include Archived',
			name: 'includeArchived',
			type: 'boolean',
			default: false,
			description: 'Whether to also watch archived workorders',
		},
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			description: 'Only workorders whose reference or remarks contain this text',
		},
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
				displayName: 'Download Codes',
				name: 'downloadCodes',
				type: 'boolean',
				default: false,
				description: 'Whether to attach the codes zip of each workorder as binary data',
			},
			{
				displayName: 'Put Codes File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'The binary field that holds the zip when Download Codes is on',
			},
			{
				displayName: 'Wait for Completion (Days)',
				name: 'maxPendingDays',
				type: 'number',
				default: 30,
				typeOptions: { minValue: 1, maxValue: 365 },
				description:
					'How long after its creation a workorder is still awaited. Unfinished workorders older than this are no longer checked, which keeps every poll small.',
			},
		],
	},
];

/** The order the workorder list was seen in: by ID, newest or oldest first. */
export type ListOrder = 'newestFirst' | 'oldestFirst';

/**
 * `highest` is the highest workorder ID the trigger has looked at; `pending`
 * the IDs at or below it that were not complete yet. Anything above `highest`
 * is new, so the state is the pending set plus one number. For a list served
 * oldest first, `order` and `count` say where its newest end was, so the next
 * poll starts there.
 */
export interface WorkorderCursor {
	highest: number;
	pending: number[];
	order?: ListOrder;
	count?: number;
	/** Workorders above `highest` that already fired, after a poll stopped before it read down to `highest`. */
	fired?: number[];
	/** Where a newest-first walk that ran out of time stopped, and the list's length then: the next poll carries on there. */
	resume?: { offset: number; count: number };
}

const WORKORDERS = '/api/v2/workorders/';
/** An idle poll reads this one page, and needs only its first workorder. */
const FIRST_PAGE_SIZE = 100;
/** More unfinished workorders than this in the waiting period are not expected; past it the oldest stop being awaited. */
const MAX_PENDING = 1000;
const DAY_MS = 86_400_000;

interface WorkorderPage {
	count?: number;
	results?: IDataObject[];
	next?: string | null;
}

function idOf(workorder: IDataObject): number {
	return Number(workorder.id);
}

function isCompleted(workorder: IDataObject): boolean {
	return workorder.state === 'completed' && typeof workorder.codegen_file === 'string' && workorder.codegen_file !== '';
}

/** A workorder with no readable creation date is awaited: missing an event is worse than one more ID in the state. */
function isTooOld(workorder: IDataObject, cutoff: number): boolean {
	return Date.parse(String(workorder.creation_date)) < cutoff;
}

function isNewestFirst(page: IDataObject[]): boolean {
	return page.every((workorder, index) => index === 0 || idOf(page[index - 1]) > idOf(workorder));
}

function isOldestFirst(page: IDataObject[]): boolean {
	return page.every((workorder, index) => index === 0 || idOf(page[index - 1]) < idOf(workorder));
}

interface Walk {
	listed: Map<number, IDataObject>;
	order?: ListOrder;
	count?: number;
	/** The walk stopped at n8n's poll time budget before it read far enough. */
	cut?: boolean;
	resume?: { offset: number; count: number };
	/** The walk jumped over what a walk cut short had read: workorders awaited there were not listed again. */
	resumed?: boolean;
}

/**
 * Reads the workorder list from its newest end until `farEnough` says a page
 * reached back far enough. Scantrust serves it newest ID first; a list served
 * oldest first is read from its end (`known` says where that was last time),
 * so an idle poll is one request either way. Pages after the first ask for
 * the largest size, with offsets counting what was actually returned, so a
 * server that clamps the size leaves no gap. Workorders created during the
 * walk push others along, so some are read twice: the result is keyed by ID.
 * The order is an observation, not a documented promise: a page in neither
 * order makes the walk read the whole list rather than stop early and miss
 * workorders.
 */
async function walk(
	ctx: IPollFunctions,
	qs: IDataObject,
	farEnough: (page: IDataObject[]) => boolean,
	known: { order?: ListOrder; count?: number; resume?: { offset: number; count: number } } = {},
	outOfTime: () => boolean = () => false,
): Promise<Walk> {
	const listed = new Map<number, IDataObject>();
	const read = async (offset: number, limit: number) => {
		const page = await scantrustRequest<WorkorderPage>(ctx, 'GET', WORKORDERS, { qs: { ...qs, limit, offset } });
		const items = page.results ?? [];
		for (const workorder of items) listed.set(idOf(workorder), workorder);
		return { items, count: page.count, next: page.next ?? undefined };
	};
	/** Everything in [from, to), in as many requests as the server's page size needs. */
	const readRange = async (from: number, to: number) => {
		const items: IDataObject[] = [];
		while (from < to) {
			const page = await read(from, Math.min(PAGE_SIZE, to - from));
			if (page.items.length === 0) break;
			items.push(...page.items);
			from += page.items.length;
		}
		return items;
	};
	const readToEnd = async (offset: number): Promise<Walk> => {
		for (;;) {
			const page = await read(offset, PAGE_SIZE);
			offset += page.items.length;
			if (!page.next || page.items.length === 0) return { listed };
		}
	};
	/** Oldest first: the newest end is at `count`; read from there to the end, then back until far enough. */
	const fromEnd = async (count: number): Promise<Walk | undefined> => {
		let low = Math.max(0, count - 1);
		let page = await read(low, FIRST_PAGE_SIZE);
		if (page.items.length === 0 && low > 0) {
			// The list shrank: start again from its new end.
			low = Math.max(0, (page.count ?? 0) - 1);
			page = await read(low, FIRST_PAGE_SIZE);
		}
		if (!isOldestFirst(page.items)) return undefined;
		let lowest = page.items;
		let total = page.count;
		for (let offset = low + page.items.length; page.next && page.items.length > 0; offset += page.items.length) {
			page = await read(offset, PAGE_SIZE);
			if (!isOldestFirst(page.items)) return undefined;
			total = page.count ?? total;
		}
		while (low > 0 && !farEnough(lowest)) {
			if (outOfTime()) return { listed, order: 'oldestFirst', count: total, cut: true };
			const from = Math.max(0, low - PAGE_SIZE);
			lowest = await readRange(from, low);
			if (!isOldestFirst(lowest)) return undefined;
			low = from;
		}
		return { listed, order: 'oldestFirst', count: total };
	};

	if (known.order === 'oldestFirst' && known.count !== undefined) {
		const fromTheEnd = await fromEnd(known.count);
		return fromTheEnd ?? (await readToEnd(0));
	}
	const first = await read(0, FIRST_PAGE_SIZE);
	if (!isNewestFirst(first.items) && isOldestFirst(first.items) && first.count !== undefined) {
		if (!first.next) return { listed, order: 'oldestFirst', count: first.count };
		const fromTheEnd = await fromEnd(first.count);
		return fromTheEnd ?? (await readToEnd(first.items.length));
	}
	let ordered = isNewestFirst(first.items);
	let page = first;
	let offset = first.items.length;
	// After a walk cut short, the part it read has moved down by the workorders added since (fewer if some were
	// deleted, which only makes the walk read a little twice): read the new ones, then carry on below that part.
	const added = known.resume && first.count !== undefined ? Math.max(0, first.count - known.resume.count) : undefined;
	let resumed = false;
	let pagesAfterFirst = 0;
	while (page.next && page.items.length > 0 && !(ordered && farEnough(page.items))) {
		// At least one page past where the last walk stopped, so polls cut short still move on.
		if (ordered && pagesAfterFirst > 0 && outOfTime()) {
			return { listed, order: 'newestFirst', cut: true, resume: { offset, count: first.count ?? 0 }, resumed };
		}
		if (ordered && !resumed && known.resume && added !== undefined && offset >= added) {
			offset = Math.max(offset, known.resume.offset + added);
			resumed = true;
		}
		page = await read(offset, PAGE_SIZE);
		pagesAfterFirst++;
		ordered &&= isNewestFirst(page.items);
		offset += page.items.length;
	}
	if (!ordered) return resumed ? await readToEnd(0) : { listed };
	return { listed, order: 'newestFirst', resumed };
}

function listQuery(filters: { includeArchived?: boolean; search?: string }): IDataObject {
	const qs: IDataObject = {};
	if (!filters.includeArchived) qs.is_archived = 0;
	if (filters.search) qs.search = filters.search;
	return qs;
}

/**
 * Fires once per workorder that reaches `state == "completed"` with a
 * `codegen_file`. Pending workorders are re-checked through the list, not
 * through GET /api/v2/workorders/{id}/: the list is the endpoint the vendor
 * documents for checking completion (the detail path is an unconfirmed
 * convention), one page returns the new workorders and the pending ones
 * together where the detail endpoint costs a request per pending workorder,
 * and it applies the user's filters, so a pending workorder that is archived
 * or renamed out of the search drops out of the state by itself.
 */
export function workorderCompletedEvent(ctx: IPollFunctions): PollingEvent<WorkorderCursor> {
	const filters = ctx.getNodeParameter('filters', {}) as { includeArchived?: boolean; search?: string };
	const options = ctx.getNodeParameter('options', {}) as {
		downloadCodes?: boolean;
		binaryPropertyName?: string;
		maxPendingDays?: number;
	};
	const simplify = ctx.getNodeParameter('simplify', false) as boolean;
	const qs = listQuery(filters);
	const cutoff = () => Date.now() - (options.maxPendingDays ?? 30) * DAY_MS;

	async function toItems(workorders: IDataObject[]): Promise<INodeExecutionData[]> {
		const items: INodeExecutionData[] = [];
		for (const workorder of workorders) {
			const item = options.downloadCodes
				? await codesItem(ctx, workorder, options.binaryPropertyName || 'data')
				: { json: workorder };
			items.push(simplify ? { ...item, json: simplifyWorkorder(item.json) } : item);
		}
		return items;
	}

	function nextCursor(highest: number, walked: Walk, pending: number[]): WorkorderCursor {
		// A loop, not Math.max(...ids): a first walk over a long history can list more IDs than a call takes arguments.
		for (const id of walked.listed.keys()) highest = Math.max(highest, id);
		const cursor: WorkorderCursor = {
			highest,
			pending: pending.sort((a, b) => b - a).slice(0, MAX_PENDING).reverse(),
		};
		// Only a list served oldest first needs to know where its end is.
		if (walked.order === 'oldestFirst' && walked.count !== undefined) Object.assign(cursor, { order: walked.order, count: walked.count });
		return cursor;
	}

	return {
		filters: { event: 'workorderCompleted', qs },
		nothingFoundHint:
			'No completed workorder matches the filters yet. Complete a workorder in Scantrust, or change the search and archived filters.',
		async baseline() {
			const oldest = cutoff();
			// Back to the waiting period only: older unfinished workorders would not be awaited anyway.
			const walked = await walk(ctx, qs, (page) => page.some((w) => isTooOld(w, oldest)));
			const pending = [...walked.listed.values()]
				.filter((w) => !isCompleted(w) && !isTooOld(w, oldest))
				.map(idOf);
			return nextCursor(0, walked, pending);
		},
		async poll(cursor) {
			const oldest = cutoff();
			const awaited = new Set(cursor.pending);
			const firedBefore = new Set(cursor.fired ?? []);
			const reach = Math.min(cursor.highest, ...cursor.pending);
			const walked = await walk(ctx, qs, (page) => Math.min(...page.map(idOf)) <= reach, cursor, pollDeadline(ctx));
			const fired: IDataObject[] = [];
			const pending: number[] = [];
			for (const [id, workorder] of walked.listed) {
				if (firedBefore.has(id)) continue;
				if (id <= cursor.highest && !awaited.has(id)) continue;
				if (isCompleted(workorder)) fired.push(workorder);
				else if (!isTooOld(workorder, oldest)) pending.push(id);
			}
			fired.sort((a, b) => idOf(a) - idOf(b));
			const items = await toItems(fired);
			if (walked.cut || walked.resumed) {
				// Awaited workorders the walk did not reach (or jumped over) stay awaited.
				const unreached = cursor.pending.filter((id) => !walked.listed.has(id));
				if (walked.resumed && !walked.cut) return { items, cursor: nextCursor(cursor.highest, walked, [...pending, ...unreached]) };
				// Out of time before reading down to `highest`: IDs between it and the page reached are unseen, so
				// `highest` stays, and what fired is remembered so the next poll does not fire it again.
				const next = nextCursor(cursor.highest, { listed: new Map() }, [...pending, ...unreached]);
				next.fired = [...firedBefore, ...fired.map(idOf)].sort((a, b) => a - b);
				if (cursor.order) Object.assign(next, { order: cursor.order, count: cursor.count });
				if (walked.resume) next.resume = walked.resume;
				return { items, cursor: next };
			}
			// A pending workorder the walk did not list no longer matches the filters (or was deleted): it cannot fire here any more.
			return { items, cursor: nextCursor(cursor.highest, walked, pending) };
		},
		async latest() {
			const { listed } = await walk(ctx, qs, (page) => page.some(isCompleted));
			const newest = [...listed.values()].filter(isCompleted).sort((a, b) => idOf(b) - idOf(a))[0];
			return newest ? await toItems([newest]) : [];
		},
	};
}
