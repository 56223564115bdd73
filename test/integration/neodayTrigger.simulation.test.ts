// A long randomized run of the NeoDay Trigger against the sandbox: new runs,
// bursts of runs in one second, exports set up, gone for a while and back,
// fired results deleted, the results list switching order, API and storage
// faults, restarts and polls whose result was lost before n8n saved it.
// Whatever happens, every result created after activation fires exactly
// once and the stored state stays small.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { PollHarness } from '../harness/poll';
import type { SandboxHandle } from '../harness/sandbox';
import { neoDayCredentials, useSandbox } from '../harness/sandbox';
import { disturbedPoll, expectExactlyOnce, reportSimulation, seededRandom } from '../harness/simulation';

interface ExportResult {
	id: string;
	created_at: string;
}

interface ExportEntry {
	system_name: string;
	runs: ExportResult[];
}

interface NeoDayControl {
	tokenRequests: number;
	resultsOrder: 'newest-first' | 'oldest-first';
	exports: ExportEntry[];
	addRuns(name: string, options?: { count?: number; rows?: number; at?: number }): ExportResult[];
	addExport(name: string, options?: { type?: string; runs?: number }): { runs: ExportResult[] };
	deleteRun(resultId: string): void;
}

const POLLS = 1000;
const EXPORTS_PATH = '/api/1/data-exporter/automated';
const TOKEN_PATH = '/api/1/oauth2/access_token';
/** 100,000 rows a run: downloading it a few hundred times would only slow the test down. */
const LARGE_EXPORT = 'win-info-all-time';

let sandbox: SandboxHandle;
let neoday: NeoDayControl;

beforeAll(async () => {
	sandbox = await useSandbox();
	neoday = sandbox.neoday as NeoDayControl;
});

afterAll(async () => {
	await sandbox.close();
});

it(`New Export Result: ${POLLS} polls fire every new result exactly once`, async () => {
	sandbox.reset();
	const random = seededRandom(11);
	const harness = await PollHarness.create({
		type: 'neoDayTrigger',
		parameters: { exportsToWatch: 'all', includeData: 'file' },
		credentials: neoDayCredentials(sandbox),
	});
	expect((await harness.activate()).items).toEqual([]);

	const created = new Set<string>();
	const fired: string[] = [];
	const hidden: Array<{ entry: ExportEntry; back: number }> = [];
	const tally = { failed: 0, restarts: 0, lostSaves: 0, bursts: 0, newExports: 0, comebacks: 0, deleted: 0, flips: 0 };
	const requestsPerPoll: number[] = [];
	let idlePolls = 0;
	let maxStateBytes = 0;
	let maxIdsPerExport = 0;
	let newExports = 0;

	const listed = () => neoday.exports.filter((entry) => entry.system_name !== LARGE_EXPORT);
	const createdAt = new Map<string, string>();
	const record = (runs: ExportResult[]) =>
		runs.forEach((run) => {
			created.add(run.id);
			createdAt.set(run.id, run.created_at);
		});

	const step = (index: number) => {
		const roll = random.next();
		if (roll < 0.35) {
			record(neoday.addRuns(random.pick(listed()).system_name, { rows: 2 }));
		} else if (roll < 0.42) {
			// Several exports run at once, some of them more than once within the second.
			tally.bursts += 1;
			const at = Date.now();
			for (let i = random.int(1, 3); i > 0; i--) {
				record(neoday.addRuns(random.pick(listed()).system_name, { count: random.int(1, 4), rows: 2, at }));
			}
		} else if (roll < 0.43 && newExports < 12) {
			tally.newExports += 1;
			record(neoday.addExport(`sim-export-${(newExports += 1)}`, { runs: random.int(0, 3) }).runs);
		}
		if (random.next() < 0.01 && listed().length > 4) {
			// The export leaves the list for a while, unfired runs included, and comes back unchanged.
			const entry = random.pick(listed());
			neoday.exports.splice(neoday.exports.indexOf(entry), 1);
			hidden.push({ entry, back: index + random.int(1, 30) });
		}
		for (const item of hidden.filter((h) => h.back <= index)) {
			tally.comebacks += 1;
			neoday.exports.push(item.entry);
			hidden.splice(hidden.indexOf(item), 1);
		}
		if (random.next() < 0.03) {
			// NeoDay deletes a result that already fired, often the export's newest: the one the cursor points at.
			const entry = random.pick(listed());
			const run = entry.runs.at(random.next() < 0.7 ? -1 : 0);
			if (run && fired.includes(run.id)) {
				tally.deleted += 1;
				neoday.deleteRun(run.id);
			}
		}
		if (random.next() < 0.01) {
			tally.flips += 1;
			neoday.resultsOrder = neoday.resultsOrder === 'newest-first' ? 'oldest-first' : 'newest-first';
		}
	};

	const onFired = (items: INodeExecutionData[]) => {
		const times = items.map((item) => Date.parse(item.json.createdAt as string));
		expect(times).toEqual([...times].sort((a, b) => a - b));
		for (const item of items) {
			expect(item.binary?.data?.mimeType).toBe('application/json');
			fired.push(item.json.resultId as string);
		}
	};

	for (let index = 0; index < POLLS; index++) {
		sandbox.faults.clear();
		step(index);
		sandbox.clearRequests();
		const roll = random.next();
		if (roll < 0.04) {
			// Past the request core's five attempts: this poll fails at the exports list.
			sandbox.faults.inject({ service: 'neoday', path: EXPORTS_PATH, kind: '429', retryAfter: 0, times: 5 });
		} else if (roll < 0.07) {
			// Fails in the walk, if this poll walks.
			sandbox.faults.inject({ service: 'neoday', path: /\/results$/, kind: '429', retryAfter: 0, times: 5 });
		} else if (roll < 0.09) {
			// Fails at a download, after other results may have been downloaded.
			sandbox.faults.inject({ service: 'storage', kind: '429', retryAfter: 0, times: 5 });
		} else if (roll < 0.13) {
			// Retried inside the poll, which then succeeds.
			sandbox.faults.inject({ service: 'neoday', path: EXPORTS_PATH, kind: '429', retryAfter: 0, times: random.int(1, 3) });
		} else if (roll < 0.135) {
			sandbox.faults.inject({ service: 'neoday', kind: '503', times: 1 });
		}
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
		const { outcome } = polled;
		const gatewayRequests = sandbox.requestsTo('neoday').filter((r) => r.path !== TOKEN_PATH);
		requestsPerPoll.push(gatewayRequests.filter((r) => !r.path.startsWith(`${EXPORTS_PATH}/fetch/`)).length);
		if (!gatewayRequests.some((r) => r.path.endsWith('/results'))) {
			idlePolls += 1;
			// Nothing to walk: the exports list alone.
			expect(gatewayRequests.filter((r) => r.path === EXPORTS_PATH).length).toBe(gatewayRequests.length);
		}
		onFired(outcome.items);
		const state = harness.nodeState();
		maxStateBytes = Math.max(maxStateBytes, JSON.stringify(state).length);
		const cursor = (state.pollState as IDataObject).cursor as Record<string, { at: string; ids: string[] }>;
		for (const entry of Object.values(cursor)) {
			maxIdsPerExport = Math.max(maxIdsPerExport, entry.ids.length);
			// Only the results of the newest second are kept.
			for (const id of entry.ids) expect(createdAt.get(id) ?? entry.at).toBe(entry.at);
		}
	}

	sandbox.faults.clear();
	for (const { entry } of hidden) neoday.exports.push(entry);
	onFired((await harness.poll()).items);
	expect((await harness.poll()).items).toEqual([]);

	expectExactlyOnce(fired, created);

	expect(tally.failed).toBeGreaterThan(50);
	expect(tally.restarts + tally.lostSaves).toBeGreaterThan(30);
	expect(tally.bursts).toBeGreaterThan(30);
	expect(tally.comebacks).toBeGreaterThan(3);
	expect(tally.deleted).toBeGreaterThan(10);
	expect(tally.flips).toBeGreaterThan(3);
	// Polls a few milliseconds apart put many runs in one second; the real schedule does not.
	expect(maxIdsPerExport).toBeLessThanOrEqual(100);
	// About 26 exports at most, each an entry of a date and a few IDs.
	expect(maxStateBytes).toBeLessThan(6000);
	expect(neoday.tokenRequests).toBe(1);
	const average = requestsPerPoll.reduce((sum, count) => sum + count, 0) / requestsPerPoll.length;
	reportSimulation(
		'New Export Result',
		`New Export Result simulation: ${created.size} results over ${POLLS} polls ` +
			`(${tally.failed} failed, ${tally.restarts} restarts, ${tally.lostSaves} lost saves, ${tally.bursts} bursts, ` +
			`${tally.newExports} new exports, ${tally.comebacks} comebacks, ${tally.deleted} deleted, ${tally.flips} order flips); ` +
			`${average.toFixed(2)} list and results requests per successful poll (downloads aside), ${idlePolls} of them read only the exports list; ` +
			`largest state ${maxStateBytes} bytes, at most ${maxIdsPerExport} IDs per export; ${neoday.tokenRequests} token request`,
	);
});
