import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * One event a polling trigger watches. The event says how to start, how to
 * move on from a cursor and what its latest match is; `runPollingTrigger`
 * owns the stored state, so every trigger gets the same guarantees.
 */
export interface PollingEvent<TCursor> {
	/**
	 * Everything that decides which events match, e.g. the event name and the
	 * API query. When it changes the stored state starts over from a new
	 * baseline, as n8n's Google Sheets trigger does when its sheet changes.
	 */
	filters: unknown;
	/** Where the event stream stands now, read so that history never fires. */
	baseline(): Promise<TCursor>;
	/** The events after `cursor`, oldest first, and the cursor that follows them. */
	poll(cursor: TCursor): Promise<{ items: INodeExecutionData[]; cursor: TCursor }>;
	/** The most recent matching event, for "Fetch Test Event"; empty when there is none. */
	latest(): Promise<INodeExecutionData[]>;
	/** Tells the user in manual mode why nothing came back, e.g. which campaign was searched. */
	nothingFoundHint: string;
}

/** Share of n8n's poll budget a poll may spend fetching; the rest is left for building items and saving. */
const BUDGET_SHARE = 0.8;

/**
 * Whether this poll should stop fetching more pages. n8n 2.x tells a poll how
 * long it may take (`getPollBudgetMs`); n8n 1.x has no such budget, so there
 * the poll never stops early.
 */
export function pollDeadline(ctx: IPollFunctions, now: () => number = Date.now): () => boolean {
	// Declared only by n8n-workflow 2.x, so it is looked up, not typed against IPollFunctions.
	const budget = (ctx as { getPollBudgetMs?: () => number }).getPollBudgetMs;
	if (typeof budget !== 'function') return () => false;
	const budgetMs = Number(budget.call(ctx));
	if (!Number.isFinite(budgetMs) || budgetMs <= 0) return () => false;
	const deadline = now() + budgetMs * BUDGET_SHARE;
	return () => now() >= deadline;
}

interface StoredState {
	fingerprint: string;
	cursor: unknown;
}

const STATE_KEY = 'pollState';

function canonical(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(canonical);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.keys(value)
				.filter((key) => (value as IDataObject)[key] !== undefined)
				.sort()
				.map((key) => [key, canonical((value as IDataObject)[key])]),
		);
	}
	return value;
}

/** The same filters give the same text whatever order their keys were set in. */
export function fingerprintOf(filters: unknown): string {
	return JSON.stringify(canonical(filters)) ?? '';
}

/**
 * A plain copy of what is stored: the static data n8n hands out is a proxy
 * that records every write, and the event must not change it in place.
 */
function readState(staticData: IDataObject): StoredState | undefined {
	const stored = staticData[STATE_KEY];
	if (!stored || typeof stored !== 'object') return undefined;
	const copy = JSON.parse(JSON.stringify(stored)) as StoredState;
	return typeof copy.fingerprint === 'string' && copy.cursor !== undefined ? copy : undefined;
}

/** One write at the very end, and none when nothing moved, so n8n saves the workflow only when the state changed. */
function commitState(staticData: IDataObject, state: StoredState) {
	const next = JSON.parse(JSON.stringify(state)) as IDataObject;
	if (JSON.stringify(staticData[STATE_KEY]) !== JSON.stringify(next)) staticData[STATE_KEY] = next;
}

/**
 * The `poll` of a trigger node. Manual mode ("Fetch Test Event") returns the
 * latest match and never reads or writes the state. Otherwise the first poll
 * (or the first after a filter change) stores a baseline and fires nothing;
 * later polls fire what is new. The state is written only after everything
 * the poll needed has succeeded, so a poll that throws leaves it as it was
 * and the next poll sees the same events again.
 */
export async function runPollingTrigger<TCursor>(
	ctx: IPollFunctions,
	event: PollingEvent<TCursor>,
): Promise<INodeExecutionData[][] | null> {
	if (ctx.getMode() === 'manual') {
		const items = await event.latest();
		if (!items.length) {
			throw new NodeOperationError(ctx.getNode(), 'No data with the current filter could be found', {
				description: event.nothingFoundHint,
			});
		}
		return [items];
	}
	const staticData = ctx.getWorkflowStaticData('node');
	const fingerprint = fingerprintOf(event.filters);
	const stored = readState(staticData);
	if (!stored || stored.fingerprint !== fingerprint) {
		commitState(staticData, { fingerprint, cursor: await event.baseline() });
		return null;
	}
	const { items, cursor } = await event.poll(stored.cursor as TCursor);
	commitState(staticData, { fingerprint, cursor });
	return items.length ? [items] : null;
}

/**
 * A time cursor for APIs that can list events "at or after T". Each poll
 * re-reads from `floor`, which trails the newest event by an overlap window,
 * and `seen` remembers which events of that window already fired. That makes
 * equal timestamps at the boundary, pages that shift while they are read, and
 * events recorded late with an older timestamp (inside the window) fire
 * exactly once.
 */
export interface TimeWindowCursor {
	/** Epoch milliseconds: the next poll reads events at or after this time. It never moves back. */
	floor: number;
	/** `[id, epoch ms]` of every event at or after `floor` that has fired or belongs to the baseline. */
	seen: Array<[string, number]>;
	/**
	 * Left by a poll whose newest-first read stopped at n8n's poll time budget:
	 * the events it had not reached yet. The next polls read them first.
	 */
	unread?: UnreadSpan;
}

/** Events timed `from` to `to` (epoch ms, both included) not read yet, except those in `seen`, which fired before. */
export interface UnreadSpan {
	from: number;
	to: number;
	/** `[id, epoch ms]` of the span's events that fired or belong to the baseline, like `TimeWindowCursor.seen`. */
	seen: Array<[string, number]>;
}

export interface TimedEvent<T> {
	id: string;
	/** Epoch milliseconds. */
	time: number;
	data: T;
}

export interface TimeWindowOptions {
	/** How far behind the newest event a late event is still caught. 0 keeps only the boundary duplicates. */
	overlapMs: number;
	/**
	 * Most IDs `seen` may hold. Past it the window shrinks (the oldest second
	 * of the window is given up) instead of the state growing.
	 */
	maxSeen: number;
	/** The poll's clock, so a timestamp in the future cannot push the window past events still to come. */
	now: number;
}

/** Where the first window starts: the newest existing event, or now when there is none. */
export function initialFloor(newestTime: number | undefined, options: TimeWindowOptions): number {
	return Math.min(newestTime ?? options.now, options.now) - options.overlapMs;
}

/**
 * The `date_from` to send. Rounded down to the second because an API may
 * compare at second precision; `advanceTimeWindow` drops the extra events.
 */
export function windowStart(cursor: TimeWindowCursor): Date {
	return new Date(Math.floor(cursor.floor / 1000) * 1000);
}

/**
 * Splits what a poll read from `windowStart(cursor)` on into the events that
 * have not fired yet (oldest first) and the cursor for the next poll. Pure:
 * the caller commits the cursor only once the whole poll has succeeded.
 */
export function advanceTimeWindow<T>(
	cursor: TimeWindowCursor,
	events: Array<TimedEvent<T>>,
	options: TimeWindowOptions,
): { fresh: Array<TimedEvent<T>>; cursor: TimeWindowCursor } {
	const known = new Map(cursor.seen);
	const fresh: Array<TimedEvent<T>> = [];
	for (const event of events) {
		if (!Number.isFinite(event.time) || event.time < cursor.floor || known.has(event.id)) continue;
		known.set(event.id, event.time);
		fresh.push(event);
	}
	fresh.sort((a, b) => a.time - b.time);

	let newest = -Infinity;
	for (const time of known.values()) newest = Math.max(newest, time);
	let floor = Number.isFinite(newest)
		? Math.max(cursor.floor, Math.min(newest, options.now) - options.overlapMs)
		: cursor.floor;
	let seen = [...known].filter(([, time]) => time >= floor).sort((a, b) => b[1] - a[1]);
	if (seen.length > options.maxSeen) {
		// Cut between two distinct timestamps: an ID dropped while another with the same time stays would fire again.
		const cutTime = seen[options.maxSeen][1];
		floor = cutTime + 1;
		seen = seen.filter(([, time]) => time > cutTime);
	}
	return { fresh, cursor: { floor, seen } };
}

/** What a source read for one window. */
export interface TimeWindowRead<T> {
	events: Array<TimedEvent<T>>;
	/**
	 * Set by a source that lists newest first when n8n's poll time budget ran
	 * out before the read reached the start: the events older than the oldest
	 * one read are still to come. (A source that lists oldest first needs no
	 * such mark: the window's next start follows the newest event it read.)
	 */
	stoppedEarly?: boolean;
}

export interface TimeWindowSource<T> {
	/** See `PollingEvent.filters`. */
	filters: unknown;
	/** The most recent matching event, if any: the baseline's anchor and the manual-mode sample. */
	newest(): Promise<TimedEvent<T> | undefined>;
	/**
	 * Every matching event at or after `from`, and at or before `to` when it is
	 * given, in any order; duplicates and events a little past `to` are fine.
	 * Only a source that may answer `stoppedEarly` is ever asked with `to`, and
	 * it must not stop before it has read an event older than `to`, or the
	 * unread span would never shrink.
	 */
	since(from: Date, to?: Date): Promise<TimeWindowRead<T>>;
	/** The output items for events about to fire, e.g. with downloads attached. */
	toItems(events: Array<TimedEvent<T>>): Promise<INodeExecutionData[]>;
	options: Omit<TimeWindowOptions, 'now'>;
	nothingFoundHint: string;
	/** Defaults to the system clock. */
	now?: () => number;
}

/**
 * What a newest-first read that stopped early left for later: the events from
 * `from` up to the oldest one it read. Events at that oldest timestamp may sit
 * on both sides of the last page, so the IDs read there are kept, with those
 * of `known` (what fired before) inside the span. Undefined when the read got
 * below `from` anyway.
 */
function unreadBelow<T>(
	from: number,
	events: Array<TimedEvent<T>>,
	known: Array<[string, number]>,
	to = Infinity,
): UnreadSpan | undefined {
	let oldest = to;
	for (const event of events) if (Number.isFinite(event.time) && event.time < oldest) oldest = event.time;
	if (!Number.isFinite(oldest) || oldest < from) return undefined;
	const seen = new Map(known.filter(([, time]) => time >= from && time <= oldest));
	for (const event of events) if (event.time === oldest) seen.set(event.id, event.time);
	return { from, to: oldest, seen: [...seen] };
}

/**
 * Splits what a poll read of `cursor.unread` into the events that have not
 * fired yet (oldest first) and the cursor for the next poll, which keeps
 * whatever part of the span is still unread. The window above is left as it
 * was, apart from remembering fired events that fall inside it.
 */
function fillUnreadSpan<T>(
	cursor: TimeWindowCursor & { unread: UnreadSpan },
	read: TimeWindowRead<T>,
	options: TimeWindowOptions,
): { fresh: Array<TimedEvent<T>>; cursor: TimeWindowCursor } {
	const { from, to } = cursor.unread;
	const done = new Set([...cursor.unread.seen, ...cursor.seen].map(([id]) => id));
	const fresh: Array<TimedEvent<T>> = [];
	for (const event of read.events) {
		if (!(event.time >= from && event.time <= to) || done.has(event.id)) continue;
		done.add(event.id);
		fresh.push(event);
	}
	fresh.sort((a, b) => a.time - b.time);
	const window = advanceTimeWindow({ floor: cursor.floor, seen: cursor.seen }, fresh, options).cursor;
	const unread = read.stoppedEarly ? unreadBelow(from, read.events, cursor.unread.seen, to) : undefined;
	return { fresh, cursor: unread ? { ...window, unread } : window };
}

/**
 * `advanceTimeWindow` for a read of the whole window that may have stopped
 * early. A newest-first read that stopped while events newer than any fired
 * before were still below it leaves them as the cursor's unread span. One
 * that stopped among events fired before has read every new event on time,
 * and what it did not reach could only be late ones: the window shortens to
 * what it read instead, as it does when `maxSeen` is reached, so a budget too
 * small for the whole window cannot keep every poll re-reading it.
 */
function advanceWindowRead<T>(
	cursor: TimeWindowCursor,
	read: TimeWindowRead<T>,
	options: TimeWindowOptions,
): { fresh: Array<TimedEvent<T>>; cursor: TimeWindowCursor } {
	const advanced = advanceTimeWindow(cursor, read.events, options);
	const unread = read.stoppedEarly ? unreadBelow(cursor.floor, read.events, cursor.seen) : undefined;
	if (!unread) return advanced;
	let newestFired = -Infinity;
	for (const [, time] of cursor.seen) newestFired = Math.max(newestFired, time);
	if (unread.to > newestFired) return { fresh: advanced.fresh, cursor: { ...advanced.cursor, unread } };
	const floor = Math.max(advanced.cursor.floor, unread.to);
	return { fresh: advanced.fresh, cursor: { floor, seen: advanced.cursor.seen.filter(([, time]) => time >= floor) } };
}

/** A `PollingEvent` for any API that can list events by time: the source only fetches. */
export function timeWindowEvent<T>(source: TimeWindowSource<T>): PollingEvent<TimeWindowCursor> {
	const options = (): TimeWindowOptions => ({ ...source.options, now: (source.now ?? Date.now)() });
	return {
		filters: source.filters,
		nothingFoundHint: source.nothingFoundHint,
		async baseline() {
			const current = options();
			const start: TimeWindowCursor = { floor: initialFloor((await source.newest())?.time, current), seen: [] };
			const read = await source.since(windowStart(start));
			// History the read did not reach never fires: the window starts above the oldest event it read.
			const unread = read.stoppedEarly ? unreadBelow(start.floor, read.events, []) : undefined;
			if (unread) start.floor = unread.to + 1;
			return advanceTimeWindow(start, read.events, current).cursor;
		},
		async poll(cursor) {
			const current = options();
			const fired: Array<TimedEvent<T>> = [];
			let next = cursor;
			if (cursor.unread) {
				const { from, to } = cursor.unread;
				const read = await source.since(windowStart({ floor: from, seen: [] }), new Date(to));
				const filled = fillUnreadSpan({ ...cursor, unread: cursor.unread }, read, current);
				fired.push(...filled.fresh);
				next = filled.cursor;
			}
			// Older events first: the window above is read once nothing below it is left.
			if (!next.unread) {
				const read = await source.since(windowStart(next));
				const advanced = advanceWindowRead(next, read, current);
				fired.push(...advanced.fresh);
				next = advanced.cursor;
			}
			fired.sort((a, b) => a.time - b.time);
			return { items: await source.toItems(fired), cursor: next };
		},
		async latest() {
			const newest = await source.newest();
			return newest ? await source.toItems([newest]) : [];
		},
	};
}
