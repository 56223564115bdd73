// The shared polling mechanics, on their own: the time window as a pure
// function, and runPollingTrigger run by n8n-core's PollContext with a test
// node whose event stream and failures the test scripts.
import type { INodeExecutionData, INodeType, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { PollingEvent, TimedEvent, TimeWindowCursor, TimeWindowOptions } from '../../dist/nodes/shared/polling';
import {
	advanceTimeWindow,
	fingerprintOf,
	initialFloor,
	runPollingTrigger,
	timeWindowEvent,
	windowStart,
} from '../../dist/nodes/shared/polling';
import { PollHarness } from '../harness/poll';

const MINUTE = 60_000;
const T0 = Date.parse('2026-05-01T12:00:00.000Z');

function ev(id: string, time: number): TimedEvent<null> {
	return { id, time, data: null };
}

function opts(overrides: Partial<TimeWindowOptions> = {}): TimeWindowOptions {
	return { overlapMs: 10 * MINUTE, maxSeen: 100, now: T0 + 60 * MINUTE, ...overrides };
}

describe('fingerprintOf', () => {
	it('ignores key order and undefined values, and tells different filters apart', () => {
		expect(fingerprintOf({ a: 1, b: { c: [1, 2], d: undefined } })).toBe(fingerprintOf({ b: { c: [1, 2] }, a: 1 }));
		expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ a: 2 }));
		expect(fingerprintOf({ flags: 'counterfeit' })).not.toBe(fingerprintOf({}));
	});
});

describe('time window', () => {
	it('starts one overlap before the newest event, or before now when there is none, and never in the future', () => {
		expect(initialFloor(T0, opts())).toBe(T0 - 10 * MINUTE);
		expect(initialFloor(undefined, opts())).toBe(T0 + 50 * MINUTE);
		expect(initialFloor(T0 + 999 * MINUTE, opts())).toBe(T0 + 50 * MINUTE);
	});

	it('asks the API from the whole second at or before the floor', () => {
		expect(windowStart({ floor: T0 + 1500, seen: [] }).toISOString()).toBe('2026-05-01T12:00:01.000Z');
	});

	it('fires unseen events oldest first, skips seen ones and those before the floor', () => {
		const cursor: TimeWindowCursor = { floor: T0, seen: [['a', T0 + 1000]] };
		const { fresh, cursor: next } = advanceTimeWindow(
			cursor,
			[ev('c', T0 + 3000), ev('a', T0 + 1000), ev('old', T0 - 1), ev('b', T0 + 2000), ev('c', T0 + 3000)],
			opts(),
		);
		expect(fresh.map((e) => e.id)).toEqual(['b', 'c']);
		expect(next.floor).toBe(T0);
		expect(new Set(next.seen.map(([id]) => id))).toEqual(new Set(['a', 'b', 'c']));
	});

	it('keeps every ID at the boundary timestamp, so a burst sharing one timestamp fires once even with no overlap', () => {
		const burst = ['x1', 'x2', 'x3'].map((id) => ev(id, T0));
		const first = advanceTimeWindow({ floor: T0 - MINUTE, seen: [] }, burst.slice(0, 2), opts({ overlapMs: 0 }));
		expect(first.cursor).toEqual({ floor: T0, seen: expect.arrayContaining([['x1', T0], ['x2', T0]]) });
		const second = advanceTimeWindow(first.cursor, burst, opts({ overlapMs: 0 }));
		expect(second.fresh.map((e) => e.id)).toEqual(['x3']);
	});

	it('fires a late event stamped inside the window once, and drops one older than the window', () => {
		const start = advanceTimeWindow({ floor: T0 - 20 * MINUTE, seen: [] }, [ev('new', T0)], opts());
		expect(start.cursor.floor).toBe(T0 - 10 * MINUTE);
		const late = advanceTimeWindow(start.cursor, [ev('new', T0), ev('late', T0 - 9 * MINUTE), ev('too-late', T0 - 11 * MINUTE)], opts());
		expect(late.fresh.map((e) => e.id)).toEqual(['late']);
		const again = advanceTimeWindow(late.cursor, [ev('new', T0), ev('late', T0 - 9 * MINUTE)], opts());
		expect(again.fresh).toEqual([]);
		expect(again.cursor).toEqual(late.cursor);
	});

	it('never moves the floor back, so a wider window after a change cannot re-fire pruned events', () => {
		const narrow = advanceTimeWindow({ floor: T0 - MINUTE, seen: [] }, [ev('a', T0)], opts({ overlapMs: MINUTE }));
		const wide = advanceTimeWindow(narrow.cursor, [ev('a', T0)], opts({ overlapMs: 60 * MINUTE }));
		expect(wide.cursor.floor).toBe(narrow.cursor.floor);
	});

	it('does not let a timestamp in the future carry the window past events still to come', () => {
		const now = T0;
		const { cursor } = advanceTimeWindow({ floor: T0 - 20 * MINUTE, seen: [] }, [ev('future', T0 + 24 * 60 * MINUTE)], opts({ now }));
		expect(cursor.floor).toBe(T0 - 10 * MINUTE);
		expect(advanceTimeWindow(cursor, [ev('on-time', T0 + 1000)], opts({ now })).fresh.map((e) => e.id)).toEqual(['on-time']);
	});

	it('caps the seen IDs by shrinking the window between two distinct timestamps', () => {
		const events = [
			...Array.from({ length: 6 }, (_, i) => ev(`same-${i}`, T0)),
			...Array.from({ length: 4 }, (_, i) => ev(`later-${i}`, T0 + (i + 1) * 1000)),
		];
		const { fresh, cursor } = advanceTimeWindow({ floor: T0 - MINUTE, seen: [] }, events, opts({ maxSeen: 7 }));
		expect(fresh).toHaveLength(10);
		expect(cursor.seen.map(([id]) => id).sort()).toEqual(['later-0', 'later-1', 'later-2', 'later-3']);
		expect(cursor.floor).toBe(T0 + 1);
		// Re-reading the same events fires none of them again.
		expect(advanceTimeWindow(cursor, events, opts({ maxSeen: 7 })).fresh).toEqual([]);
	});

	it('fires every event exactly once over a random stream with bursts, late events, failed polls and repeated polls', () => {
		let seed = 42;
		const random = () => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return seed / 2 ** 31;
		};
		const overlapMs = 5 * MINUTE;
		const stored: Array<TimedEvent<null>> = [];
		const created = new Set<string>();
		const fired: string[] = [];
		let clock = T0;
		let newest = T0;
		let cursor: TimeWindowCursor = { floor: initialFloor(undefined, { overlapMs, maxSeen: 500, now: clock }), seen: [] };
		let maxSeenSize = 0;
		for (let step = 0; step < 2000; step++) {
			clock += 20_000;
			const roll = random();
			const count = roll < 0.1 ? 15 : Math.floor(random() * 3);
			const time = roll < 0.2 ? newest - Math.floor(random() * (overlapMs - 1000)) : clock;
			for (let i = 0; i < count; i++) {
				const id = `e${step}-${i}`;
				stored.push(ev(id, time));
				created.add(id);
			}
			newest = Math.max(newest, time);
			const read = stored.filter((e) => e.time >= windowStart(cursor).getTime());
			const result = advanceTimeWindow(cursor, read, { overlapMs, maxSeen: 500, now: clock });
			// The poll failed after reading, or n8n lost it before saving: the same cursor runs again.
			if (random() < 0.15) continue;
			fired.push(...result.fresh.map((e) => e.id));
			cursor = result.cursor;
			maxSeenSize = Math.max(maxSeenSize, cursor.seen.length);
		}
		const read = stored.filter((e) => e.time >= windowStart(cursor).getTime());
		fired.push(...advanceTimeWindow(cursor, read, { overlapMs, maxSeen: 500, now: clock }).fresh.map((e) => e.id));
		expect(fired.length).toBe(new Set(fired).size);
		expect(new Set(fired)).toEqual(created);
		expect(maxSeenSize).toBeLessThanOrEqual(500);
	});
});

/** An event stream the test controls: events are numbered, the cursor is the last number seen. */
class ScriptedStream {
	events: number[] = [];

	failNext: 'baseline' | 'poll' | 'items' | undefined;

	event(filter: string): PollingEvent<{ last: number }> {
		const matching = () => this.events.filter((n) => filter === '' || String(n).endsWith(filter));
		const fail = (stage: string) => {
			if (this.failNext === stage) {
				this.failNext = undefined;
				throw new Error(`scripted failure in ${stage}`);
			}
		};
		return {
			filters: { filter },
			nothingFoundHint: 'nothing yet',
			baseline: async () => {
				fail('baseline');
				return { last: Math.max(0, ...matching()) };
			},
			poll: async (cursor) => {
				fail('poll');
				const { last } = cursor;
				const fresh = matching().filter((n) => n > last);
				// A careless event that edits the cursor it was handed must not change the stored state.
				cursor.last = -1;
				fail('items');
				return { items: fresh.map((n) => ({ json: { n } })), cursor: { last: Math.max(last, ...fresh) } };
			},
			latest: async () => {
				const newest = matching().at(-1);
				return newest === undefined ? [] : [{ json: { n: newest } }];
			},
		};
	}
}

function scriptedNode(stream: ScriptedStream): INodeType {
	return {
		description: {
			displayName: 'Scripted Trigger',
			name: 'scriptedTrigger',
			group: ['trigger'],
			version: 1,
			description: 'Test trigger',
			defaults: { name: 'Scripted Trigger' },
			polling: true,
			inputs: [],
			outputs: ['main'],
			properties: [{ displayName: 'Filter', name: 'filter', type: 'string', default: '' }],
		},
		async poll(this: IPollFunctions) {
			return await runPollingTrigger(this, stream.event(this.getNodeParameter('filter') as string));
		},
	};
}

describe('runPollingTrigger through n8n-core PollContext', () => {
	let stream: ScriptedStream;
	let harness: PollHarness;

	beforeEach(async () => {
		stream = new ScriptedStream();
		stream.events = [1, 2, 3];
		harness = await PollHarness.create({ type: scriptedNode(stream), parameters: { filter: '' } });
	});

	const fired = (items: INodeExecutionData[]) => items.map((item) => item.json.n);

	it('stores a baseline on activation and fires nothing for history', async () => {
		const outcome = await harness.activate();
		expect(outcome.error).toBeUndefined();
		expect(outcome.items).toEqual([]);
		expect(outcome.saved).toBe(true);
		expect(harness.savedNodeState()).toEqual({ pollState: { fingerprint: '{"filter":""}', cursor: { last: 3 } } });
	});

	it('fires new events, then stays quiet and does not rewrite unchanged state', async () => {
		await harness.activate();
		stream.events.push(4, 5);
		const outcome = await harness.poll();
		expect(fired(outcome.items)).toEqual([4, 5]);
		expect(harness.nodeState()).toMatchObject({ pollState: { cursor: { last: 5 } } });
		const idle = await harness.poll();
		expect(idle.items).toEqual([]);
		expect(idle.saved).toBe(false);
	});

	it.each(['poll', 'items'] as const)('leaves the state exactly as it was when the poll throws (in %s)', async (stage) => {
		await harness.activate();
		stream.events.push(4);
		const before = harness.nodeState();
		const savedBefore = harness.snapshot();
		stream.failNext = stage;
		const outcome = await harness.poll();
		expect(outcome.error?.message).toBe(`scripted failure in ${stage}`);
		expect(outcome.items).toEqual([]);
		expect(harness.nodeState()).toEqual(before);
		expect(harness.snapshot()).toEqual(savedBefore);
		expect(fired((await harness.poll()).items)).toEqual([4]);
	});

	it('fails the activation, and stores nothing, when the baseline cannot be read', async () => {
		stream.failNext = 'baseline';
		const outcome = await harness.activate();
		expect(outcome.error?.message).toBe('scripted failure in baseline');
		expect(harness.nodeState()).toEqual({});
	});

	it('returns the latest match in manual mode without reading or writing the state', async () => {
		await harness.activate();
		stream.events.push(4);
		const before = harness.nodeState();
		const outcome = await harness.manual();
		expect(fired(outcome.items)).toEqual([4]);
		expect(harness.nodeState()).toEqual(before);
		expect(fired((await harness.poll()).items)).toEqual([4]);
	});

	it('says plainly in manual mode that nothing matches', async () => {
		stream.events = [];
		const outcome = await harness.manual();
		expect(outcome.error).toBeInstanceOf(NodeOperationError);
		expect(outcome.error?.message).toBe('No data with the current filter could be found');
		expect(outcome.error?.description).toBe('nothing yet');
	});

	it('starts from a new baseline when the filters change, instead of firing or skipping', async () => {
		await harness.activate();
		stream.events.push(13, 14);
		harness.setParameters({ filter: '3' });
		const reactivated = await harness.activate();
		expect(reactivated.items).toEqual([]);
		expect(harness.nodeState()).toMatchObject({ pollState: { fingerprint: '{"filter":"3"}', cursor: { last: 13 } } });
		stream.events.push(15, 23);
		expect(fired((await harness.poll()).items)).toEqual([23]);
	});

	it('resumes after a restart from what was last saved', async () => {
		await harness.activate();
		stream.events.push(4);
		await harness.poll();
		harness.restart();
		stream.events.push(5);
		expect(fired((await harness.activate()).items)).toEqual([5]);
	});
});

describe('timeWindowEvent', () => {
	it('baselines on the newest event and fires what came after, including a late event inside the window', async () => {
		const store: Array<TimedEvent<string>> = [ev('h1', T0 - 60 * MINUTE), ev('h2', T0)].map((e) => ({ ...e, data: e.id }));
		let clock = T0 + MINUTE;
		const event = timeWindowEvent<string>({
			filters: {},
			options: { overlapMs: 10 * MINUTE, maxSeen: 100 },
			nothingFoundHint: '',
			now: () => clock,
			newest: async () => [...store].sort((a, b) => b.time - a.time)[0],
			since: async (from) => ({ events: store.filter((e) => e.time >= from.getTime()) }),
			toItems: async (events) => events.map((e) => ({ json: { id: e.data } })),
		});
		let cursor = await event.baseline();
		expect(cursor.seen).toEqual([['h2', T0]]);
		store.push({ ...ev('n1', T0 + 2 * MINUTE), data: 'n1' }, { ...ev('late', T0 - 5 * MINUTE), data: 'late' });
		clock += 5 * MINUTE;
		const result = await event.poll(cursor);
		expect(result.items.map((i) => i.json.id)).toEqual(['late', 'n1']);
		cursor = result.cursor;
		expect((await event.poll(cursor)).items).toEqual([]);
		expect((await event.latest()).map((i) => i.json.id)).toEqual(['n1']);
	});
});

describe('timeWindowEvent with a newest-first source that stops at the poll budget', () => {
	/** A newest-first API in pages of `pageSize`; `pagesLeft` is how many pages this poll may still start. */
	function newestFirstSource(store: Array<TimedEvent<string>>, pageSize: number, clock: () => number) {
		const state = { pagesLeft: Infinity, reads: [] as Array<{ from: number; to?: number }> };
		const event = timeWindowEvent<string>({
			filters: {},
			options: { overlapMs: 5 * MINUTE, maxSeen: 300 },
			nothingFoundHint: '',
			now: clock,
			newest: async () => [...store].sort((a, b) => b.time - a.time)[0],
			since: async (from, to) => {
				state.reads.push({ from: from.getTime(), to: to?.getTime() });
				// Equal timestamps in a fixed order, as a real cursor would keep them, so a page may end inside a burst.
				const matching = store
					.filter((e) => e.time >= from.getTime() && (to === undefined || e.time <= to.getTime()))
					.sort((a, b) => b.time - a.time || (a.id < b.id ? 1 : -1));
				// Like the Scantrust source, a read below `to` goes on past its budget until it gets under `to`.
				let pages = Math.max(1, Math.min(state.pagesLeft, Math.ceil(matching.length / pageSize)));
				while (to && pages * pageSize < matching.length && matching[pages * pageSize - 1].time >= to.getTime()) pages++;
				state.pagesLeft -= pages;
				const events = matching.slice(0, pages * pageSize);
				return { events, stoppedEarly: events.length < matching.length };
			},
			toItems: async (events) => events.map((e) => ({ json: { id: e.data } })),
		});
		return { event, state };
	}

	const stamped = (id: string, time: number): TimedEvent<string> => ({ id, time, data: id });
	const firedIds = (items: INodeExecutionData[]) => items.map((item) => item.json.id as string);

	it('fires what it read, keeps the older rest for the next poll, and fires each event once, oldest first', async () => {
		const store: Array<TimedEvent<string>> = [stamped('history', T0)];
		const clock = () => T0 + 10 * MINUTE;
		const { event, state } = newestFirstSource(store, 10, clock);
		let cursor = await event.baseline();
		// 35 new events, five per second: pages of 10 end inside a second.
		for (let i = 0; i < 35; i++) store.push(stamped(`n${String(i).padStart(2, '0')}`, T0 + 1000 + Math.floor(i / 5) * 1000));

		state.pagesLeft = 1;
		const first = await event.poll(cursor);
		// Oldest first; events sharing a timestamp keep the order they were read in.
		expect(firedIds(first.items)).toEqual(['n29', 'n28', 'n27', 'n26', 'n25', 'n34', 'n33', 'n32', 'n31', 'n30']);
		expect(first.cursor.unread).toEqual({
			from: T0 - 5 * MINUTE,
			to: T0 + 6000,
			// The span keeps what fired before inside it (here the baseline's event) and what was read at its top.
			seen: [['history', T0], ...['n29', 'n28', 'n27', 'n26', 'n25'].map((id) => [id, T0 + 6000])],
		});
		cursor = first.cursor;

		const fired = firedIds(first.items);
		for (let poll = 0; poll < 10 && cursor.unread; poll++) {
			state.pagesLeft = 1;
			const next = await event.poll(cursor);
			fired.push(...firedIds(next.items));
			cursor = next.cursor;
		}
		expect(cursor.unread).toBeUndefined();
		expect([...fired].sort()).toEqual(store.slice(1).map((e) => e.id).sort());
		expect(fired).toHaveLength(35);
		// The span below is read first, and the window above only once it is done.
		expect(state.reads.slice(1, 5)).toEqual([
			{ from: T0 - 5 * MINUTE, to: undefined },
			{ from: T0 - 5 * MINUTE, to: T0 + 6000 },
			{ from: T0 - 5 * MINUTE, to: T0 + 5000 },
			{ from: T0 - 5 * MINUTE, to: T0 + 4000 },
		]);
		state.pagesLeft = Infinity;
		expect((await event.poll(cursor)).items).toEqual([]);
	});

	it('a baseline that stops early fires none of the history it did not reach', async () => {
		const store = Array.from({ length: 30 }, (_, i) => stamped(`h${i}`, T0 - i * 1000));
		const { event, state } = newestFirstSource(store, 10, () => T0 + MINUTE);
		state.pagesLeft = 1;
		const cursor = await event.baseline();
		expect(cursor.unread).toBeUndefined();
		state.pagesLeft = Infinity;
		expect((await event.poll(cursor)).items).toEqual([]);
	});

	it('fires every on-time event exactly once, and late ones at most once, over a random stream with bursts, lost polls and random budgets', async () => {
		let seed = 7;
		const random = () => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return seed / 2 ** 31;
		};
		const store: Array<TimedEvent<string>> = [];
		let clock = T0;
		let newest = T0;
		const { event, state } = newestFirstSource(store, 25, () => clock);
		let cursor = await event.baseline();
		const onTime = new Set<string>();
		const late = new Set<string>();
		const fired: string[] = [];
		let maxSeen = 0;
		for (let step = 0; step < 1500; step++) {
			clock += 20_000;
			const roll = random();
			const count = roll < 0.05 ? 120 : roll < 0.15 ? 15 : Math.floor(random() * 3);
			const time = roll > 0.85 ? newest - Math.floor(random() * (5 * MINUTE - 1000)) : clock;
			for (let i = 0; i < count; i++) {
				const id = `e${step}-${i}`;
				store.push(stamped(id, time));
				(time === clock ? onTime : late).add(id);
			}
			newest = Math.max(newest, time);
			state.pagesLeft = random() < 0.5 ? 1 + Math.floor(random() * 2) : Infinity;
			const result = await event.poll(cursor);
			// The poll failed after reading, or n8n lost it before saving: the same cursor runs again.
			if (random() < 0.1) continue;
			fired.push(...firedIds(result.items));
			cursor = result.cursor;
			maxSeen = Math.max(maxSeen, cursor.seen.length);
		}
		state.pagesLeft = Infinity;
		for (let poll = 0; poll < 2; poll++) {
			const result = await event.poll(cursor);
			fired.push(...firedIds(result.items));
			cursor = result.cursor;
		}
		expect(cursor.unread).toBeUndefined();
		expect(fired.length).toBe(new Set(fired).size);
		expect(fired.filter((id) => onTime.has(id)).sort()).toEqual([...onTime].sort());
		// A poll that stops among events fired before shortens the window, so some late events are out of reach.
		const firedLate = fired.filter((id) => late.has(id)).length;
		expect(firedLate).toBeGreaterThan(late.size / 2);
		expect(firedLate + onTime.size).toBe(fired.length);
		expect(maxSeen).toBeLessThanOrEqual(300);
	});
});
