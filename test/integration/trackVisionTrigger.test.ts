// TrackVision Trigger against the sandbox's Directus emulation over real
// HTTP, polled through n8n-core's PollContext and PollTriggerExecutor
// (test/harness/poll.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { loadPackage, PACKAGE_PREFIX, PACKAGE_ROOT } from '../harness/n8n';
import { expectQuietActivation, PollHarness } from '../harness/poll';
import type { LoggedRequest, SandboxHandle } from '../harness/sandbox';
import { trackVisionCredentials, useSandbox } from '../harness/sandbox';

interface TrackVisionControl {
	records: { integrity_check: IDataObject[]; integrity_check_result: IDataObject[]; scan_event: IDataObject[] };
	addChecks(specs: IDataObject[]): IDataObject[];
	addResults(specs: IDataObject[]): IDataObject[];
	addScanEvents(specs: IDataObject[]): IDataObject[];
}

interface Cursor {
	floor: number;
	seen: Array<[string, number]>;
}

let sandbox: SandboxHandle;
let tv: TrackVisionControl;

beforeAll(async () => {
	sandbox = await useSandbox();
	tv = sandbox.trackvision as TrackVisionControl;
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
});

async function trigger(parameters: INodeParameters, token?: string) {
	return await PollHarness.create({ type: 'trackVisionTrigger', parameters, credentials: trackVisionCredentials(sandbox, token) });
}

/** Activates and checks the activation fired nothing; the request log starts empty after it. */
async function activated(parameters: INodeParameters) {
	const harness = await expectQuietActivation(await trigger(parameters));
	sandbox.clearRequests();
	return harness;
}

const ids = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json.id);
const sorted = (values: unknown[]) => [...values].map(String).sort();
const cursorOf = (state: IDataObject) => (state.pollState as { cursor: Cursor }).cursor;
const stamp = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
const MINUTE = 60_000;
/** The newest seeded check, result and scan event. */
const SEED_NEWEST = Date.parse('2026-01-01T00:00:00.000Z');

interface Kind {
	event: 'newIntegrityCheck' | 'newIntegrityCheckResult' | 'newScanEvent';
	collection: 'integrity_check' | 'integrity_check_result' | 'scan_event';
	add(specs: IDataObject[]): IDataObject[];
	/** The part of a spec that gives the record this outcome; scan events have none, nor filters. */
	outcome?(result: string): IDataObject;
}

const KINDS: Kind[] = [
	{
		event: 'newIntegrityCheck',
		collection: 'integrity_check',
		add: (specs) => tv.addChecks(specs),
		outcome: (result) => ({ result: { result } }),
	},
	{
		event: 'newIntegrityCheckResult',
		collection: 'integrity_check_result',
		add: (specs) => tv.addResults(specs),
		outcome: (result) => ({ result }),
	},
	{
		event: 'newScanEvent',
		collection: 'scan_event',
		add: (specs) => tv.addScanEvents(specs),
	},
];

/** The list requests of one collection; the path prefix alone would mix checks and results. */
const listRequests = (collection: string): LoggedRequest[] =>
	sandbox.requestsTo('trackvision').filter((request) => request.path === `/items/${collection}`);
const sentFilter = (request: LoggedRequest) => JSON.parse(request.query.filter) as IDataObject;

describe('TrackVision Trigger: description', () => {
	it('follows n8n trigger conventions, with the TrackVision icons, a codex and a package.json entry', async () => {
		const { nodeTypes } = await loadPackage();
		const { description } = nodeTypes.getByName(`${PACKAGE_PREFIX}.trackVisionTrigger`) as INodeType;
		expect(description).toMatchObject({
			name: 'trackVisionTrigger',
			displayName: 'TrackVision Trigger',
			polling: true,
			inputs: [],
			credentials: [{ name: 'trackVisionApi', required: true }],
			// n8n's loader turns `icon` into URLs of the files next to the node.
			iconUrl: {
				light: expect.stringMatching(/\/dist\/nodes\/TrackVision\/trackvision\.svg$/),
				dark: expect.stringMatching(/\/dist\/nodes\/TrackVision\/trackvision\.dark\.svg$/),
			},
		});
		expect(description.usableAsTool).toBeUndefined();
		const dist = join(PACKAGE_ROOT, 'dist', 'nodes', 'TrackVision');
		const codex = JSON.parse(readFileSync(join(dist, 'TrackVisionTrigger.node.json'), 'utf8')) as IDataObject;
		expect(codex.node).toBe(`${PACKAGE_PREFIX}.trackVisionTrigger`);
		const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
		expect(pkg.n8n.nodes).toContain('dist/nodes/TrackVision/TrackVisionTrigger.node.js');
	});
});

describe.each(KINDS)('TrackVision Trigger: $event', (kind) => {
	const base = { event: kind.event };
	const requests = () => listRequests(kind.collection);

	it('sets a baseline on activation with two requests: history does not fire', async () => {
		const harness = await trigger(base);
		const outcome = await harness.activate();
		expect(outcome).toMatchObject({ items: [], saved: true });
		const newest = tv.records[kind.collection].find((record) => Date.parse(String(record.date_created)) === SEED_NEWEST)!;
		expect(cursorOf(harness.savedNodeState())).toEqual({ floor: SEED_NEWEST - 5 * MINUTE, seen: [[newest.id, SEED_NEWEST]] });
		expect(requests().map((request) => request.query)).toEqual([
			{ filter: JSON.stringify({ date_created: { _nnull: true } }), sort: '-date_created,id', limit: '1', offset: '0' },
			{
				filter: JSON.stringify({ date_created: { _gte: new Date(SEED_NEWEST - 5 * MINUTE).toISOString() } }),
				sort: 'date_created,id',
				limit: '1000',
				offset: '0',
				meta: 'filter_count',
			},
		]);
		expect((await harness.poll()).items).toEqual([]);
	});

	it('fires each new record once, oldest first, with the full record', async () => {
		const harness = await activated(base);
		const [second, first] = kind.add([{ date_created: stamp(-1000) }, { date_created: stamp(-2000) }]);
		const outcome = await harness.poll();
		expect(ids(outcome.items)).toEqual([first.id, second.id]);
		const stored = tv.records[kind.collection].find((record) => record.id === first.id)!;
		expect(outcome.items[0].json).toEqual(stored);
		expect((await harness.poll()).items).toEqual([]);
	});

	it('fires a burst sharing one date_created once each, also when more arrive at that time', async () => {
		const harness = await activated(base);
		const at = stamp();
		const burst = kind.add(Array.from({ length: 5 }, () => ({ date_created: at })));
		expect(sorted(ids((await harness.poll()).items))).toEqual(sorted(burst.map((record) => record.id)));
		const more = kind.add(Array.from({ length: 3 }, () => ({ date_created: at })));
		expect(sorted(ids((await harness.poll()).items))).toEqual(sorted(more.map((record) => record.id)));
		expect((await harness.poll()).items).toEqual([]);
	});

	it('fires a late record stamped inside the window once; one older than the window is out of reach', async () => {
		const harness = await activated({ ...base, options: { lateWindowMinutes: 10 } });
		const [newest] = kind.add([{}]);
		await harness.poll();
		const newestTime = Date.parse(String(newest.date_created));
		const [late] = kind.add([{ date_created: new Date(newestTime - 9 * MINUTE).toISOString() }]);
		kind.add([{ date_created: new Date(newestTime - 11 * MINUTE).toISOString() }]);
		expect(ids((await harness.poll()).items)).toEqual([late.id]);
		expect((await harness.poll()).items).toEqual([]);
	});

	it('with a window of 0 keeps only the records at the newest timestamp', async () => {
		const harness = await activated({ ...base, options: { lateWindowMinutes: 0 } });
		const at = stamp();
		const [first] = kind.add([{ date_created: at }]);
		expect(ids((await harness.poll()).items)).toEqual([first.id]);
		expect(cursorOf(harness.nodeState())).toEqual({ floor: Date.parse(at), seen: [[first.id, Date.parse(at)]] });
		const [same] = kind.add([{ date_created: at }]);
		kind.add([{ date_created: new Date(Date.parse(at) - 1000).toISOString() }]);
		expect(ids((await harness.poll()).items)).toEqual([same.id]);
	});

	it('walks every page of a large batch, and then reads only the window', async () => {
		const harness = await activated(base);
		const start = Date.now() - 60 * MINUTE;
		const batch = kind.add(Array.from({ length: 2500 }, (_, index) => ({ date_created: new Date(start + index * 1000).toISOString() })));
		const outcome = await harness.poll();
		expect(ids(outcome.items)).toEqual(batch.map((record) => record.id));
		// The seeded record at the floor, then the batch: 2,501 rows; the pages after the first are read at once.
		const pages = requests().map((request) => [request.query.offset, request.query.limit, request.query.meta]);
		expect(pages[0]).toEqual(['0', '1000', 'filter_count']);
		expect(pages.slice(1).sort()).toEqual([
			['1000', '1000', undefined],
			['2000', '501', undefined],
		]);
		sandbox.clearRequests();
		expect((await harness.poll()).items).toEqual([]);
		// 5 minutes of 1-second steps: the newest 301 records stay in the window.
		expect(cursorOf(harness.nodeState()).seen).toHaveLength(301);
		expect(requests()).toHaveLength(1);
	});

	it("stops at n8n's poll time budget after the oldest page and carries on next poll: each record fires once, in order", async () => {
		const harness = await activated(base);
		const start = Date.now() - 60 * MINUTE;
		const batch = kind.add(Array.from({ length: 2500 }, (_, index) => ({ date_created: new Date(start + index * 1000).toISOString() })));
		// A budget this small runs out at once: each poll reads its window's first page only.
		harness.pollBudgetMs = 1;
		const fired: unknown[] = [];
		for (let poll = 0; poll < 6; poll++) {
			sandbox.clearRequests();
			fired.push(...ids((await harness.poll()).items));
			expect(requests()).toHaveLength(1);
		}
		expect(fired).toEqual(batch.map((record) => record.id));
		harness.pollBudgetMs = undefined;
		expect((await harness.poll()).items).toEqual([]);
	});

	it('makes one request per idle poll and writes nothing', async () => {
		kind.add(Array.from({ length: 40 }, () => ({ date_created: stamp(-1000) })));
		const harness = await activated(base);
		for (let i = 0; i < 3; i++) expect(await harness.poll()).toMatchObject({ items: [], saved: false });
		expect(sandbox.requestsTo('trackvision')).toHaveLength(3);
		expect(requests().every((request) => request.query.sort === 'date_created,id' && request.query.limit === '1000')).toBe(true);
	});

	it('returns the most recent matching record in manual mode with one request, and leaves the state alone', async () => {
		const harness = await activated(base);
		const [newest] = kind.add([{ date_created: stamp(-1000) }, { date_created: stamp(-5000) }]);
		const before = harness.nodeState();
		const outcome = await harness.manual();
		expect(outcome.error).toBeUndefined();
		expect(ids(outcome.items)).toEqual([newest.id]);
		expect(outcome.saved).toBe(false);
		expect(harness.nodeState()).toEqual(before);
		expect(requests()).toHaveLength(1);
		expect(ids((await harness.poll()).items)).toHaveLength(2);
	});

	it('says so in manual mode when nothing matches', async () => {
		const { outcome } = kind;
		if (!outcome) tv.records[kind.collection].length = 0;
		const harness = await trigger(outcome ? { ...base, filters: { results: ['ok'], excludeResults: ['ok'] } } : base);
		const manual = await harness.manual();
		expect(manual.error).toBeInstanceOf(NodeOperationError);
		expect(manual.error?.message).toBe('No data with the current filter could be found');
		expect(manual.error?.description).toMatch(
			outcome ? /^No integrity check (result )?matches the filters yet/ : /^TrackVision has no scan event yet/,
		);
	});

	it('never takes a record without a date_created as the newest', async () => {
		const [undated] = kind.add([{ date_created: null }]);
		const harness = await activated(base);
		expect(cursorOf(harness.nodeState()).floor).toBe(SEED_NEWEST - 5 * MINUTE);
		expect(ids((await harness.manual()).items)).not.toContain(undated.id);
		expect((await harness.poll()).items).toEqual([]);
	});

	const { outcome } = kind;
	if (outcome) {
		it('resets to a new baseline when a filter changes, firing neither a flood nor stale records', async () => {
			const harness = await activated(base);
			const before = harness.nodeState();
			kind.add([{ date_created: stamp(-1000), ...outcome('duplicated') }]);
			harness.setParameters({ ...base, filters: { excludeResults: ['ok'] } });
			expect((await harness.activate()).items).toEqual([]);
			const after = harness.nodeState().pollState as IDataObject;
			expect(after.fingerprint).not.toEqual((before.pollState as IDataObject).fingerprint);
			expect(after.fingerprint).toContain('"_neq":"ok"');
			const [next] = kind.add([outcome('diverted')]);
			expect(ids((await harness.poll()).items)).toEqual([next.id]);
		});
	} else {
		it('ignores filters of another event left in the parameters: no condition, no new baseline', async () => {
			const harness = await activated(base);
			const before = harness.nodeState();
			harness.setParameters({ ...base, filters: { results: ['ok'], statuses: ['new'] } });
			const [record] = kind.add([{}]);
			expect(ids((await harness.poll()).items)).toEqual([record.id]);
			expect((harness.nodeState().pollState as IDataObject).fingerprint).toEqual((before.pollState as IDataObject).fingerprint);
			expect(sentFilter(requests()[0])).toEqual({ date_created: { _gte: expect.any(String) } });
		});
	}

	it('keeps its state when only an option changes', async () => {
		const harness = await activated(base);
		const [record] = kind.add([{}]);
		harness.setParameters({ ...base, options: { lateWindowMinutes: 30 } });
		expect(ids((await harness.activate()).items)).toEqual([record.id]);
	});

	it('throws a NodeApiError and keeps the state when the API fails, then fires on the next poll', async () => {
		const harness = await activated(base);
		const [record] = kind.add([{}]);
		const before = harness.nodeState();
		const saved = harness.snapshot();
		// Past the request core's five attempts; Retry-After 0 keeps the test fast.
		sandbox.faults.inject({ service: 'trackvision', path: `re:^/items/${kind.collection}$`, kind: '429', retryAfter: 0, times: 5 });
		const failed = await harness.poll();
		expect(failed.error).toBeInstanceOf(NodeApiError);
		expect(failed.error?.httpCode).toBe('429');
		expect(failed.items).toEqual([]);
		expect(harness.nodeState()).toEqual(before);
		expect(harness.snapshot()).toEqual(saved);
		expect(ids((await harness.poll()).items)).toEqual([record.id]);
	});

	it('keeps the state when a later page fails after the first was read', async () => {
		const harness = await activated(base);
		const start = Date.now() - 30 * MINUTE;
		const batch = kind.add(Array.from({ length: 1500 }, (_, index) => ({ date_created: new Date(start + index * 1000).toISOString() })));
		const before = harness.nodeState();
		// Faults match paths only, so the first page is let through by hand; every attempt at the second gets a 429.
		const faults = sandbox.faults as SandboxHandle['faults'] & { take: (service: string, method: string, path: string) => unknown };
		const take = faults.take.bind(faults);
		let pages = 0;
		faults.take = (service, method, path) => (path === `/items/${kind.collection}` && ++pages === 1 ? undefined : take(service, method, path));
		sandbox.faults.inject({ service: 'trackvision', kind: '429', retryAfter: 0, times: 5 });
		try {
			const failed = await harness.poll();
			expect(failed.error).toBeInstanceOf(NodeApiError);
			expect(failed.error?.httpCode).toBe('429');
			expect(requests().map((request) => request.query.offset)).toEqual(['0', '1000', '1000', '1000', '1000', '1000']);
		} finally {
			delete (faults as { take?: unknown }).take;
		}
		expect(harness.nodeState()).toEqual(before);
		expect(ids((await harness.poll()).items)).toEqual(batch.map((record) => record.id));
	});

	it('fails the activation with a NodeApiError when the token is refused, storing nothing', async () => {
		const harness = await trigger(base, 'not-a-token');
		const outcome = await harness.activate();
		expect(outcome.error).toBeInstanceOf(NodeApiError);
		expect(outcome.error?.httpCode).toBe('401');
		expect(harness.nodeState()).toEqual({});
	});
});

describe('TrackVision Trigger: New Integrity Check filters', () => {
	const base = { event: 'newIntegrityCheck' };
	const requests = () => listRequests('integrity_check');
	const check = (result: string | null) => ({ date_created: stamp(-1000), result: result === null ? null : { result } });

	it('sends Result through the result relation, and fires only matching checks', async () => {
		const harness = await activated({ ...base, filters: { results: ['duplicated', 'diverted'] } });
		const created = tv.addChecks([check('duplicated'), check('ok'), check('diverted'), check(null), check('unrecognized')]);
		expect(ids((await harness.poll()).items).sort()).toEqual(sorted([created[0].id, created[2].id]));
		const [request] = requests();
		expect(sentFilter(request)).toEqual({
			_and: [{ result: { result: { _in: ['duplicated', 'diverted'] } } }, { date_created: { _gte: expect.any(String) } }],
		});
	});

	it('sends Exclude Results as _neq or _nin, and skips checks without a result', async () => {
		const harness = await activated({ ...base, filters: { excludeResults: ['ok'] } });
		const created = tv.addChecks([check('ok'), check('duplicated'), check(null), check('unactivated')]);
		expect(ids((await harness.poll()).items).sort()).toEqual(sorted([created[1].id, created[3].id]));
		expect(sentFilter(requests()[0])._and).toContainEqual({ result: { result: { _neq: 'ok' } } });

		const several = await activated({ ...base, filters: { excludeResults: ['ok', 'unrecognized'] } });
		const [match] = tv.addChecks([check('diverted'), check('unrecognized'), check('ok')]);
		expect(ids((await several.poll()).items)).toEqual([match.id]);
		expect(sentFilter(requests()[0])._and).toContainEqual({ result: { result: { _nin: ['ok', 'unrecognized'] } } });
	});

	it('combines Result and Exclude Results, also in the manual-mode request', async () => {
		const parameters = { ...base, filters: { results: ['duplicated', 'ok'], excludeResults: ['ok'] } };
		const harness = await activated(parameters);
		const [, duplicated] = tv.addChecks([check('ok'), check('duplicated')]);
		expect(ids((await harness.poll()).items)).toEqual([duplicated.id]);
		const conditions = [{ result: { result: { _in: ['duplicated', 'ok'] } } }, { result: { result: { _neq: 'ok' } } }];
		expect(sentFilter(requests()[0])).toEqual({ _and: [...conditions, { date_created: { _gte: expect.any(String) } }] });
		sandbox.clearRequests();
		expect(ids((await harness.manual()).items)).toEqual([duplicated.id]);
		expect(requests()[0].query).toMatchObject({ sort: '-date_created,id', limit: '1' });
		expect(sentFilter(requests()[0])).toEqual({ _and: [...conditions, { date_created: { _nnull: true } }] });
	});

	it('fires a check whose result is linked inside the window; the Status filter does not apply to checks', async () => {
		const harness = await activated({ ...base, filters: { excludeResults: ['ok'], statuses: ['reviewed'] } });
		const [pending] = tv.addChecks([check(null)]);
		expect((await harness.poll()).items).toEqual([]);
		const [result] = tv.addResults([{ result: 'duplicated' }]);
		tv.records.integrity_check.find((record) => record.id === pending.id)!.result = result.id;
		expect(ids((await harness.poll()).items)).toEqual([pending.id]);
		expect(sentFilter(requests()[0])._and).not.toContainEqual(expect.objectContaining({ status: expect.anything() }));
	});

	it('expands the result with Include Result, without a new baseline', async () => {
		const harness = await activated({ ...base, filters: { excludeResults: ['ok'] } });
		harness.setParameters({ ...base, filters: { excludeResults: ['ok'] }, options: { includeResult: true } });
		const [created] = tv.addChecks([{ result: { result: 'duplicated', reason: 'Code scanned in Paris and Seoul within an hour' } }]);
		const { items } = await harness.activate();
		expect(ids(items)).toEqual([created.id]);
		expect(items[0].json.result).toMatchObject({ result: 'duplicated', reason: 'Code scanned in Paris and Seoul within an hour' });
		expect(requests().at(-1)?.query.fields).toBe('*,result.*');
	});
});

describe('TrackVision Trigger: New Integrity Check Result filters', () => {
	const base = { event: 'newIntegrityCheckResult' };
	const requests = () => listRequests('integrity_check_result');

	it('sends Result, Exclude Results and Status, and fires only matching results', async () => {
		const harness = await activated({
			...base,
			filters: { results: ['duplicated', 'diverted', 'ok'], excludeResults: ['ok'], statuses: ['new'] },
		});
		const created = tv.addResults([
			{ result: 'duplicated', status: 'new' },
			{ result: 'diverted', status: 'reviewed' },
			{ result: 'ok', status: 'new' },
			{ result: 'unrecognized', status: 'new' },
			{ result: 'diverted', status: 'new' },
		]);
		expect(ids((await harness.poll()).items).sort()).toEqual(sorted([created[0].id, created[4].id]));
		expect(sentFilter(requests()[0])).toEqual({
			_and: [
				{ result: { _in: ['duplicated', 'diverted', 'ok'] } },
				{ result: { _neq: 'ok' } },
				{ status: { _eq: 'new' } },
				{ date_created: { _gte: expect.any(String) } },
			],
		});
	});

	it('sends several statuses as _in and several exclusions as _nin', async () => {
		const harness = await activated({ ...base, filters: { excludeResults: ['ok', 'unactivated'], statuses: ['new', 'reviewed'] } });
		const created = tv.addResults([
			{ result: 'unactivated', status: 'new' },
			{ result: 'duplicated', status: 'reviewed' },
			{ result: 'duplicated', status: 'dismissed' },
		]);
		expect(ids((await harness.poll()).items)).toEqual([created[1].id]);
		expect(sentFilter(requests()[0])).toEqual({
			_and: [{ result: { _nin: ['ok', 'unactivated'] } }, { status: { _in: ['new', 'reviewed'] } }, { date_created: { _gte: expect.any(String) } }],
		});
	});

	it('resets when the Status filter changes', async () => {
		const harness = await activated({ ...base, filters: { statuses: ['new'] } });
		const fingerprint = (harness.nodeState().pollState as IDataObject).fingerprint;
		tv.addResults([{ status: 'reviewed' }]);
		harness.setParameters({ ...base, filters: { statuses: ['reviewed'] } });
		expect((await harness.activate()).items).toEqual([]);
		expect((harness.nodeState().pollState as IDataObject).fingerprint).not.toEqual(fingerprint);
	});
});
