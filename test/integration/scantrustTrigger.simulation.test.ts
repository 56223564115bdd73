// Long randomized runs of the Scantrust Trigger against the sandbox: new
// events, bursts, late arrivals, API faults, restarts and polls whose result
// was lost before n8n saved it. Whatever happens, every event created after
// activation fires exactly once and the stored state stays small.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { PollHarness } from '../harness/poll';
import type { SandboxHandle } from '../harness/sandbox';
import { scantrustCredentials, useSandbox } from '../harness/sandbox';
import type { Random } from '../harness/simulation';
import { disturbedPoll, expectExactlyOnce, reportSimulation, seededRandom } from '../harness/simulation';

interface ScantrustControl {
	createWorkorder(fields: IDataObject): IDataObject & { id: number };
	updateWorkorder(id: number, fields: IDataObject): IDataObject;
	complete(id: number): IDataObject;
	addScans(campaignId: number, specs: IDataObject[]): Array<IDataObject & { uuid: string; flags: string[] }>;
}

const POLLS = 1000;

let sandbox: SandboxHandle;
let scantrust: ScantrustControl;

beforeAll(async () => {
	sandbox = await useSandbox();
	scantrust = sandbox.scantrust as ScantrustControl;
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
	maxStateBytes: number;
}

/** Runs POLLS polls. Before each, `step` adds events and a fault may be injected; `disturbedPoll` then runs it. */
async function simulate(
	harness: PollHarness,
	path: string,
	random: Random,
	step: (index: number) => void,
	onFired: (items: INodeExecutionData[]) => void,
	onState: (state: IDataObject) => void,
): Promise<Tally> {
	const tally: Tally = { polls: 0, failed: 0, restarts: 0, lostSaves: 0, requests: 0, maxStateBytes: 0 };
	for (let index = 0; index < POLLS; index++) {
		sandbox.faults.clear();
		step(index);
		sandbox.clearRequests();
		const roll = random.next();
		if (roll < 0.05) {
			// Past the request core's five attempts: this poll fails.
			sandbox.faults.inject({ service: 'scantrust', path, kind: '429', retryAfter: 0, times: 5 });
		} else if (roll < 0.08) {
			// Retried inside the poll, which then succeeds.
			sandbox.faults.inject({ service: 'scantrust', path, kind: '429', retryAfter: 0, times: random.int(1, 3) });
		} else if (roll < 0.085) {
			sandbox.faults.inject({ service: 'scantrust', path, kind: '503', times: 1 });
		}
		const polled = await disturbedPoll(harness, random, Object.keys(harness.nodeState()).length > 0);
		tally.polls += 1;
		if (polled.kind === 'lostSave') {
			tally.lostSaves += 1;
			continue;
		}
		if (polled.kind === 'restart') tally.restarts += 1;
		tally.requests += sandbox.requestsTo('scantrust').length;
		if (polled.failed) {
			tally.failed += 1;
			continue;
		}
		const { outcome } = polled;
		onFired(outcome.items);
		const state = harness.nodeState();
		tally.maxStateBytes = Math.max(tally.maxStateBytes, JSON.stringify(state).length);
		onState(state);
	}
	sandbox.faults.clear();
	return tally;
}

it(`Workorder Completed: ${POLLS} polls fire every completion exactly once`, async () => {
	const random = seededRandom(5);
	const parameters: INodeParameters = { event: 'workorderCompleted', options: { downloadCodes: true } };
	const harness = await PollHarness.create({ type: 'scantrustTrigger', parameters, credentials: scantrustCredentials(sandbox) });
	expect((await harness.activate()).items).toEqual([]);

	const created = new Set<number>();
	const fired: number[] = [];
	const completeAt = new Map<number, number[]>();
	const archiveAt = new Map<number, number[]>();
	const later = (map: Map<number, number[]>, at: number, id: number) => map.set(at, [...(map.get(at) ?? []), id]);
	let maxPending = 0;
	let unfinished = 0;

	const step = (index: number) => {
		const roll = random.next();
		const count = roll < 0.05 ? random.int(5, 12) : roll < 0.55 ? 1 : 0;
		for (let i = 0; i < count; i++) {
			const kind = random.next();
			if (kind < 0.3) {
				created.add(scantrust.createWorkorder({ complete: true, quantity: 3 }).id);
			} else if (kind < 0.85) {
				const { id } = scantrust.createWorkorder({ quantity: 3 });
				created.add(id);
				later(completeAt, index + random.int(1, 40), id);
			} else {
				// Abandoned: never completes, and the user archives it some time later.
				later(archiveAt, index + random.int(5, 60), scantrust.createWorkorder({ quantity: 3 }).id);
			}
		}
		for (const id of completeAt.get(index) ?? []) scantrust.complete(id);
		for (const id of archiveAt.get(index) ?? []) scantrust.updateWorkorder(id, { is_archived: true });
		completeAt.delete(index);
		archiveAt.delete(index);
		unfinished = [...completeAt.values(), ...archiveAt.values()].flat().length;
		// A storage hiccup during Download Codes fails the poll after some zips were already fetched.
		if (random.next() < 0.02) sandbox.faults.inject({ service: 'storage', kind: '429', retryAfter: 0, times: 5 });
	};

	const tally = await simulate(
		harness,
		'/api/v2/workorders/',
		random,
		step,
		(items) => {
			for (const item of items) {
				expect(item.binary?.data?.mimeType).toBe('application/zip');
				fired.push(item.json.id as number);
			}
		},
		(state) => {
			const { pending } = (state.pollState as { cursor: { pending: number[] } }).cursor;
			maxPending = Math.max(maxPending, pending.length);
			// Only workorders still unfinished in the sandbox can be pending.
			expect(pending.length).toBeLessThanOrEqual(unfinished);
		},
	);

	for (const ids of completeAt.values()) ids.forEach((id) => scantrust.complete(id));
	fired.push(...(await harness.poll()).items.map((item) => item.json.id as number));
	expect((await harness.poll()).items).toEqual([]);

	expectExactlyOnce(fired, created);
	expect(tally.failed).toBeGreaterThan(30);
	expect(tally.restarts + tally.lostSaves).toBeGreaterThan(30);
	expect(maxPending).toBeLessThan(100);
	expect(tally.maxStateBytes).toBeLessThan(2000);
	reportSimulation(
		'Workorder Completed',
		`Workorder Completed simulation: ${created.size} completions over ${tally.polls} polls ` +
			`(${tally.failed} failed, ${tally.restarts} restarts, ${tally.lostSaves} lost saves); ` +
			`${(tally.requests / tally.polls).toFixed(2)} Scantrust requests per poll; ` +
			`largest state ${tally.maxStateBytes} bytes, at most ${maxPending} pending`,
	);
});

it(`New Scan: ${POLLS} polls fire every matching scan exactly once`, async () => {
	const random = seededRandom(7);
	const campaign = 9300;
	const windowMs = 10 * 60_000;
	const stepMs = 30_000;
	let clock = Date.now() - 2 * 86_400_000;
	// History before activation anchors the window in the simulated past.
	scantrust.addScans(campaign, [{ count: 3, flags: ['counterfeit'], scan_timestamp: new Date(clock).toISOString() }]);
	const parameters: INodeParameters = {
		event: 'newScan',
		campaignId: String(campaign),
		filters: { flags: ['counterfeit'] },
		options: { lateWindowMinutes: 10 },
	};
	const harness = await PollHarness.create({ type: 'scantrustTrigger', parameters, credentials: scantrustCredentials(sandbox) });
	expect((await harness.activate()).items).toEqual([]);

	const created = new Set<string>();
	const fired: string[] = [];
	let newest = clock;
	let maxSeen = 0;
	let bursts = 0;
	let late = 0;

	const add = (time: number, count: number) => {
		const specs = Array.from({ length: count }, () => ({
			scan_timestamp: new Date(time).toISOString(),
			flags: random.next() < 0.7 ? ['counterfeit'] : ['genuine'],
		}));
		for (const scan of scantrust.addScans(campaign, specs)) {
			if (scan.flags.includes('counterfeit')) created.add(scan.uuid);
		}
		newest = Math.max(newest, time);
	};

	const step = () => {
		clock += stepMs;
		const roll = random.next();
		if (roll < 0.08) {
			bursts += 1;
			add(clock, random.int(10, 25));
		} else if (roll < 0.6) {
			add(clock, random.int(1, 3));
		}
		if (random.next() < 0.15) {
			late += 1;
			// Stamped before the newest scan, but inside the late window.
			add(newest - random.int(1, windowMs - stepMs), random.int(1, 3));
		}
	};

	const tally = await simulate(
		harness,
		'/api/v2/dashboard/scans/',
		random,
		step,
		(items) => {
			for (const item of items) {
				expect(item.json.flags).toContain('counterfeit');
				fired.push(item.json.uuid as string);
			}
		},
		(state) => {
			const { seen } = (state.pollState as { cursor: { seen: unknown[] } }).cursor;
			maxSeen = Math.max(maxSeen, seen.length);
		},
	);

	fired.push(...(await harness.poll()).items.map((item) => item.json.uuid as string));
	expect((await harness.poll()).items).toEqual([]);

	expectExactlyOnce(fired, created);
	expect(bursts).toBeGreaterThan(50);
	expect(late).toBeGreaterThan(100);
	expect(tally.failed).toBeGreaterThan(30);
	// The window holds about 20 steps of scans; the state holds their IDs and nothing older.
	expect(maxSeen).toBeLessThan(250);
	expect(tally.maxStateBytes).toBeLessThan(25_000);
	reportSimulation(
		'New Scan',
		`New Scan simulation: ${created.size} matching scans (${bursts} bursts, ${late} late) over ${tally.polls} polls ` +
			`(${tally.failed} failed, ${tally.restarts} restarts, ${tally.lostSaves} lost saves); ` +
			`${(tally.requests / tally.polls).toFixed(2)} Scantrust requests per poll; ` +
			`largest state ${tally.maxStateBytes} bytes, at most ${maxSeen} IDs seen`,
	);
});
