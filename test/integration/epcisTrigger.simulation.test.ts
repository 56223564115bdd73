// Long randomized runs of TrackVision Trigger → New EPCIS Event against the sandbox's EPCIS
// interface: new events, bursts sharing one recordTime and larger than a page, late events
// recorded inside the window, events that do not match the filters, API faults, polls cut at
// n8n's poll budget, restarts and polls whose result was lost before n8n saved it. Whatever
// happens, every matching event recorded after activation fires exactly once.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { PollHarness } from '../harness/poll';
import type { SandboxHandle } from '../harness/sandbox';
import { trackVisionCredentials, useSandbox } from '../harness/sandbox';
import { disturbedPoll, expectExactlyOnce, reportSimulation, seededRandom } from '../harness/simulation';

interface EpcisControl {
	addEvents(events: IDataObject[], recordTime?: string): IDataObject[];
}

const POLLS = 600;
const WINDOW_MINUTES = 5;
const WINDOW_MS = WINDOW_MINUTES * 60_000;
const STEP_MS = 30_000;
const PATH = '/v2/epcis/events';

let sandbox: SandboxHandle;
let epcis: EpcisControl;

beforeAll(async () => {
	sandbox = await useSandbox();
	epcis = sandbox.epcis as EpcisControl;
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => sandbox.reset());

const BIZ_STEPS = ['commissioning', 'shipping', 'receiving'];
const TYPES = ['ObjectEvent', 'AggregationEvent'];

it(`New EPCIS Event: ${POLLS} polls fire every matching event exactly once`, async () => {
	const random = seededRandom(23);
	const created = new Set<string>();
	const fired: string[] = [];
	const clock = { now: Date.now() - 2 * 86_400_000, newest: 0, bursts: 0, late: 0, pages: 0 };
	clock.newest = clock.now;
	let serial = 0;
	const add = (time: number, count: number) => {
		const events = Array.from({ length: count }, () => ({
			type: random.pick(TYPES),
			eventTime: new Date(time - 60_000).toISOString(),
			eventTimeZoneOffset: '+00:00',
			action: 'ADD',
			bizStep: random.pick(BIZ_STEPS),
			epcList: [`urn:epc:id:sgtin:0614141.107346.${serial++}`],
		}));
		for (const stored of epcis.addEvents(events, new Date(time).toISOString())) {
			if (stored.type === 'ObjectEvent' && stored.bizStep !== 'receiving') created.add(stored.eventID as string);
		}
		clock.newest = Math.max(clock.newest, time);
	};

	// History before activation anchors the window in the simulated past; it never fires.
	add(clock.now, 3);
	created.clear();
	const parameters: INodeParameters = {
		event: 'newEpcisEvent',
		filters: { eventTypes: ['ObjectEvent'], bizSteps: 'commissioning, shipping' },
		options: { lateWindowMinutes: WINDOW_MINUTES },
	};
	const harness = await PollHarness.create({ type: 'trackVisionTrigger', parameters, credentials: trackVisionCredentials(sandbox) });
	expect((await harness.activate()).items).toEqual([]);

	const tally = { failed: 0, restarts: 0, lostSaves: 0, cut: 0, maxSeen: 0, maxStateBytes: 0 };
	for (let index = 0; index < POLLS; index++) {
		sandbox.faults.clear();
		clock.now += STEP_MS;
		const roll = random.next();
		if (roll < 0.05) {
			clock.bursts += 1;
			// More than one page of 100: a poll cut at its budget leaves the rest for the next.
			add(clock.now, random.int(150, 260));
		} else if (roll < 0.6) {
			add(clock.now, random.int(1, 4));
		}
		if (random.next() < 0.15) {
			clock.late += 1;
			add(clock.newest - random.int(1, WINDOW_MS - STEP_MS), random.int(1, 3));
		}
		const fault = random.next();
		if (fault < 0.05) sandbox.faults.inject({ service: 'epcis', path: PATH, kind: '429', retryAfter: 0, times: 5 });
		else if (fault < 0.08) sandbox.faults.inject({ service: 'epcis', path: PATH, kind: '429', retryAfter: 0, times: random.int(1, 3) });
		else if (fault < 0.09) sandbox.faults.inject({ service: 'epcis', path: PATH, kind: 'reset', times: 1 });
		// Some polls get so little time that they stop after their first page.
		harness.pollBudgetMs = random.next() < 0.2 ? 1 : undefined;
		if (harness.pollBudgetMs) tally.cut += 1;

		const polled = await disturbedPoll(harness, random);
		if (polled.kind === 'lostSave') {
			tally.lostSaves += 1;
			continue;
		}
		if (polled.kind === 'restart') tally.restarts += 1;
		if (polled.failed) {
			tally.failed += 1;
			continue;
		}
		for (const item of polled.outcome.items) {
			expect(item.json).toMatchObject({ type: 'ObjectEvent', bizStep: expect.stringMatching(/^(commissioning|shipping)$/) });
			fired.push(item.json.eventID as string);
		}
		const state = harness.nodeState();
		tally.maxSeen = Math.max(tally.maxSeen, (state.pollState as { cursor: { seen: unknown[] } }).cursor.seen.length);
		tally.maxStateBytes = Math.max(tally.maxStateBytes, JSON.stringify(state).length);
	}
	sandbox.faults.clear();
	harness.pollBudgetMs = undefined;
	for (let drain = 0; drain < 5; drain++) fired.push(...(await harness.poll()).items.map((item) => item.json.eventID as string));
	expect((await harness.poll()).items).toEqual([]);

	expectExactlyOnce(fired, created);
	expect(clock.bursts).toBeGreaterThan(15);
	expect(clock.late).toBeGreaterThan(50);
	expect(tally.failed).toBeGreaterThan(10);
	expect(tally.cut).toBeGreaterThan(50);
	expect(tally.restarts + tally.lostSaves).toBeGreaterThan(10);
	reportSimulation(
		'New EPCIS Event',
		`New EPCIS Event simulation: ${created.size} matching events (${clock.bursts} bursts over a page, ${clock.late} late) over ${POLLS} polls ` +
			`(${tally.failed} failed, ${tally.cut} cut at the poll budget, ${tally.restarts} restarts, ${tally.lostSaves} lost saves); ` +
			`largest state ${tally.maxStateBytes} bytes, at most ${tally.maxSeen} IDs seen`,
	);
}, 600_000);
