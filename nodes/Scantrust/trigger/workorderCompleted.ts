import type { IDataObject, INodeExecutionData, INodeProperties, IPollFunctions } from 'n8n-workflow';
import type { PollingEvent } from '../../shared/polling';
import { codesItem } from '../actions/workorder/downloadCodes.operation';
import { SIMPLE_WORKORDER_FIELDS, simplifyWorkorder } from '../actions/workorder/fields';
import { simplifyField } from '../../shared/simplify';
import { PAGE_SIZE, scantrustRequest } from '../transport';

const show = { event: ['workorderCompleted'] };

export const properties: INodeProperties[] = [
	simplifyField(show, SIMPLE_WORKORDER_FIELDS, [2]),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
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
		],
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

/**
 * `highest` is the highest workorder ID the trigger has looked at; `pending`
 * the IDs at or below it that were not complete yet. Anything above `highest`
 * is new, so the state is the pending set plus one number.
 */
export interface WorkorderCursor {
	highest: number;
	pending: number[];
}

const WORKORDERS = '/api/v2/workorders/';
/** An idle poll reads this one page, and needs only its first workorder. */
const FIRST_PAGE_SIZE = 100;
/** More unfinished workorders than this in the waiting period are not expected; past it the oldest stop being awaited. */
const MAX_PENDING = 1000;
const DAY_MS = 86_400_000;

interface WorkorderPage {
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

/**
 * Reads the workorder list, which Scantrust serves newest ID first, until
 * `farEnough` says a page reached back far enough. The first page is small
 * because an idle poll stops there; later pages ask for the largest size,
 * with `offset` counting what was actually returned, so a walk down to an old
 * pending workorder takes few requests whatever size the server allows.
 * Workorders created during the walk push older ones to the next page, so
 * some are read twice: the result is keyed by ID. The order is an
 * observation, not a documented promise, so a page out of order makes the
 * walk read to the end rather than stop early and miss workorders.
 */
async function walk(
	ctx: IPollFunctions,
	qs: IDataObject,
	farEnough: (page: IDataObject[]) => boolean,
): Promise<Map<number, IDataObject>> {
	const listed = new Map<number, IDataObject>();
	let ordered = true;
	let offset = 0;
	for (;;) {
		const limit = offset === 0 ? FIRST_PAGE_SIZE : PAGE_SIZE;
		const page = await scantrustRequest<WorkorderPage>(ctx, 'GET', WORKORDERS, { qs: { ...qs, limit, offset } });
		const items = page.results ?? [];
		for (const workorder of items) listed.set(idOf(workorder), workorder);
		ordered &&= isNewestFirst(items);
		offset += items.length;
		if (!page.next || items.length === 0 || (ordered && farEnough(items))) return listed;
	}
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

	function nextCursor(highest: number, listed: Map<number, IDataObject>, pending: number[]): WorkorderCursor {
		// A loop, not Math.max(...ids): a first walk over a long history can list more IDs than a call takes arguments.
		for (const id of listed.keys()) highest = Math.max(highest, id);
		return {
			highest,
			pending: pending.sort((a, b) => b - a).slice(0, MAX_PENDING).reverse(),
		};
	}

	return {
		filters: { event: 'workorderCompleted', qs },
		nothingFoundHint:
			'No completed workorder matches the filters yet. Complete a workorder in Scantrust, or change the search and archived filters.',
		async baseline() {
			const oldest = cutoff();
			// Back to the waiting period only: older unfinished workorders would not be awaited anyway.
			const listed = await walk(ctx, qs, (page) => page.some((w) => isTooOld(w, oldest)));
			const pending = [...listed.values()]
				.filter((w) => !isCompleted(w) && !isTooOld(w, oldest))
				.map(idOf);
			return nextCursor(0, listed, pending);
		},
		async poll(cursor) {
			const oldest = cutoff();
			const awaited = new Set(cursor.pending);
			const reach = Math.min(cursor.highest, ...cursor.pending);
			const listed = await walk(ctx, qs, (page) => Math.min(...page.map(idOf)) <= reach);
			const fired: IDataObject[] = [];
			const pending: number[] = [];
			for (const [id, workorder] of listed) {
				if (id <= cursor.highest && !awaited.has(id)) continue;
				if (isCompleted(workorder)) fired.push(workorder);
				else if (!isTooOld(workorder, oldest)) pending.push(id);
			}
			// A pending workorder the walk did not list no longer matches the filters (or was deleted): it cannot fire here any more.
			fired.sort((a, b) => idOf(a) - idOf(b));
			return { items: await toItems(fired), cursor: nextCursor(cursor.highest, listed, pending) };
		},
		async latest() {
			const listed = await walk(ctx, qs, (page) => page.some(isCompleted));
			const newest = [...listed.values()].filter(isCompleted).sort((a, b) => idOf(b) - idOf(a))[0];
			return newest ? await toItems([newest]) : [];
		},
	};
}
