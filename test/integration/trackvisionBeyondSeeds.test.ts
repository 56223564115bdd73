// TrackVision beyond the seed document: the scan_event collection
// (docs.trackvision.ai, native REST API, consumers, scan events), read with
// Scan Event → Get and Get Many through n8n's WorkflowExecute against the
// sandbox's Directus emulation over real HTTP.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	IConnections,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { createAdditionalData, createCredentialsHelper, listSearch, loadPackage, PACKAGE_PREFIX, PACKAGE_ROOT, runNode } from '../harness/n8n';
import { PollHarness } from '../harness/poll';
import type { LoggedRequest, SandboxHandle } from '../harness/sandbox';
import { scantrustCredentials, trackVisionCredentials, useSandbox } from '../harness/sandbox';

interface ExampleWorkflow {
	name: string;
	nodes: INode[];
	connections: IConnections;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { counterfeitAlertWorkflow, trackVisionWorkflow } = require('../e2e/workflows') as {
	counterfeitAlertWorkflow: (alertUrl: string, typeOf?: (name: string) => string) => ExampleWorkflow;
	trackVisionWorkflow: () => ExampleWorkflow;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { publishedNodeType } = require('../packages/packages') as { publishedNodeType: (name: string) => string };

interface TrackVisionState {
	records: { scan_event: IDataObject[] };
	addScanEvents(specs: IDataObject[]): IDataObject[];
}

const MISSING_ID = '0f0f0f0f-0000-4000-a000-000000000000';
/** Every field of the vendor page's scan_event table, in its order. */
const DOCUMENTED_FIELDS = [
	'id',
	'user_created',
	'date_created',
	'user_updated',
	'date_updated',
	'scan_date',
	'device',
	'region',
	'operating_system',
	'browser',
	'browser_version',
	'device_type',
	'city',
	'country',
	'timezone',
	'link_type',
	'event_type',
	'gps_latitude',
	'gps_longitude',
	'ip_latitude',
	'ip_longitude',
	'http_request_header',
	'http_request_body',
	'decoded_ip_info',
];
const SIMPLE_FIELDS = ['id', 'date_created', 'scan_date', 'event_type', 'link_type', 'device_type', 'device', 'operating_system', 'browser', 'city', 'region', 'country'];
const SEEDED = 120;

let sandbox: SandboxHandle;
let tv: TrackVisionState;

beforeAll(async () => {
	sandbox = await useSandbox();
	tv = sandbox.trackvision as TrackVisionState;
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
});

async function run(
	parameters: INodeParameters,
	{ input, continueOnFail, typeVersion = 2 }: { input?: INodeExecutionData[]; continueOnFail?: boolean; typeVersion?: number } = {},
) {
	return await runNode({
		type: 'trackVision',
		typeVersion,
		parameters: { resource: 'scanEvent', ...parameters },
		credentials: trackVisionCredentials(sandbox),
		input,
		continueOnFail,
	});
}

const locator = (value: string, mode = 'id') => ({ __rl: true, mode, value });
const requests = (): LoggedRequest[] => sandbox.requestsTo('trackvision');
const sentFilter = (request: LoggedRequest) => JSON.parse(request.query.filter) as IDataObject;
const scanEvents = () => tv.records.scan_event;
const sortedIds = (records: IDataObject[]) => records.map((record) => String(record.id)).sort();

describe('Scan Event: the resource', () => {
	it('is offered by the node, which stays usable as a tool, with Get and Get Many', async () => {
		const { nodeTypes } = await loadPackage();
		const { description } = nodeTypes.getByName(`${PACKAGE_PREFIX}.trackVision`) as INodeType;
		expect(description.usableAsTool).toBe(true);
		const resource = description.properties.find((property) => property.name === 'resource');
		expect(resource?.options).toContainEqual({ name: 'Scan Event', value: 'scanEvent' });
		const operation = description.properties.find(
			(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('scanEvent'),
		);
		expect((operation?.options as Array<{ value: string; action: string }>).map(({ value, action }) => [value, action])).toEqual([
			['get', 'Get a scan event'],
			['getMany', 'Get many scan events'],
		]);
	});

	it('the sandbox holds every documented field on each scan event', () => {
		expect(scanEvents()).toHaveLength(SEEDED);
		for (const record of scanEvents()) expect(Object.keys(record)).toEqual(DOCUMENTED_FIELDS);
	});
});

describe('Scan Event: Get', () => {
	it('reads one scan event by ID, simplified by default in version 2', async () => {
		const scanEvent = scanEvents()[3];
		const { items, error } = await run({ operation: 'get', scanEventId: locator(String(scanEvent.id)) });
		expect(error).toBeUndefined();
		expect(requests()).toHaveLength(1);
		expect(requests()[0]).toMatchObject({ method: 'GET', path: `/items/scan_event/${String(scanEvent.id)}`, query: {} });
		expect(Object.keys(items[0].json)).toEqual(SIMPLE_FIELDS);
		expect(items[0].json).toMatchObject({ id: scanEvent.id, city: scanEvent.city, event_type: scanEvent.event_type });
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('returns the record as TrackVision sends it with Simplify off, and in version 1', async () => {
		const scanEvent = scanEvents()[0];
		const off = await run({ operation: 'get', scanEventId: locator(String(scanEvent.id)), simplify: false });
		const v1 = await run({ operation: 'get', scanEventId: String(scanEvent.id) }, { typeVersion: 1 });
		for (const { items } of [off, v1]) expect(items.map((item) => item.json)).toEqual([scanEvent]);
	});

	it('takes an ID picked from the list', async () => {
		const listed = await listSearch({ type: 'trackVision', method: 'searchScanEvents', credentials: trackVisionCredentials(sandbox) });
		const { items } = await run({ operation: 'get', scanEventId: locator(String(listed.results[0].value), 'list') });
		expect(items[0].json.id).toBe(listed.results[0].value);
	});

	it('rejects an ID that is not a UUID before any request: the locator in version 2, the node in version 1', async () => {
		const v2 = await run({ operation: 'get', scanEventId: locator('scan-42') });
		expect(v2.error?.message).toContain('A scan event ID is a UUID');
		const v1 = await run({ operation: 'get', scanEventId: 'scan-42' }, { typeVersion: 1 });
		expect(v1.error?.message).toBe('Invalid "Scan Event ID" in item 0: "scan-42" is not a UUID');
		expect(requests()).toHaveLength(0);
	});

	it('names the ID when Directus answers 403 for a missing one, keeping the Directus message', async () => {
		const { error } = await run({ operation: 'get', scanEventId: locator(MISSING_ID) });
		expect(error?.httpCode).toBe('403');
		expect(error?.message).toBe(
			`The scan event "${MISSING_ID}" does not exist, or the token's role may not read it (TrackVision API error 403: You don't have permission to access this. [FORBIDDEN])`,
		);
	});
});

describe('Scan Event: the list of the resource locator', () => {
	const search = (filter?: string, paginationToken?: string) =>
		listSearch({ type: 'trackVision', method: 'searchScanEvents', credentials: trackVisionCredentials(sandbox), filter, paginationToken });

	it('lists scan events newest first, 50 a page, named by type and place', async () => {
		const first = await search();
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('50');
		const newest = [...scanEvents()].sort((a, b) => Date.parse(String(b.date_created)) - Date.parse(String(a.date_created)))[0];
		expect(first.results[0]).toEqual({
			name: `${String(newest.event_type)} in ${String(newest.city)}, ${String(newest.country)} (2026-01-01 00:00)`,
			value: newest.id,
			description: newest.device_type,
		});
		expect(requests().at(-1)?.query).toEqual({
			fields: 'id,date_created,scan_date,event_type,city,country,device_type',
			sort: '-date_created,id',
			limit: '50',
			offset: '0',
		});
		const third = await search(undefined, '100');
		expect(third.results).toHaveLength(SEEDED - 100);
		expect(third.paginationToken).toBeUndefined();
	});

	it('searches with Directus search', async () => {
		const found = await search('Seoul');
		expect(found.results.length).toBe(scanEvents().filter((record) => record.city === 'Seoul').length);
		expect(requests().at(-1)?.query.search).toBe('Seoul');
	});
});

describe('Scan Event: Get Many', () => {
	const getMany = (parameters: INodeParameters = {}, options?: Parameters<typeof run>[1]) =>
		run({ operation: 'getMany', ...parameters }, options);
	const addScanEvents = (count: number) => tv.addScanEvents(Array.from({ length: count }, () => ({})));
	const byOffset = (a: LoggedRequest, b: LoggedRequest) => Number(a.query.offset) - Number(b.query.offset);

	it('Limit asks for exactly that many in one request, without a count', async () => {
		const { items } = await getMany({ limit: 7 });
		expect(items).toHaveLength(7);
		expect(requests().map((request) => request.query)).toEqual([{ sort: 'id', limit: '7', offset: '0' }]);
		expect(requests()[0].path).toBe('/items/scan_event');
	});

	it('Return All reads pages of 1,000: the first with the total, the others at once, in order', async () => {
		addScanEvents(2300);
		const { items, error } = await getMany({ returnAll: true, simplify: false });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(SEEDED + 2300);
		expect(requests()[0].query).toEqual({ sort: 'id', limit: '1000', offset: '0', meta: 'filter_count' });
		expect(requests().slice(1).sort(byOffset).map((request) => request.query)).toEqual([
			{ sort: 'id', limit: '1000', offset: '1000' },
			{ sort: 'id', limit: '420', offset: '2000' },
		]);
		// The order the API lists them in (by ID), whichever page arrived first.
		expect(items.map((item) => String(item.json.id))).toEqual(sortedIds(scanEvents()));
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('Return All of the 120 seeded events is one request, and never asks for limit=-1', async () => {
		const { items } = await getMany({ returnAll: true });
		expect(items).toHaveLength(SEEDED);
		expect(requests()).toHaveLength(1);
		expect(Number(requests()[0].query.limit)).toBeGreaterThan(0);
	});

	it('simple filters become Directus conditions joined with _and, the JSON filter narrowing them', async () => {
		const { items, error } = await getMany({
			returnAll: true,
			simplify: false,
			filters: { eventTypes: 'qr_scan', linkTypes: 'pip, traceability', deviceTypes: 'mobile', countries: 'France,South Korea' },
			options: { filterJson: JSON.stringify({ gps_latitude: { _nnull: true } }) },
		});
		expect(error).toBeUndefined();
		expect(sentFilter(requests()[0])).toEqual({
			_and: [
				{ event_type: { _eq: 'qr_scan' } },
				{ link_type: { _in: ['pip', 'traceability'] } },
				{ device_type: { _eq: 'mobile' } },
				{ country: { _in: ['France', 'South Korea'] } },
				{ gps_latitude: { _nnull: true } },
			],
		});
		const expected = scanEvents().filter(
			(record) =>
				record.event_type === 'qr_scan' &&
				record.device_type === 'mobile' &&
				['France', 'South Korea'].includes(String(record.country)) &&
				record.gps_latitude !== null,
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(sortedIds(items.map((item) => item.json))).toEqual(sortedIds(expected));
	});

	it('Scanned After/Before filter scan_date, Created After/Before date_created, each its own condition', async () => {
		const { items } = await getMany({
			returnAll: true,
			filters: {
				scannedAfter: '2025-12-31T12:00:00.000Z',
				scannedBefore: '2026-01-01T00:00:00.000Z',
				createdAfter: '2025-12-31T11:00:00.000Z',
			},
		});
		expect(sentFilter(requests()[0])).toEqual({
			_and: [
				{ scan_date: { _gt: '2025-12-31T12:00:00.000Z' } },
				{ scan_date: { _lt: '2026-01-01T00:00:00.000Z' } },
				{ date_created: { _gt: '2025-12-31T11:00:00.000Z' } },
			],
		});
		// Seeded hourly, each scanned 5 s before it was stored: the newest is scanned at 23:59:55, inside the range.
		expect(items).toHaveLength(12);
	});

	it('passes fields, search and sort on', async () => {
		const { items } = await getMany({
			limit: 3,
			simplify: false,
			options: { fields: 'id, scan_date ,city', search: 'Paris', sort: '-scan_date' },
		});
		expect(requests()[0].query).toEqual({ fields: 'id,scan_date,city', search: 'Paris', sort: '-scan_date,id', limit: '3', offset: '0' });
		const paris = scanEvents()
			.filter((record) => record.city === 'Paris')
			.sort((a, b) => Date.parse(String(b.scan_date)) - Date.parse(String(a.scan_date)));
		expect(items.map((item) => item.json)).toEqual(paris.slice(0, 3).map(({ id, scan_date, city }) => ({ id, scan_date, city })));
	});

	it.each([
		['a Filter (JSON) that is not an object', { options: { filterJson: '[1]' } }, /Invalid "Filter \(JSON\)" in item 0/],
		['a scan range that ends before it starts', { filters: { scannedAfter: '2026-01-02T00:00:00Z', scannedBefore: '2026-01-01T00:00:00Z' } }, /Invalid "Scanned After" in item 0/],
		['a date that is not one', { filters: { scannedBefore: 'yesterday-ish' } }, /Invalid "Scanned Before" in item 0/],
		['a Limit out of range', { limit: 5000 }, /Invalid "Limit" in item 0/],
	])('rejects %s before any request', async (_, parameters, message) => {
		const { error } = await getMany(parameters as INodeParameters);
		expect(error?.message).toMatch(message);
		expect(requests()).toHaveLength(0);
	});

	it('keeps the Directus message and status of a rejected query', async () => {
		const { error } = await getMany({ options: { sort: 'no_such_field' } });
		expect(error?.httpCode).toBe('403');
		expect(error?.message).toContain('TrackVision API error 403');
		expect(error?.message).toContain('field "no_such_field" in collection "scan_event"');
	});
});

describe('Scan Event: retries', () => {
	it('retries 429 honouring Retry-After, and 5xx', async () => {
		sandbox.faults.inject({ service: 'trackvision', kind: '429', retryAfter: 0, times: 1 });
		sandbox.faults.inject({ service: 'trackvision', kind: '502', times: 1 });
		const { items, error } = await run({ operation: 'get', scanEventId: locator(String(scanEvents()[0].id)) });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(requests()).toHaveLength(3);
	});

	it('retries reset connections during a Return All, which then lacks nothing', async () => {
		tv.addScanEvents(Array.from({ length: 1500 }, () => ({})));
		sandbox.faults.inject({ service: 'trackvision', kind: 'reset', method: 'GET', path: '/items/scan_event', times: 2 });
		const { items, error } = await run({ operation: 'getMany', returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(SEEDED + 1500);
	});

	it('gives up after 5 attempts and says so, instead of returning a short list', async () => {
		sandbox.faults.inject({ service: 'trackvision', kind: '503', times: 10 });
		const { error, items } = await run({ operation: 'getMany', returnAll: true });
		expect(items).toHaveLength(0);
		expect(error?.httpCode).toBe('503');
		expect(error?.description).toContain('retried 5 times');
		expect(requests()).toHaveLength(5);
	});
});

describe('Scan Event: items, pairedItem and continueOnFail', () => {
	it('pairs every output item with its input, in input order', async () => {
		const { items } = await run(
			{ operation: 'getMany', limit: '={{ $json.limit }}', filters: { countries: '={{ $json.country }}' } },
			{ input: [{ json: { limit: 2, country: 'France' } }, { json: { limit: 3, country: 'United States' } }] },
		);
		expect(items.map((item) => [(item.pairedItem as { item: number }).item, item.json.country])).toEqual([
			[0, 'France'],
			[0, 'France'],
			[1, 'United States'],
			[1, 'United States'],
			[1, 'United States'],
		]);
	});

	it('with continueOnFail, failing items become error items and the rest go on', async () => {
		const [first, second] = scanEvents();
		const { items, error } = await run(
			{ operation: 'get', scanEventId: locator('={{ $json.id }}') },
			{ continueOnFail: true, input: [{ json: { id: first.id } }, { json: { id: 'nope' } }, { json: { id: MISSING_ID } }, { json: { id: second.id } }] },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json.id).toBe(first.id);
		expect(items[1].json.error).toBe('Invalid "Scan Event ID" in item 1: "nope" is not a UUID');
		expect(items[2].json.error).toContain(`The scan event "${MISSING_ID}" does not exist, or the token's role may not read it`);
		expect(items[3].json.id).toBe(second.id);
		expect(requests()).toHaveLength(3);
	});

	it('without continueOnFail, the error names the failing item', async () => {
		const { error } = await run(
			{ operation: 'get', scanEventId: locator('={{ $json.id }}') },
			{ input: [{ json: { id: scanEvents()[0].id } }, { json: { id: 'nope' } }] },
		);
		expect(error?.message).toContain('in item 1');
		expect(error?.context?.itemIndex).toBe(1);
	});
});

describe('sandbox: the scan_event collection', () => {
	async function api(path: string, init: { method?: string; body?: unknown } = {}) {
		const response = await fetch(`${sandbox.urls.trackvision}${path}`, {
			method: init.method ?? 'GET',
			headers: { Authorization: 'Bearer sandbox-tv-token', 'Content-Type': 'application/json' },
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
		});
		const text = await response.text();
		return { status: response.status, body: (text ? JSON.parse(text) : undefined) as IDataObject };
	}

	it('lists with filter, sort, fields, limit, offset and meta as the other collections', async () => {
		const query = new URLSearchParams({
			filter: JSON.stringify({ device_type: { _eq: 'tablet' } }),
			sort: '-scan_date',
			fields: 'id,device_type,scan_date',
			limit: '2',
			offset: '1',
			meta: 'total_count,filter_count',
		});
		const { status, body } = await api(`/items/scan_event?${query.toString()}`);
		expect(status).toBe(200);
		const tablets = scanEvents()
			.filter((record) => record.device_type === 'tablet')
			.sort((a, b) => Date.parse(String(b.scan_date)) - Date.parse(String(a.scan_date)));
		expect(body.data).toEqual(tablets.slice(1, 3).map(({ id, device_type, scan_date }) => ({ id, device_type, scan_date })));
		expect(body.meta).toEqual({ total_count: SEEDED, filter_count: tablets.length });
	});

	it('filters on numbers and bracket filters, and rejects unknown fields as Directus does', async () => {
		const south = await api('/items/scan_event?filter[ip_longitude][_lt]=0&limit=-1');
		expect((south.body.data as IDataObject[]).every((record) => Number(record.ip_longitude) < 0)).toBe(true);
		expect((south.body.data as IDataObject[]).length).toBe(scanEvents().filter((record) => Number(record.ip_longitude) < 0).length);
		const unknown = await api(`/items/scan_event?filter=${encodeURIComponent(JSON.stringify({ serial: { _eq: 'x' } }))}`);
		expect(unknown.status).toBe(403);
	});

	it('is read only: the node only reads it', async () => {
		expect((await api('/items/scan_event', { method: 'POST', body: { city: 'Paris' } })).status).toBe(403);
		expect((await api(`/items/scan_event/${String(scanEvents()[0].id)}`, { method: 'DELETE' })).status).toBe(403);
	});

	it('the control route adds scan events, stamped now unless given', async () => {
		const response = await fetch(`${sandbox.urls.trackvision}/__sandbox/trackvision/scan-events`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify([{ city: 'Lyon' }, { date_created: '2026-02-01T00:00:00.000Z' }]),
		});
		expect(response.status).toBe(201);
		const [lyon, stamped] = (await response.json()) as IDataObject[];
		expect(lyon).toMatchObject({ city: 'Lyon', id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
		expect(Date.now() - Date.parse(String(lyon.date_created))).toBeLessThan(60_000);
		expect(stamped).toMatchObject({ date_created: '2026-02-01T00:00:00.000Z', scan_date: '2026-02-01T00:00:00.000Z' });
		expect(scanEvents()).toHaveLength(SEEDED + 2);
	});
});

describe('the TrackVision demo of npm run dev', () => {
	it('reads the three latest mobile scan events, then the first by ID', async () => {
		const step = (name: string) => trackVisionWorkflow().nodes.find((node) => node.name === name)!;
		const list = step('Mobile scan events');
		const latest = await run(list.parameters, { typeVersion: list.typeVersion });
		expect(latest.error).toBeUndefined();
		const expected = scanEvents()
			.filter((record) => record.device_type === 'mobile')
			.sort((a, b) => Date.parse(String(b.scan_date)) - Date.parse(String(a.scan_date)))
			.slice(0, 3);
		expect(latest.items.map((item) => item.json.id)).toEqual(expected.map((record) => record.id));
		const get = step('Get scan event');
		const one = await run(get.parameters, { typeVersion: get.typeVersion, input: latest.items.slice(0, 1) });
		expect(one.error).toBeUndefined();
		expect(one.items[0].json).toMatchObject({ id: expected[0].id, device_type: 'mobile' });
	});
});

describe('example: counterfeit scan → TrackVision check and Slack-style alert', () => {
	const README_ALERT_URL = 'http://127.0.0.1:5703/events/brand-protection';
	const example = counterfeitAlertWorkflow(README_ALERT_URL, (name) => `${PACKAGE_PREFIX}.${name}`);

	it('ships in the README exactly as npm run dev imports it, with the published packages\' node type names', () => {
		const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
		const blocks = [...readme.matchAll(/^```json\n([\s\S]*?)\n```$/gm)].map((match) => JSON.parse(match[1]) as { name: string });
		expect(blocks.find((block) => block.name === example.name)).toEqual(counterfeitAlertWorkflow(README_ALERT_URL, publishedNodeType));
	});

	/**
	 * n8n's HTTP Request node is not installed here; this stand-in evaluates the
	 * same parameters through n8n's expression engine and posts the JSON body,
	 * as that node does with Specify Body = JSON.
	 */
	const httpRequestStandIn: INodeType = {
		description: {
			displayName: 'HTTP Request (stand-in)',
			name: 'httpRequest',
			group: ['transform'],
			version: 4.2,
			description: '',
			defaults: { name: 'HTTP Request' },
			inputs: ['main'],
			outputs: ['main'],
			properties: ['method', 'url', 'specifyBody', 'jsonBody'].map((name) => ({ displayName: name, name, type: 'string', default: '' })),
		},
		async execute(this: IExecuteFunctions) {
			const items = this.getInputData();
			const out: INodeExecutionData[] = [];
			for (let index = 0; index < items.length; index++) {
				const response = await fetch(this.getNodeParameter('url', index) as string, {
					method: this.getNodeParameter('method', index) as string,
					headers: { 'Content-Type': 'application/json' },
					body: this.getNodeParameter('jsonBody', index) as string,
				});
				out.push({ json: (await response.json()) as IDataObject, pairedItem: { item: index } });
			}
			return [out];
		},
	};

	it('runs in n8n-core, the trigger pinned to its real output: a counterfeit scan, not a genuine one, creates a check and posts one Slack-style alert', async () => {
		const sink = sandbox.sink as { received: Array<{ channel: string; body: IDataObject }> };
		const local = counterfeitAlertWorkflow(`${sandbox.urls.sink}/events/brand-protection`, (name) => `${PACKAGE_PREFIX}.${name}`);
		const trigger = local.nodes.find((node) => node.name === 'Counterfeit scan')!;
		const harness = await PollHarness.create({
			type: 'scantrustTrigger',
			typeVersion: trigger.typeVersion,
			parameters: trigger.parameters,
			credentials: scantrustCredentials(sandbox),
		});
		await harness.activate();
		(sandbox.scantrust as { addScans(campaignId: number, specs: IDataObject[]): unknown }).addScans(126, [{ flags: ['counterfeit'] }, { flags: [] }]);
		const fired = await harness.poll();
		expect(fired.items).toHaveLength(1);
		const scan = fired.items[0].json;
		expect(scan.flags).toEqual(['counterfeit']);

		const { nodeTypes: packageTypes } = await loadPackage();
		const withStandIn = (name: string) => (name === 'n8n-nodes-base.httpRequest' ? httpRequestStandIn : undefined);
		const nodeTypes: INodeTypes = {
			getByName: (name) => withStandIn(name) ?? packageTypes.getByName(name),
			getByNameAndVersion: (name, version) => withStandIn(name) ?? packageTypes.getByNameAndVersion(name, version),
			getKnownTypes: () => packageTypes.getKnownTypes(),
		};
		const workflow = new Workflow({
			id: 'example',
			nodes: local.nodes,
			connections: local.connections,
			nodeTypes,
			active: false,
			settings: { executionOrder: 'v1' },
		});
		const credentials = await createCredentialsHelper({ ...scantrustCredentials(sandbox), ...trackVisionCredentials(sandbox) });
		const hooks = new ExecutionLifecycleHooks('manual', 'example-execution', { ...local, id: 'example' } as never);
		const execute = new WorkflowExecute(createAdditionalData(credentials, hooks), 'manual');
		const run = await execute.run({ workflow, startNode: workflow.getNode('Counterfeit scan')!, pinData: { 'Counterfeit scan': fired.items } });
		expect(run.data.resultData.error).toBeUndefined();

		const checks = run.data.resultData.runData['Record a TrackVision check'][0].data!.main[0]!;
		expect(checks).toHaveLength(1);
		const [created] = checks;
		expect(created.json).toMatchObject({
			check_mode: 'scan_code',
			code: scan.serial_number,
			address: `${String(scan.city)}, ${String(scan.country_code)}`,
			notes: `Scantrust flagged scan ${String(scan.uuid)} of ${String(scan.product_name)} (${String(scan.product_sku)}) as counterfeit (failure) at ${String(scan.scan_timestamp)}.`,
		});
		expect(sink.received.filter((event) => event.channel === 'brand-protection').map((event) => event.body)).toEqual([
			{
				text: `:rotating_light: Counterfeit scan of ${String(scan.product_name)} (serial ${String(scan.serial_number)}) in ${String(scan.city)}. TrackVision integrity check ${String(created.json.id)} records it.`,
			},
		]);
	});
});
