// Long randomized runs of the TrackVision Trigger against the sandbox: new
// records, bursts sharing one date_created, late records stamped inside the
// window, checks whose result is linked after they were created, API faults,
// restarts and polls whose result was lost before n8n saved it. Whatever
// happens, every matching record created after activation fires exactly once
// and the stored state stays small.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { PollHarness } from '../harness/poll';
import type { SandboxHandle } from '../harness/sandbox';
import { trackVisionCredentials, useSandbox } from '../harness/sandbox';
import type { Random } from '../harness/simulation';
import { disturbedPoll, expectExactlyOnce, reportSimulation, seededRandom } from '../harness/simulation';

interface TrackVisionControl {
	records: { integrity_check: IDataObject[]; integrity_check_result: IDataObject[] };
	addChecks(specs: IDataObject[]): IDataObject[];
	addResults(specs: IDataObject[]): IDataObject[];
	addScanEvents(specs: IDataObject[]): IDataObject[];
}

const POLLS = 1000;
const WINDOW_MINUTES = 5;
const WINDOW_MS = WINDOW_MINUTES * 60_000;
const STEP_MS = 30_000;
const RESULTS = ['ok', 'unrecognized', 'unactivated', 'duplicated', 'diverted'];

let sandbox: SandboxHandle;
let tv: TrackVisionControl;

beforeAll(async () => {
	sandbox = await useSandbox();
	tv = sandbox.trackvision as TrackVisionControl;
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => sandbox.reset());

interface Tally {
	polls: number;
	failed: number;
	restarts: number;
	lostSaves: number;
	requests: number;
	maxRequests: number;
	maxSeen: number;
	maxStateBytes: number;
}

/** Runs POLLS polls. Before each, `step` adds records and a fault may be injected; `disturbedPoll` then runs it. */
async function simulate(
	harness: PollHarness,
	path: string,
	random: Random,
	step: (index: number) => void,
	onFired: (items: INodeExecutionData[]) => void,
): Promise<Tally> {
	const tally: Tally = { polls: 0, failed: 0, restarts: 0, lostSaves: 0, requests: 0, maxRequests: 0, maxSeen: 0, maxStateBytes: 0 };
	for (let index = 0; index < POLLS; index++) {
		sandbox.faults.clear();
		step(index);
		sandbox.clearRequests();
		const roll = random.next();
		if (roll < 0.05) {
			// Past the request core's five attempts: this poll fails.
			sandbox.faults.inject({ service: 'trackvision', path, kind: '429', retryAfter: 0, times: 5 });
		} else if (roll < 0.08) {
			// Retried inside the poll, which then succeeds.
			sandbox.faults.inject({ service: 'trackvision', path, kind: '429', retryAfter: 0, times: random.int(1, 3) });
		} else if (roll < 0.085) {
			sandbox.faults.inject({ service: 'trackvision', path, kind: 'reset', times: 1 });
		}
		const polled = await disturbedPoll(harness, random);
		tally.polls += 1;
		if (polled.kind === 'lostSave') {
			tally.lostSaves += 1;
			continue;
		}
		if (polled.kind === 'restart') tally.restarts += 1;
		const made = sandbox.requestsTo('trackvision').length;
		tally.requests += made;
		tally.maxRequests = Math.max(tally.maxRequests, made);
		if (polled.failed) {
			tally.failed += 1;
			continue;
		}
		const { outcome } = polled;
		onFired(outcome.items);
		const state = harness.nodeState();
		const { seen } = (state.pollState as { cursor: { seen: unknown[] } }).cursor;
		tally.maxSeen = Math.max(tally.maxSeen, seen.length);
		tally.maxStateBytes = Math.max(tally.maxStateBytes, JSON.stringify(state).length);
	}
	sandbox.faults.clear();
	return tally;
}

/** The simulated clock and what each step adds: new records, bursts at one timestamp, and late records. */
function traffic(random: Random, add: (time: number, count: number) => void) {
	const clock = { now: Date.now() - 2 * 86_400_000, newest: 0, bursts: 0, late: 0 };
	clock.newest = clock.now;
	const at = (time: number, count: number) => {
		add(time, count);
		clock.newest = Math.max(clock.newest, time);
	};
	const step = () => {
		clock.now += STEP_MS;
		const roll = random.next();
		if (roll < 0.08) {
			clock.bursts += 1;
			at(clock.now, random.int(10, 25));
		} else if (roll < 0.6) {
			at(clock.now, random.int(1, 3));
		}
		if (random.next() < 0.15) {
			clock.late += 1;
			// Stamped before the newest record, but inside the window.
			at(clock.newest - random.int(1, WINDOW_MS - STEP_MS), random.int(1, 3));
		}
	};
	return { clock, step };
}

function report(name: string, created: number, clock: { bursts: number; late: number }, tally: Tally, extra = '') {
	reportSimulation(
		name,
		`${name} simulation: ${created} matching records (${clock.bursts} bursts, ${clock.late} late${extra}) over ${tally.polls} polls ` +
			`(${tally.failed} failed, ${tally.restarts} restarts, ${tally.lostSaves} lost saves); ` +
			`${(tally.requests / tally.polls).toFixed(2)} TrackVision requests per poll, at most ${tally.maxRequests}; ` +
			`largest state ${tally.maxStateBytes} bytes, at most ${tally.maxSeen} IDs seen`,
	);
}

function expectBounded(tally: Tally, clock: { bursts: number; late: number }) {
	expect(clock.bursts).toBeGreaterThan(50);
	expect(clock.late).toBeGreaterThan(100);
	expect(tally.failed).toBeGreaterThan(30);
	expect(tally.restarts + tally.lostSaves).toBeGreaterThan(30);
	// The window holds about ten steps of records; the state holds their IDs and nothing older.
	expect(tally.maxSeen).toBeLessThan(200);
	expect(tally.maxStateBytes).toBeLessThan(15_000);
}

it(`New Integrity Check: ${POLLS} polls fire every check whose result is not ok exactly once`, async () => {
	const random = seededRandom(11);
	const created = new Set<string>();
	const fired: string[] = [];
	/** Checks created without a result, and the step at which their result is linked. */
	const linkAt = new Map<number, Array<{ id: string; result: string }>>();
	let linked = 0;
	let index = 0;

	const { clock, step } = traffic(random, (time, count) => {
		for (let i = 0; i < count; i++) {
			const roll = random.next();
			const result = roll < 0.85 ? random.pick(RESULTS) : null;
			const [check] = tv.addChecks([{ date_created: new Date(time).toISOString(), result: result && { result } }]);
			if (result !== null && result !== 'ok') created.add(check.id as string);
			// Some checks are evaluated a few steps after they were created: those stamped now, so the
			// result is linked while the check is still inside the window. The rest of the unevaluated never are.
			if (result === null && roll < 0.95 && time === clock.now) {
				const due = index + random.int(1, WINDOW_MS / STEP_MS - 2);
				linkAt.set(due, [...(linkAt.get(due) ?? []), { id: check.id as string, result: random.pick(RESULTS) }]);
			}
		}
	});
	const link = ({ id, result }: { id: string; result: string }) => {
		const [record] = tv.addResults([{ result, date_created: new Date(clock.now).toISOString() }]);
		tv.records.integrity_check.find((check) => check.id === id)!.result = record.id;
		if (result !== 'ok') created.add(id);
		linked += 1;
	};

	// History before activation anchors the window in the simulated past.
	tv.addChecks([{ date_created: new Date(clock.now).toISOString(), result: { result: 'duplicated' } }]);
	const parameters: INodeParameters = {
		event: 'newIntegrityCheck',
		filters: { excludeResults: ['ok'] },
		options: { includeResult: true, lateWindowMinutes: WINDOW_MINUTES },
	};
	const harness = await PollHarness.create({ type: 'trackVisionTrigger', parameters, credentials: trackVisionCredentials(sandbox) });
	expect((await harness.activate()).items).toEqual([]);

	const tally = await simulate(
		harness,
		're:^/items/integrity_check$',
		random,
		(at) => {
			index = at;
			step();
			(linkAt.get(at) ?? []).forEach(link);
			linkAt.delete(at);
		},
		(items) => {
			for (const item of items) {
				expect((item.json.result as IDataObject).result).not.toBe('ok');
				fired.push(item.json.id as string);
			}
		},
	);

	[...linkAt.values()].flat().forEach(link);
	fired.push(...(await harness.poll()).items.map((item) => item.json.id as string));
	expect((await harness.poll()).items).toEqual([]);

	expectExactlyOnce(fired, created);
	expect(linked).toBeGreaterThan(50);
	expectBounded(tally, clock);
	report('New Integrity Check', created.size, clock, tally, `, ${linked} evaluated after creation`);
});

it(`New Integrity Check Result: ${POLLS} polls fire every new result that is not ok exactly once`, async () => {
	const random = seededRandom(13);
	const created = new Set<string>();
	const fired: string[] = [];

	const { clock, step } = traffic(random, (time, count) => {
		const specs = Array.from({ length: count }, () => ({
			date_created: new Date(time).toISOString(),
			result: random.pick(RESULTS),
			status: random.next() < 0.8 ? 'new' : random.pick(['reviewed', 'dismissed']),
		}));
		for (const result of tv.addResults(specs)) {
			if (result.result !== 'ok' && result.status === 'new') created.add(result.id as string);
		}
	});

	tv.addResults([{ date_created: new Date(clock.now).toISOString(), result: 'diverted' }]);
	const parameters: INodeParameters = {
		event: 'newIntegrityCheckResult',
		filters: { excludeResults: ['ok'], statuses: ['new'] },
		options: { lateWindowMinutes: WINDOW_MINUTES },
	};
	const harness = await PollHarness.create({ type: 'trackVisionTrigger', parameters, credentials: trackVisionCredentials(sandbox) });
	expect((await harness.activate()).items).toEqual([]);

	const tally = await simulate(harness, 're:^/items/integrity_check_result$', random, step, (items) => {
		for (const item of items) {
			expect(item.json).toMatchObject({ status: 'new', result: expect.not.stringMatching(/^ok$/) });
			fired.push(item.json.id as string);
		}
	});

	fired.push(...(await harness.poll()).items.map((item) => item.json.id as string));
	expect((await harness.poll()).items).toEqual([]);

	expectExactlyOnce(fired, created);
	expectBounded(tally, clock);
	report('New Integrity Check Result', created.size, clock, tally);
});

it(`New Scan Event: ${POLLS} polls fire every new scan event exactly once`, async () => {
	const random = seededRandom(17);
	const created = new Set<string>();
	const fired: string[] = [];

	const { clock, step } = traffic(random, (time, count) => {
		// The phone scanned up to a minute before TrackVision stored the record; the cursor runs on date_created.
		const specs = Array.from({ length: count }, () => ({
			date_created: new Date(time).toISOString(),
			scan_date: new Date(time - random.int(0, 60_000)).toISOString(),
		}));
		for (const scanEvent of tv.addScanEvents(specs)) created.add(scanEvent.id as string);
	});

	tv.addScanEvents([{ date_created: new Date(clock.now).toISOString() }]);
	const parameters: INodeParameters = { event: 'newScanEvent', options: { lateWindowMinutes: WINDOW_MINUTES } };
	const harness = await PollHarness.create({ type: 'trackVisionTrigger', parameters, credentials: trackVisionCredentials(sandbox) });
	expect((await harness.activate()).items).toEqual([]);

	const tally = await simulate(harness, 're:^/items/scan_event$', random, step, (items) => {
		for (const item of items) fired.push(item.json.id as string);
	});

	fired.push(...(await harness.poll()).items.map((item) => item.json.id as string));
	expect((await harness.poll()).items).toEqual([]);

	expectExactlyOnce(fired, created);
	expectBounded(tally, clock);
	report('New Scan Event', created.size, clock, tally);
});
