// Scantrust Trigger against the sandbox over real HTTP, polled through
// n8n-core's PollContext and PollTriggerExecutor (test/harness/poll.ts).
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { loadPackage, PACKAGE_PREFIX, readBinary } from '../harness/n8n';
import { expectQuietActivation, PollHarness } from '../harness/poll';
import type { SandboxHandle } from '../harness/sandbox';
import { scantrustCredentials, useSandbox } from '../harness/sandbox';

interface ScantrustControl {
	createWorkorder(fields: IDataObject): IDataObject & { id: number };
	updateWorkorder(id: number, fields: IDataObject): IDataObject;
	complete(id: number): IDataObject;
	addScans(campaignId: number, specs: IDataObject[]): Array<IDataObject & { uuid: string; scan_timestamp: string }>;
	workorderListOrder: string;
}

let sandbox: SandboxHandle;
let scantrust: ScantrustControl;

beforeAll(async () => {
	sandbox = await useSandbox();
	scantrust = sandbox.scantrust as ScantrustControl;
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
});

async function trigger(parameters: INodeParameters, token?: string) {
	return await PollHarness.create({
		type: 'scantrustTrigger',
		parameters,
		credentials: scantrustCredentials(sandbox, token),
	});
}

/** Activates and checks the activation fired nothing; the request log starts empty after it. */
async function activated(parameters: INodeParameters) {
	const harness = await expectQuietActivation(await trigger(parameters));
	sandbox.clearRequests();
	return harness;
}

const ids = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json.id);
const uuids = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json.uuid);
const DAY = 86_400_000;

describe('Scantrust Trigger: description', () => {
	it('follows n8n trigger conventions', async () => {
		const { nodeTypes } = await loadPackage();
		const { description } = nodeTypes.getByName(`${PACKAGE_PREFIX}.scantrustTrigger`) as INodeType;
		expect(description).toMatchObject({
			name: 'scantrustTrigger',
			displayName: 'Scantrust Trigger',
			polling: true,
			inputs: [],
			credentials: [{ name: 'scantrustApi', required: true }],
		});
		expect(description.usableAsTool).toBeUndefined();
	});
});

describe('Scantrust Trigger: Workorder Completed', () => {
	const base = { event: 'workorderCompleted' };

	it('sets a baseline on activation: completed history does not fire', async () => {
		const harness = await trigger(base);
		const outcome = await harness.activate();
		expect(outcome).toMatchObject({ items: [], saved: true });
		// The seeded workorders are months old: older than the 30-day wait, so none is pending.
		expect(harness.savedNodeState().pollState).toMatchObject({ cursor: { highest: 5005, pending: [] } });
		expect((await harness.poll()).items).toEqual([]);
	});

	it('fires once for a workorder created after activation when it completes, with the full workorder', async () => {
		const harness = await activated(base);
		const workorder = scantrust.createWorkorder({ reference: 'WO-LATER', remarks: 'for the printer' });
		expect((await harness.poll()).items).toEqual([]);
		expect(harness.nodeState().pollState).toMatchObject({ cursor: { highest: workorder.id, pending: [workorder.id] } });
		scantrust.complete(workorder.id);
		const outcome = await harness.poll();
		expect(ids(outcome.items)).toEqual([workorder.id]);
		expect(outcome.items[0].json).toMatchObject({
			reference: 'WO-LATER',
			state: 'completed',
			codegen_file: expect.stringContaining('/objects/'),
			company: { id: 339 },
		});
		expect(outcome.items[0].binary).toBeUndefined();
		expect(harness.nodeState().pollState).toMatchObject({ cursor: { pending: [] } });
		expect((await harness.poll()).items).toEqual([]);
	});

	it('fires for workorders that were already complete when first seen, and ones that complete on their own later', async () => {
		const harness = await activated(base);
		const done = scantrust.createWorkorder({ complete: true });
		const later = scantrust.createWorkorder({ complete_in_ms: 150 });
		expect(ids((await harness.poll()).items)).toEqual([done.id]);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(ids((await harness.poll()).items)).toEqual([later.id]);
	});

	it('awaits workorders that were unfinished at activation, within the waiting period', async () => {
		const harness = await activated({ ...base, options: { maxPendingDays: 365 } });
		expect(harness.nodeState().pollState).toMatchObject({ cursor: { pending: [5001, 5002, 5003] } });
		scantrust.complete(5002);
		expect(ids((await harness.poll()).items)).toEqual([5002]);
		expect(harness.nodeState().pollState).toMatchObject({ cursor: { pending: [5001, 5003] } });
	});

	it('stops awaiting a workorder older than the waiting period', async () => {
		const harness = await activated({ ...base, options: { maxPendingDays: 7 } });
		const old = scantrust.createWorkorder({ creation_date: new Date(Date.now() - 8 * DAY).toISOString() });
		const recent = scantrust.createWorkorder({ creation_date: new Date(Date.now() - 6 * DAY).toISOString() });
		await harness.poll();
		expect(harness.nodeState().pollState).toMatchObject({ cursor: { pending: [recent.id] } });
		scantrust.complete(old.id);
		scantrust.complete(recent.id);
		expect(ids((await harness.poll()).items)).toEqual([recent.id]);
	});

	it('sends the search and archived filters, and honours them', async () => {
		const harness = await activated({ ...base, filters: { search: 'PRINTSHOP' } });
		const match = scantrust.createWorkorder({ reference: 'WO-PRINTSHOP-1', complete: true });
		scantrust.createWorkorder({ reference: 'WO-OTHER-1', complete: true });
		scantrust.createWorkorder({ reference: 'WO-PRINTSHOP-2', complete: true, is_archived: true });
		expect(ids((await harness.poll()).items)).toEqual([match.id]);
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/').map((r) => r.query)).toEqual([
			{ search: 'PRINTSHOP', is_archived: '0', limit: '100', offset: '0' },
		]);

		const withArchived = await activated({ ...base, filters: { search: 'PRINTSHOP', includeArchived: true } });
		const archivedLater = scantrust.createWorkorder({ reference: 'WO-PRINTSHOP-3', complete: true, is_archived: true });
		expect(ids((await withArchived.poll()).items)).toEqual([archivedLater.id]);
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/').at(-1)?.query).toEqual({
			search: 'PRINTSHOP',
			limit: '100',
			offset: '0',
		});
	});

	it('drops a pending workorder that stops matching the filters, e.g. when it is archived', async () => {
		const harness = await activated(base);
		const workorder = scantrust.createWorkorder({});
		await harness.poll();
		scantrust.updateWorkorder(workorder.id, { is_archived: true });
		expect((await harness.poll()).items).toEqual([]);
		expect(harness.nodeState().pollState).toMatchObject({ cursor: { pending: [] } });
	});

	it('attaches the codes zip with Download Codes, sending no credentials to the storage host', async () => {
		const harness = await activated({ ...base, options: { downloadCodes: true, binaryPropertyName: 'codes' } });
		const workorder = scantrust.createWorkorder({ reference: 'WO-ZIP', quantity: 3, complete: true });
		const { items, error } = await harness.poll();
		expect(error).toBeUndefined();
		expect(ids(items)).toEqual([workorder.id]);
		expect(items[0].binary?.codes).toMatchObject({
			fileName: `workorder-${workorder.id}-codes.zip`,
			mimeType: 'application/zip',
		});
		const zip = await readBinary(items[0], 'codes');
		expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
		expect(zip.toString('latin1')).toContain('Extended ID,Serial Number,Sequence,Batch,Full URL');
		const downloads = sandbox.requestsTo('storage', '/objects/');
		expect(downloads).toHaveLength(1);
		expect(downloads[0].headers.authorization).toBeUndefined();
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/')[0].headers.authorization).toBe('UAT sandbox-uat-token');
	});

	it('returns the most recent completed workorder in manual mode and leaves the state alone', async () => {
		const harness = await activated({ ...base, options: { downloadCodes: true } });
		const pending = scantrust.createWorkorder({});
		const before = harness.nodeState();
		const outcome = await harness.manual();
		expect(outcome.error).toBeUndefined();
		expect(ids(outcome.items)).toEqual([5005]);
		expect(outcome.items[0].binary?.data?.mimeType).toBe('application/zip');
		expect(outcome.saved).toBe(false);
		expect(harness.nodeState()).toEqual(before);
		scantrust.complete(pending.id);
		expect(ids((await harness.poll()).items)).toEqual([pending.id]);
	});

	it('says so in manual mode when no completed workorder matches', async () => {
		const harness = await trigger({ ...base, filters: { search: 'NO-SUCH-WORKORDER' } });
		const outcome = await harness.manual();
		expect(outcome.error).toBeInstanceOf(NodeOperationError);
		expect(outcome.error?.message).toBe('No data with the current filter could be found');
		expect(outcome.error?.description).toContain('No completed workorder matches the filters');
	});

	it('resets to a new baseline when a filter changes, firing neither a flood nor stale events', async () => {
		const harness = await activated(base);
		const before = harness.nodeState();
		scantrust.createWorkorder({ reference: 'WO-BATCH-A', complete: true });
		harness.setParameters({ ...base, filters: { search: 'BATCH' } });
		expect((await harness.activate()).items).toEqual([]);
		const after = harness.nodeState().pollState as IDataObject;
		expect(after.fingerprint).not.toEqual((before.pollState as IDataObject).fingerprint);
		expect(after.fingerprint).toContain('BATCH');
		const next = scantrust.createWorkorder({ reference: 'WO-BATCH-B', complete: true });
		expect(ids((await harness.poll()).items)).toEqual([next.id]);
	});

	it('throws a NodeApiError and keeps the state when the API fails, then fires on the next poll', async () => {
		const harness = await activated(base);
		const workorder = scantrust.createWorkorder({ complete: true });
		const before = harness.nodeState();
		const saved = harness.snapshot();
		// Past the request core's five attempts; Retry-After 0 keeps the test fast.
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/workorders/', kind: '429', retryAfter: 0, times: 5 });
		const failed = await harness.poll();
		expect(failed.error).toBeInstanceOf(NodeApiError);
		expect(failed.error?.httpCode).toBe('429');
		expect(failed.items).toEqual([]);
		expect(harness.nodeState()).toEqual(before);
		expect(harness.snapshot()).toEqual(saved);
		expect(ids((await harness.poll()).items)).toEqual([workorder.id]);
	});

	it('keeps the state when a codes download fails, so the workorder fires with its zip next time', async () => {
		const harness = await activated({ ...base, options: { downloadCodes: true } });
		const workorder = scantrust.createWorkorder({ complete: true });
		const before = harness.nodeState();
		sandbox.faults.inject({ service: 'storage', kind: '429', retryAfter: 0, times: 5 });
		const failed = await harness.poll();
		expect(failed.error).toBeInstanceOf(NodeApiError);
		expect(harness.nodeState()).toEqual(before);
		const retried = await harness.poll();
		expect(ids(retried.items)).toEqual([workorder.id]);
		expect(retried.items[0].binary?.data).toBeDefined();
	});

	it('fails the activation with a NodeApiError when the token is refused', async () => {
		const harness = await trigger(base, 'not-a-token');
		const outcome = await harness.activate();
		expect(outcome.error).toBeInstanceOf(NodeApiError);
		expect(outcome.error?.httpCode).toBe('401');
		expect(harness.nodeState()).toEqual({});
	});

	it('makes one request per idle poll, however long the history, and writes nothing', async () => {
		for (let i = 0; i < 250; i++) scantrust.createWorkorder({ complete: true });
		const harness = await activated(base);
		for (let i = 0; i < 3; i++) {
			const idle = await harness.poll();
			expect(idle).toMatchObject({ items: [], saved: false });
		}
		expect(sandbox.requestsTo('scantrust')).toHaveLength(3);
		expect(sandbox.requestsTo('scantrust').every((r) => r.query.limit === '100' && r.query.offset === '0')).toBe(true);
	});

	it('reads deeper only as far as the oldest pending workorder, with large pages', async () => {
		const harness = await activated(base);
		const pending = scantrust.createWorkorder({});
		await harness.poll();
		for (let i = 0; i < 700; i++) scantrust.createWorkorder({ complete: true });
		sandbox.clearRequests();
		expect((await harness.poll()).items).toHaveLength(700);
		// 100 + 500 (the sandbox's largest page) + the page reaching the pending workorder.
		expect(sandbox.requestsTo('scantrust').map((r) => [r.query.offset, r.query.limit])).toEqual([
			['0', '100'],
			['100', '1000'],
			['600', '1000'],
		]);
		scantrust.complete(pending.id);
		expect(ids((await harness.poll()).items)).toEqual([pending.id]);
		sandbox.clearRequests();
		await harness.poll();
		expect(sandbox.requestsTo('scantrust')).toHaveLength(1);
	});

	it('reads the whole list instead of missing workorders if the list is not newest first', async () => {
		const harness = await activated(base);
		scantrust.workorderListOrder = 'oldest-first';
		for (let i = 0; i < 120; i++) scantrust.createWorkorder({});
		const last = scantrust.createWorkorder({ complete: true });
		expect(ids((await harness.poll()).items)).toEqual([last.id]);
	});

	it("stops at n8n's poll time budget and carries on next poll: every completed workorder fires once", async () => {
		const harness = await activated(base);
		const created = Array.from({ length: 2300 }, (_, i) => scantrust.createWorkorder({ complete: i % 3 === 0 }));
		const completed = created.filter((_, i) => i % 3 === 0).map((w) => w.id);
		// A budget this small runs out at once: each poll reads the first page and one page past where the last stopped.
		harness.pollBudgetMs = 1;
		const fired: unknown[] = [];
		for (let poll = 0; poll < 8; poll++) {
			sandbox.clearRequests();
			fired.push(...ids((await harness.poll()).items));
			expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/').length).toBeLessThanOrEqual(2);
		}
		expect([...fired].sort()).toEqual([...completed].sort());
		harness.pollBudgetMs = undefined;
		expect((await harness.poll()).items).toEqual([]);
		// Still awaited (the newest 1,000 unfinished ones are): it fires when it completes.
		const late = created.filter((_, i) => i % 3 === 1).pop()!;
		scantrust.complete(late.id);
		expect(ids((await harness.poll()).items)).toEqual([late.id]);
	});

	describe.each([['newest-first'], ['oldest-first']])('with a long history listed %s', (order) => {
		const history = 1500;
		const workorderRequests = () => sandbox.requestsTo('scantrust', '/api/v2/workorders/');

		beforeEach(() => {
			scantrust.workorderListOrder = order;
			// Old enough not to be awaited: the history is done with.
			for (let i = 0; i < history; i++) scantrust.createWorkorder({ creation_date: '2025-01-01T00:00:00.000Z' });
		});

		it('an idle poll is one request, poll after poll', async () => {
			const harness = await activated(base);
			for (let poll = 0; poll < 3; poll++) {
				sandbox.clearRequests();
				expect((await harness.poll()).items).toEqual([]);
				expect(workorderRequests()).toHaveLength(1);
			}
		});

		it('a new completed workorder fires once, in one request, and the next poll is idle again', async () => {
			const harness = await activated(base);
			await harness.poll();
			const done = scantrust.createWorkorder({ complete: true });
			sandbox.clearRequests();
			expect(ids((await harness.poll()).items)).toEqual([done.id]);
			expect(workorderRequests()).toHaveLength(1);
			sandbox.clearRequests();
			expect((await harness.poll()).items).toEqual([]);
			expect(workorderRequests()).toHaveLength(1);
		});

		it('a pending workorder deep in the list is found again when it completes', async () => {
			const pending = scantrust.createWorkorder({});
			const harness = await activated(base);
			for (let i = 0; i < 1200; i++) scantrust.createWorkorder({ creation_date: '2025-01-01T00:00:00.000Z' });
			expect((await harness.poll()).items).toEqual([]);
			scantrust.complete(pending.id);
			expect(ids((await harness.poll()).items)).toEqual([pending.id]);
			sandbox.clearRequests();
			expect((await harness.poll()).items).toEqual([]);
			expect(workorderRequests()).toHaveLength(1);
		});
	});
});

describe('Scantrust Trigger: New Scan', () => {
	const campaign = 9100;
	const base = { event: 'newScan', campaignId: String(campaign) };
	const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

	it('a busy campaign costs the same requests per poll however long the trigger has run', async () => {
		const harness = await activated(base);
		const perPoll: number[] = [];
		let fired = 0;
		const start = Date.now() - 60_000;
		for (let poll = 0; poll < 12; poll++) {
			// One burst per poll, each in its own second (the API compares at second precision).
			scantrust.addScans(campaign, [{ count: 700, scan_timestamp: new Date(start + poll * 2000).toISOString() }]);
			sandbox.clearRequests();
			fired += (await harness.poll()).items.length;
			perPoll.push(sandbox.requestsTo('scantrust', '/api/v2/dashboard/scans/').length);
		}
		expect(fired).toBe(12 * 700);
		// The late window holds at most 2,000 scan IDs: one page of 2,000 plus the new scans, from the first poll to the last.
		expect(Math.max(...perPoll)).toBeLessThanOrEqual(2);
		expect(perPoll.slice(-3)).toEqual(perPoll.slice(3, 6));
	});

	it("stops at n8n's poll time budget and reads the older rest first next poll: each scan fires once, each poll oldest first", async () => {
		const harness = await activated(base);
		const start = Date.now() - 60_000;
		// 7,000 scans, 700 a second: pages of 2,000 end inside a second.
		const batch = scantrust.addScans(
			campaign,
			Array.from({ length: 10 }, (_, second) => ({ count: 700, scan_timestamp: new Date(start + second * 1000).toISOString() })),
		);
		// A budget this small runs out at once: each read stops after its first page that gets anywhere.
		harness.pollBudgetMs = 1;
		const fired: Array<{ json: IDataObject }> = [];
		const perPoll: number[] = [];
		const queries: IDataObject[] = [];
		for (let poll = 0; poll < 6; poll++) {
			sandbox.clearRequests();
			const { items } = await harness.poll();
			const times = items.map((item) => Date.parse(String(item.json.scan_timestamp)));
			expect(times).toEqual([...times].sort((a, b) => a - b));
			fired.push(...items);
			const requests = sandbox.requestsTo('scantrust', '/api/v2/dashboard/scans/');
			perPoll.push(requests.length);
			queries.push(...requests.map((request) => request.query as IDataObject));
		}
		expect(uuids(fired)).toHaveLength(batch.length);
		expect(new Set(uuids(fired))).toEqual(new Set(batch.map((scan) => scan.uuid)));
		// One page a poll, newest first, then the older rest below it (`date_to`) before anything newer: a second
		// request comes only in the poll that finishes the rest and goes on to the newest scans.
		expect(perPoll.filter((requests) => requests === 2)).toHaveLength(1);
		expect(perPoll.every((requests) => requests <= 2)).toBe(true);
		expect(queries.slice(0, 2).map((query) => [query.date_to !== undefined, query.limit, query.page_mode])).toEqual([
			[false, '2000', 'cursor'],
			[true, '2000', 'cursor'],
		]);
		harness.pollBudgetMs = undefined;
		const [later] = scantrust.addScans(campaign, [{}]);
		expect(uuids((await harness.poll()).items)).toEqual([later.uuid]);
		expect((await harness.poll()).items).toEqual([]);
	});

	it('sets a baseline on the newest scan of the campaign: history does not fire', async () => {
		const history = scantrust.addScans(campaign, [{ age_ms: 60_000 }, { age_ms: 30_000 }]);
		const harness = await trigger(base);
		expect((await harness.activate()).items).toEqual([]);
		const cursor = (harness.savedNodeState().pollState as { cursor: { floor: number; seen: Array<[string, number]> } }).cursor;
		expect(cursor.floor).toBe(Date.parse(history[1].scan_timestamp) - 15 * 60_000);
		expect(cursor.seen.map(([id]) => id).sort()).toEqual(history.map((s) => s.uuid).sort());
		expect((await harness.poll()).items).toEqual([]);
	});

	it('fires each new scan once, oldest first, with the full scan', async () => {
		const harness = await activated(base);
		const first = scantrust.addScans(campaign, [{ age_ms: 2000, place: 1, flags: ['counterfeit'] }, {}]);
		const outcome = await harness.poll();
		expect(uuids(outcome.items)).toEqual(first.map((s) => s.uuid));
		expect(outcome.items[0].json).toMatchObject({ city: 'Central', country_name: 'Hong Kong', flags: ['counterfeit'], campaign_id: campaign });
		expect((await harness.poll()).items).toEqual([]);
	});

	it('fires a burst of scans sharing one timestamp once each, also when more arrive at that timestamp', async () => {
		const harness = await activated(base);
		const stamp = at(0);
		const burst = scantrust.addScans(campaign, [{ count: 5, scan_timestamp: stamp }]);
		expect(uuids((await harness.poll()).items).sort()).toEqual(burst.map((s) => s.uuid).sort());
		const more = scantrust.addScans(campaign, [{ count: 3, scan_timestamp: stamp }]);
		expect(uuids((await harness.poll()).items).sort()).toEqual(more.map((s) => s.uuid).sort());
	});

	it('fires a late scan stamped inside the window once; one older than the window is out of reach', async () => {
		const harness = await activated({ ...base, options: { lateWindowMinutes: 10 } });
		const [newest] = scantrust.addScans(campaign, [{}]);
		await harness.poll();
		const newestTime = Date.parse(newest.scan_timestamp);
		const [late] = scantrust.addScans(campaign, [{ scan_timestamp: new Date(newestTime - 9 * 60_000).toISOString() }]);
		scantrust.addScans(campaign, [{ scan_timestamp: new Date(newestTime - 11 * 60_000).toISOString() }]);
		expect(uuids((await harness.poll()).items)).toEqual([late.uuid]);
		expect((await harness.poll()).items).toEqual([]);
	});

	it('sends every filter to Scantrust and fires only matching scans', async () => {
		const harness = await activated({
			...base,
			filters: {
				flags: ['counterfeit'],
				otherFlags: 'suspicious',
				activationStatus: 1,
				productId: 2017,
				scm: { fields: [{ key: 'intended_market', value: 'zh' }] },
			},
		});
		const [match] = scantrust.addScans(campaign, [
			{ flags: ['counterfeit'], activation_status: 1, product_id: 2017, intended_market: 'zh' },
			{ flags: [], activation_status: 1, product_id: 2017, intended_market: 'zh' },
			{ flags: ['counterfeit'], activation_status: 0, product_id: 2017, intended_market: 'zh' },
			{ flags: ['counterfeit'], activation_status: 1, product_id: 1919, intended_market: 'zh' },
			{ flags: ['counterfeit'], activation_status: 1, product_id: 2017, intended_market: 'us' },
		]);
		expect(uuids((await harness.poll()).items)).toEqual([match.uuid]);
		const [request] = sandbox.requestsTo('scantrust', '/api/v2/dashboard/scans/');
		expect(request.query).toMatchObject({
			campaign_id: String(campaign),
			flags: 'counterfeit,suspicious',
			activation_status: '1',
			product: '2017',
			scm_intended_market: 'zh',
			page_mode: 'cursor',
			date_from: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
		});
	});

	it('returns the newest matching scan in manual mode and leaves the state alone', async () => {
		scantrust.addScans(campaign, [{ age_ms: 5000, flags: ['counterfeit'] }]);
		const harness = await activated({ ...base, filters: { flags: ['counterfeit'] } });
		const [newest] = scantrust.addScans(campaign, [{ flags: ['counterfeit'] }, { age_ms: 1000 }]);
		const before = harness.nodeState();
		const outcome = await harness.manual();
		expect(uuids(outcome.items)).toEqual([newest.uuid]);
		expect(outcome.saved).toBe(false);
		expect(harness.nodeState()).toEqual(before);
		expect(uuids((await harness.poll()).items)).toEqual([newest.uuid]);
	});

	it('says so in manual mode when the campaign has no matching scan', async () => {
		const harness = await trigger({ ...base, campaignId: '9199' });
		const outcome = await harness.manual();
		expect(outcome.error).toBeInstanceOf(NodeOperationError);
		expect(outcome.error?.description).toContain('No scan of campaign 9199 matches the filters yet');
	});

	it('resets to a new baseline when a filter changes', async () => {
		const harness = await activated(base);
		scantrust.addScans(campaign, [{ flags: ['counterfeit'] }]);
		harness.setParameters({ ...base, filters: { flags: ['counterfeit'] } });
		expect((await harness.activate()).items).toEqual([]);
		expect((harness.nodeState().pollState as IDataObject).fingerprint).toContain('counterfeit');
		const [next] = scantrust.addScans(campaign, [{ flags: ['counterfeit'] }]);
		expect(uuids((await harness.poll()).items)).toEqual([next.uuid]);
	});

	it('throws a NodeApiError and keeps the state when the API fails, then fires on the next poll', async () => {
		const harness = await activated(base);
		const [scan] = scantrust.addScans(campaign, [{}]);
		const before = harness.nodeState();
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/dashboard/scans/', kind: '429', retryAfter: 0, times: 5 });
		const failed = await harness.poll();
		expect(failed.error).toBeInstanceOf(NodeApiError);
		expect(failed.error?.message).toBe('Scantrust API error 429: Request was throttled. Expected available in 0 seconds.');
		expect(harness.nodeState()).toEqual(before);
		expect(uuids((await harness.poll()).items)).toEqual([scan.uuid]);
	});

	it('refuses to activate without a campaign ID', async () => {
		const harness = await trigger({ ...base, campaignId: '' });
		const outcome = await harness.activate();
		expect(outcome.error).toBeInstanceOf(NodeOperationError);
		expect(outcome.error?.message).toContain('Campaign ID');
	});

	it('makes one request per idle poll and writes nothing', async () => {
		scantrust.addScans(campaign, [{ count: 40, age_ms: 1000 }]);
		const harness = await activated(base);
		for (let i = 0; i < 3; i++) expect(await harness.poll()).toMatchObject({ items: [], saved: false });
		expect(sandbox.requestsTo('scantrust')).toHaveLength(3);
	});
});
