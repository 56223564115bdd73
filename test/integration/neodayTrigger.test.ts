// NeoDay Trigger against the sandbox gateway and storage over real HTTP,
// polled through n8n-core's PollContext and PollTriggerExecutor
// (test/harness/poll.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { loadPackage, PACKAGE_PREFIX, readBinary } from '../harness/n8n';
import { expectQuietActivation, PollHarness } from '../harness/poll';
import type { SandboxHandle } from '../harness/sandbox';
import { neoDayCredentials, useSandbox } from '../harness/sandbox';

interface ExportResult {
	id: string;
	expires_at: string;
	created_at: string;
}

interface NeoDayControl {
	tokenRequests: number;
	resultsOrder: 'newest-first' | 'oldest-first';
	rowsOf(resultId: string): IDataObject[];
	export(name: string): { runs: ExportResult[] } | undefined;
	addRuns(name: string, options?: { count?: number; rows?: number; at?: number; expired?: boolean }): ExportResult[];
	addExport(name: string, options?: { type?: string; runs?: number }): { system_name: string; runs: ExportResult[] };
	removeExport(name: string): void;
	deleteRun(resultId: string): void;
}

interface StoredCursor {
	fingerprint: string;
	cursor: Record<string, { at: string; ids: string[] }>;
}

const EXPORTS_PATH = '/api/1/data-exporter/automated';
const TOKEN_PATH = '/api/1/oauth2/access_token';

let sandbox: SandboxHandle;
let neoday: NeoDayControl;

beforeAll(async () => {
	sandbox = await useSandbox();
	neoday = sandbox.neoday as NeoDayControl;
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
});

async function trigger(parameters: INodeParameters, overrides: Parameters<typeof neoDayCredentials>[1] = {}) {
	return await PollHarness.create({
		type: 'neoDayTrigger',
		parameters,
		credentials: neoDayCredentials(sandbox, overrides),
	});
}

/** Activates and checks the activation fired nothing; the request log starts empty after it. */
async function activated(parameters: INodeParameters = {}) {
	const harness = await expectQuietActivation(await trigger(parameters));
	sandbox.clearRequests();
	return harness;
}

const stateOf = (harness: PollHarness) => harness.nodeState().pollState as unknown as StoredCursor;
const resultIds = (items: INodeExecutionData[]) => items.map((item) => item.json.resultId);
const gatewayRequests = () => sandbox.requestsTo('neoday').filter((request) => request.path !== TOKEN_PATH);
const lastRunOf = (name: string) => neoday.export(name)!.runs.at(-1)!;
const selected = (...names: string[]) => ({ exportsToWatch: 'selected', exportNames: names });

/** `count` runs one second apart, the newest `newestAgoMs` ago: real runs rarely share a second. */
function addSpacedRuns(name: string, count: number, newestAgoMs = 0): ExportResult[] {
	const newest = Date.now() - newestAgoMs;
	return Array.from({ length: count }, (_, index) => neoday.addRuns(name, { at: newest - (count - 1 - index) * 1000 })[0]);
}

describe('NeoDay Trigger: description', () => {
	it('follows n8n trigger conventions and is registered in package.json', async () => {
		const { nodeTypes } = await loadPackage();
		const { description } = nodeTypes.getByName(`${PACKAGE_PREFIX}.neoDayTrigger`) as INodeType;
		expect(description).toMatchObject({
			name: 'neoDayTrigger',
			displayName: 'NeoDay Trigger',
			group: ['trigger'],
			polling: true,
			inputs: [],
			credentials: [{ name: 'neoDayGatewayOAuth2Api', required: true }],
		});
		expect(description.usableAsTool).toBeUndefined();
		const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
		expect(pkg.n8n.nodes).toContain('dist/nodes/NeoDay/NeoDayTrigger.node.js');
	});
});

describe('NeoDay Trigger: New Export Result', () => {
	it('sets a baseline from the exports list on activation: past results do not fire', async () => {
		const harness = await trigger({});
		const outcome = await harness.activate();
		expect(outcome).toMatchObject({ items: [], saved: true });
		const { cursor } = harness.savedNodeState().pollState as unknown as StoredCursor;
		// Every export with a run; weekly-challenges never ran.
		expect(Object.keys(cursor)).toHaveLength(13);
		expect(cursor['weekly-challenges']).toBeUndefined();
		const last = lastRunOf('win-info');
		expect(cursor['win-info']).toEqual({ at: last.created_at, ids: [last.id] });
		expect(sandbox.requestsTo('neoday', EXPORTS_PATH).map((r) => r.path)).toEqual([EXPORTS_PATH]);
		expect((await harness.poll()).items).toEqual([]);
	});

	it("fires once per new result with the result's metadata", async () => {
		const harness = await activated();
		const [run] = neoday.addRuns('win-info');
		const outcome = await harness.poll();
		expect(outcome.error).toBeUndefined();
		expect(outcome.items).toEqual([
			{ json: { exportName: 'win-info', resultId: run.id, createdAt: run.created_at, expiresAt: run.expires_at } },
		]);
		expect(gatewayRequests().map((r) => [r.path, r.query])).toEqual([
			[EXPORTS_PATH, {}],
			[`${EXPORTS_PATH}/win-info/results`, { page: '1', perPage: '100' }],
		]);
		expect(stateOf(harness).cursor['win-info']).toEqual({ at: run.created_at, ids: [run.id] });
		expect((await harness.poll()).items).toEqual([]);
	});

	it('fires every result of several runs between two polls, oldest first, across exports', async () => {
		const harness = await activated();
		const now = Date.now();
		const a = neoday.addRuns('win-info', { at: now - 3000 });
		const b = neoday.addRuns('all-coupons', { at: now - 2000 });
		const c = neoday.addRuns('win-info', { count: 2, at: now - 1000 });
		const d = neoday.addRuns('all-coupons', { at: now });
		const outcome = await harness.poll();
		expect(resultIds(outcome.items)).toEqual([...a, ...b, ...c, ...d].map((r) => r.id));
		expect(outcome.items.map((item) => item.json.exportName)).toEqual([
			'win-info',
			'all-coupons',
			'win-info',
			'win-info',
			'all-coupons',
		]);
		expect((await harness.poll()).items).toEqual([]);
	});

	it("stops at n8n's poll time budget after one export; the others keep their place and fire on the next polls", async () => {
		const harness = await activated();
		const now = Date.now();
		const a = neoday.addRuns('win-info', { count: 2, at: now - 3000 });
		const b = neoday.addRuns('all-coupons', { at: now - 2000 });
		const c = neoday.addRuns('campaign-info', { at: now - 1000 });
		// A budget this small runs out at once: each poll reads one export's new results.
		harness.pollBudgetMs = 1;
		const polls = [resultIds((await harness.poll()).items), resultIds((await harness.poll()).items), resultIds((await harness.poll()).items)];
		expect(polls.every((fired) => fired.length > 0)).toBe(true);
		expect(polls.flat().sort()).toEqual([...a, ...b, ...c].map((r) => r.id).sort());
		expect((await harness.poll()).items).toEqual([]);
	});

	it('walks as many results pages as the new runs take, and no further', async () => {
		const harness = await activated();
		const runs = neoday.addRuns('win-info', { count: 150 });
		const outcome = await harness.poll();
		expect(resultIds(outcome.items)).toEqual(runs.map((r) => r.id));
		expect(gatewayRequests().map((r) => r.query.page ?? 'list')).toEqual(['list', '1', '2']);
	});

	it('fires runs that share a second with results already fired', async () => {
		const harness = await activated();
		const at = Date.now();
		const first = neoday.addRuns('win-info', { count: 2, at });
		expect(resultIds((await harness.poll()).items)).toEqual(first.map((r) => r.id));
		const second = neoday.addRuns('win-info', { count: 2, at });
		expect(resultIds((await harness.poll()).items)).toEqual(second.map((r) => r.id));
		expect(stateOf(harness).cursor['win-info'].ids).toHaveLength(4);
		expect((await harness.poll()).items).toEqual([]);
	});

	it('sends the export selection to the gateway and fires only for the selected exports', async () => {
		const harness = await activated(selected('win-info', 'all-coupons'));
		expect(Object.keys(stateOf(harness).cursor).sort()).toEqual(['all-coupons', 'win-info']);
		const [wins] = neoday.addRuns('win-info');
		neoday.addRuns('campaign-info');
		const [coupons] = neoday.addRuns('all-coupons');
		const outcome = await harness.poll();
		expect(resultIds(outcome.items)).toEqual([wins.id, coupons.id]);
		expect(gatewayRequests().map((r) => r.path)).toEqual([
			EXPORTS_PATH,
			`${EXPORTS_PATH}/win-info/results`,
			`${EXPORTS_PATH}/all-coupons/results`,
		]);
	});

	it('fires every result of an export set up after activation', async () => {
		const harness = await activated();
		const created = neoday.addExport('loyalty-tiers', { type: 'loyalty_points', runs: 3 });
		const outcome = await harness.poll();
		expect(resultIds(outcome.items)).toEqual(created.runs.map((r) => r.id));
		expect(stateOf(harness).cursor['loyalty-tiers'].ids).toEqual([created.runs[2].id]);
	});

	it('fires the first result of a selected export that had never run', async () => {
		const harness = await activated(selected('weekly-challenges'));
		expect(stateOf(harness).cursor).toEqual({});
		const [first] = neoday.addRuns('weekly-challenges');
		expect(resultIds((await harness.poll()).items)).toEqual([first.id]);
	});

	it('keeps the entry of an export that left the list, so its return does not fire its history', async () => {
		const harness = await activated();
		const entry = stateOf(harness).cursor['all-coupons'];
		const runs = neoday.export('all-coupons')!.runs;
		neoday.removeExport('all-coupons');
		expect((await harness.poll()).items).toEqual([]);
		expect(stateOf(harness).cursor['all-coupons']).toEqual(entry);
		// It comes back with the same results, plus a new one.
		const back = neoday.addExport('all-coupons', { type: 'all_coupons' });
		expect(back.runs).toEqual([]);
		neoday.export('all-coupons')!.runs.push(...runs);
		const [fresh] = neoday.addRuns('all-coupons');
		expect(resultIds((await harness.poll()).items)).toEqual([fresh.id]);
	});

	it('stops at an older result when the last one seen was deleted, instead of walking the whole history', async () => {
		addSpacedRuns('win-info', 300, 60_000);
		const harness = await activated();
		const seen = lastRunOf('win-info');
		neoday.deleteRun(seen.id);
		// last_run now points to an older result: nothing new.
		expect(await harness.poll()).toMatchObject({ items: [], saved: false });
		expect(gatewayRequests()).toHaveLength(1);
		sandbox.clearRequests();
		const fresh = neoday.addRuns('win-info', { count: 2 });
		expect(resultIds((await harness.poll()).items)).toEqual(fresh.map((r) => r.id));
		expect(gatewayRequests().map((r) => r.query.page ?? 'list')).toEqual(['list', '1']);
	});

	it('does not rely on the results order: oldest first is read to the end and still fires exactly the new results', async () => {
		const harness = await activated();
		neoday.resultsOrder = 'oldest-first';
		const spaced = addSpacedRuns('win-info', 120, 5000);
		expect(resultIds((await harness.poll()).items)).toEqual(spaced.map((r) => r.id));
		const at = Date.now();
		const more = [...neoday.addRuns('win-info', { at }), ...neoday.addRuns('win-info', { at })];
		expect(resultIds((await harness.poll()).items)).toEqual(more.map((r) => r.id));
		expect((await harness.poll()).items).toEqual([]);
	});

	it('Include Data = Rows as Items: the rows of each new result, types converted when asked', async () => {
		const harness = await activated({ includeData: 'rows', convertTypes: true });
		const [first, second] = neoday.addRuns('win-info', { count: 2, rows: 3 });
		const outcome = await harness.poll();
		expect(outcome.error).toBeUndefined();
		const expected = [...neoday.rowsOf(first.id), ...neoday.rowsOf(second.id)];
		expect(outcome.items).toHaveLength(6);
		expect(outcome.items.map((item) => item.json.userid)).toEqual(expected.map((row) => row.userid));
		expect(outcome.items[0].json.haswon).toBe(expected[0].haswon === '1');
		expect(sandbox.requestsTo('storage')).toHaveLength(2);
	});

	it('Include Data = File: the JSON file as binary, with no Authorization at the storage', async () => {
		const harness = await activated({ includeData: 'file', binaryPropertyName: 'export' });
		const [run] = neoday.addRuns('all-coupons', { rows: 4 });
		const outcome = await harness.poll();
		expect(outcome.error).toBeUndefined();
		expect(outcome.items).toHaveLength(1);
		expect(outcome.items[0].json).toEqual({
			exportName: 'all-coupons',
			resultId: run.id,
			fileName: `all-coupons-${run.id}.json`,
			createdAt: run.created_at,
			expiresAt: run.expires_at,
		});
		expect(outcome.items[0].binary?.export).toMatchObject({ mimeType: 'application/json' });
		const file = JSON.parse((await readBinary(outcome.items[0], 'export')).toString('utf8'));
		expect(file).toEqual({ all_coupons: neoday.rowsOf(run.id) });
		const downloads = sandbox.requestsTo('storage');
		expect(downloads).toHaveLength(1);
		expect(downloads[0].headers.authorization).toBeUndefined();
		expect(sandbox.requestsTo('neoday', `${EXPORTS_PATH}/fetch/`)[0].headers.authorization).toMatch(/^Bearer /);
	});

	it('skips a result that expired before it could be downloaded, instead of failing every poll', async () => {
		const harness = await activated({ includeData: 'rows' });
		const [gone] = neoday.addRuns('win-info', { expired: true, at: Date.now() - 1000 });
		const [kept] = neoday.addRuns('win-info', { rows: 2 });
		const outcome = await harness.poll();
		expect(outcome.error).toBeUndefined();
		expect(outcome.items).toHaveLength(2);
		expect(sandbox.requestsTo('neoday', `${EXPORTS_PATH}/fetch/`).map((r) => r.path)).toEqual([
			`${EXPORTS_PATH}/fetch/${kept.id}`,
		]);
		expect(stateOf(harness).cursor['win-info'].ids).toEqual([kept.id]);
		expect(gone.id).not.toBe(kept.id);
	});

	it('fires an expired result with Include Data = None: its metadata is all there is', async () => {
		const harness = await activated();
		const [gone] = neoday.addRuns('win-info', { expired: true });
		expect(resultIds((await harness.poll()).items)).toEqual([gone.id]);
	});

	it('returns the newest result of the selected exports in manual mode and leaves the state alone', async () => {
		const harness = await activated({ ...selected('win-info', 'all-coupons'), includeData: 'rows' });
		neoday.addRuns('win-info', { at: Date.now() - 2000, rows: 2 });
		const [newest] = neoday.addRuns('all-coupons', { rows: 3 });
		neoday.addRuns('campaign-info', { at: Date.now() + 5000 });
		const before = harness.nodeState();
		const saved = harness.snapshot();
		const outcome = await harness.manual();
		expect(outcome.error).toBeUndefined();
		expect(outcome.items.map((item) => item.json)).toEqual(neoday.rowsOf(newest.id));
		expect(outcome.saved).toBe(false);
		expect(harness.nodeState()).toEqual(before);
		expect(harness.snapshot()).toEqual(saved);
		// Both still fire for the active trigger.
		expect((await harness.poll()).items).toHaveLength(5);
	});

	it('returns a result in manual mode before the trigger was ever activated', async () => {
		const harness = await trigger({});
		const [run] = neoday.addRuns('loyalty-points');
		const outcome = await harness.manual();
		expect(resultIds(outcome.items)).toEqual([run.id]);
		expect(harness.nodeState()).toEqual({});
	});

	it('says so in manual mode when no selected export has a result', async () => {
		const harness = await trigger(selected('weekly-challenges'));
		const outcome = await harness.manual();
		expect(outcome.error).toBeInstanceOf(NodeOperationError);
		expect(outcome.error?.message).toBe('No data with the current filter could be found');
		expect(outcome.error?.description).toContain('None of the exports weekly-challenges has a result yet');
	});

	it('refuses to activate with Selected Exports and none picked', async () => {
		const harness = await trigger(selected());
		const outcome = await harness.activate();
		expect(outcome.error).toBeInstanceOf(NodeOperationError);
		expect(outcome.error?.message).toBe('No export selected');
	});

	it('resets to a new baseline when the export selection changes', async () => {
		const harness = await activated(selected('win-info'));
		const before = stateOf(harness).fingerprint;
		neoday.addRuns('all-coupons');
		neoday.addRuns('win-info');
		harness.setParameters(selected('all-coupons', 'win-info'));
		expect((await harness.activate()).items).toEqual([]);
		const after = stateOf(harness);
		expect(after.fingerprint).not.toBe(before);
		expect(after.fingerprint).toContain('all-coupons');
		const [next] = neoday.addRuns('all-coupons');
		expect(resultIds((await harness.poll()).items)).toEqual([next.id]);

		// The same exports picked in another order are the same selection.
		harness.setParameters(selected('win-info', 'all-coupons'));
		const [kept] = neoday.addRuns('win-info');
		expect(resultIds((await harness.activate()).items)).toEqual([kept.id]);
	});

	it('keeps its position when only Include Data changes', async () => {
		const harness = await activated();
		const [run] = neoday.addRuns('win-info', { rows: 2 });
		harness.setParameters({ includeData: 'rows' });
		const outcome = await harness.activate();
		expect(outcome.items.map((item) => item.json)).toEqual(neoday.rowsOf(run.id));
	});

	it.each([
		['the exports list', { service: 'neoday', path: EXPORTS_PATH }],
		['the results walk', { service: 'neoday', path: `${EXPORTS_PATH}/win-info/results` }],
		['the file download', { service: 'storage' }],
	])('throws a NodeApiError and keeps the state when %s fails, then fires on the next poll', async (_, where) => {
		const harness = await activated({ includeData: 'file' });
		const [run] = neoday.addRuns('win-info');
		const before = harness.nodeState();
		const saved = harness.snapshot();
		// Past the request core's five attempts; Retry-After 0 keeps the test fast.
		sandbox.faults.inject({ ...where, kind: '429', retryAfter: 0, times: 5 });
		const failed = await harness.poll();
		expect(failed.error).toBeInstanceOf(NodeApiError);
		expect(failed.error?.httpCode).toBe('429');
		expect(failed.items).toEqual([]);
		expect(harness.nodeState()).toEqual(before);
		expect(harness.snapshot()).toEqual(saved);
		expect(resultIds((await harness.poll()).items)).toEqual([run.id]);
	});

	it('fails the activation with a NodeApiError when the client is refused, and stores nothing', async () => {
		const harness = await trigger({}, { clientSecret: 'wrong' });
		const outcome = await harness.activate();
		expect(outcome.error).toBeInstanceOf(NodeApiError);
		expect(outcome.error?.message).toContain('NeoDay refused the token request');
		expect(harness.nodeState()).toEqual({});
	});

	it('makes one request per idle poll, writes nothing, and fetches the token once across polls', async () => {
		neoday.addRuns('win-info', { count: 250 });
		const harness = await activated({ includeData: 'rows' });
		for (let i = 0; i < 5; i++) expect(await harness.poll()).toMatchObject({ items: [], saved: false });
		expect(gatewayRequests().map((r) => r.path)).toEqual(Array(5).fill(EXPORTS_PATH));
		expect(sandbox.requestsTo('neoday', TOKEN_PATH)).toHaveLength(0);
		expect(neoday.tokenRequests).toBe(1);
	});
});
