import { readFileSync } from 'node:fs';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { binaryPath, loadOptions, readBinary, runNode, testCredentials } from '../harness/n8n';
import { scantrustCredentials, useSandbox, type SandboxHandle } from '../harness/sandbox';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readZip } = require('../sandbox/zip') as { readZip: (buffer: Buffer) => Record<string, Buffer> };

let sandbox: SandboxHandle;

beforeAll(async () => {
	sandbox = await useSandbox({ workorderCompletionMs: 0 });
});

beforeEach(() => sandbox.reset());

afterAll(async () => await sandbox.close());

const scantrust = (parameters: INodeParameters, extra: { input?: INodeExecutionData[]; continueOnFail?: boolean; token?: string } = {}) =>
	runNode({
		type: 'scantrust',
		parameters,
		credentials: scantrustCredentials(sandbox, extra.token),
		input: extra.input,
		continueOnFail: extra.continueOnFail,
	});

const scanRequests = () => sandbox.requestsTo('scantrust', '/api/v2/dashboard/scans/');

const scantrustControl = () => sandbox.scantrust as { addScans(campaignId: number, specs: object[]): Array<{ uuid: string }> };

/** The campaign's scan IDs as cursor pages list them: the vendor's consistent order. */
async function cursorWalk(campaignId: string): Promise<string[]> {
	const uuids: string[] = [];
	let next: string | null = `${sandbox.urls.scantrust}/api/v2/dashboard/scans/?campaign_id=${campaignId}&page_mode=cursor&limit=2000`;
	while (next) {
		const response = await fetch(next, { headers: { Authorization: 'UAT sandbox-uat-token' } });
		const page = (await response.json()) as { next: string | null; results: Array<{ uuid: string }> };
		for (const scan of page.results) uuids.push(scan.uuid);
		next = page.next;
	}
	return uuids;
}

describe('Scan: Get Many', () => {
	test('returns one item per scan with the UAT header and campaign_id', async () => {
		const { items, error } = await scantrust({ resource: 'scan', operation: 'getMany', campaignId: '126', returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(30);
		expect(items[0].json).toEqual(expect.objectContaining({ uuid: expect.any(String), scan_timestamp: expect.any(String) }));
		expect(items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
		const [request] = scanRequests();
		expect(request.headers.authorization).toBe('UAT sandbox-uat-token');
		expect(request.query).toEqual({ campaign_id: '126', limit: '2000', offset: '0' });
	});

	test('every filter reaches the request', async () => {
		await scantrust({
			resource: 'scan',
			operation: 'getMany',
			campaignId: '195',
			timeRange: 'timeframe',
			timeframe: '1w',
			returnAll: false,
			limit: 5,
			filters: {
				flags: ['counterfeit', 'out-of-market'],
				otherFlags: 'suspicious, counterfeit',
				activationStatus: 0,
				productId: 1919,
				scm: { fields: [{ key: 'intended_market', value: 'zh' }, { key: 'scm_reel_id', value: '1' }] },
			},
		});
		expect(scanRequests()[0].query).toEqual({
			campaign_id: '195',
			timeframe: '1w',
			flags: 'counterfeit,out-of-market,suspicious',
			activation_status: '0',
			product: '1919',
			scm_intended_market: 'zh',
			scm_reel_id: '1',
			page_mode: 'cursor',
			limit: '5',
		});
	});

	test('a date range is sent as ISO dates and filters the scans', async () => {
		const { items } = await scantrust({
			resource: 'scan',
			operation: 'getMany',
			campaignId: '126',
			timeRange: 'dateRange',
			dateFrom: '2025-12-31T20:00:00Z',
			dateTo: '2026-01-01T00:00:00Z',
			returnAll: true,
		});
		expect(scanRequests()[0].query).toEqual(
			expect.objectContaining({ date_from: '2025-12-31T20:00:00.000Z', date_to: '2026-01-01T00:00:00.000Z' }),
		);
		expect(items).toHaveLength(5);
	});

	test('filters narrow the results the sandbox returns', async () => {
		const { items } = await scantrust({
			resource: 'scan',
			operation: 'getMany',
			campaignId: '195',
			returnAll: true,
			filters: { flags: ['counterfeit'], scm: { fields: [{ key: 'intended_market', value: 'zh' }] } },
		});
		expect(items.length).toBeGreaterThan(0);
		for (const { json } of items) {
			expect(json.flags).toContain('counterfeit');
			expect((json.scm_data as { intended_market: string }).intended_market).toBe('zh');
		}
	});

	test('Return All reads offset pages of 2,000 (the vendor example) together once the count is known, then counts again', async () => {
		const byCursor = await cursorWalk('195');
		sandbox.reset();
		const { items } = await scantrust({ resource: 'scan', operation: 'getMany', campaignId: '195', returnAll: true });
		expect(items).toHaveLength(2500);
		expect(items.map((item) => item.json.uuid)).toEqual(byCursor);
		expect(scanRequests().map((request) => [request.query.offset, request.query.limit])).toEqual([
			['0', '2000'],
			['2000', '500'],
			['0', '1'],
		]);
	});

	test('a scan recorded during the read: the offset pages moved, so it reads again by cursor, nothing lost or doubled', async () => {
		const before = await cursorWalk('195');
		sandbox.reset();
		let added: string | undefined;
		sandbox.faults.inject({
			service: 'scantrust',
			path: '/api/v2/dashboard/scans/',
			kind: 'slow',
			delayMs: 0,
			skip: 1,
			onHit: () => (added = scantrustControl().addScans(195, [{}])[0].uuid),
		});
		const { items, error } = await scantrust({ resource: 'scan', operation: 'getMany', campaignId: '195', returnAll: true });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.uuid)).toEqual([added, ...before]);
		const requests = scanRequests();
		expect(requests.some((request) => request.query.page_mode === 'cursor')).toBe(true);
		expect(requests.filter((request) => request.query.page_mode === 'cursor').every((request) => request.query.offset === undefined)).toBe(true);
	});

	test.each([
		['a relative timeframe, which slides', { timeRange: 'timeframe', timeframe: '1y' }],
		['activation status, which changes when a code is blacklisted', { filters: { activationStatus: 1 } }],
		['an SCM field, which an upload changes', { filters: { scm: { fields: [{ key: 'intended_market', value: 'zh' }] } } }],
	])('a filter on %s reads cursor pages, which stay consistent', async (_, filter) => {
		const { error } = await scantrust({ resource: 'scan', operation: 'getMany', campaignId: '195', returnAll: true, ...filter });
		expect(error).toBeUndefined();
		expect(scanRequests().every((request) => request.query.page_mode === 'cursor' && request.query.offset === undefined)).toBe(true);
	});

	test('Limit asks for only what it needs and stops early', async () => {
		const { items } = await scantrust({ resource: 'scan', operation: 'getMany', campaignId: '195', returnAll: false, limit: 30 });
		expect(items).toHaveLength(30);
		expect(scanRequests()).toHaveLength(1);
		expect(scanRequests()[0].query.limit).toBe('30');
	});

	test('a Limit above the page size reads the rest from the next offset and stops at the limit', async () => {
		const { items } = await scantrust({ resource: 'scan', operation: 'getMany', campaignId: '195', returnAll: false, limit: 2200 });
		expect(items).toHaveLength(2200);
		expect(scanRequests().map((request) => [request.query.offset, request.query.limit])).toEqual([
			['0', '2000'],
			['2000', '200'],
			['0', '1'],
		]);
	});

	test('the sandbox accepts the older campaign parameter name too', async () => {
		const response = await fetch(`${sandbox.urls.scantrust}/api/v2/dashboard/scans/?campaign=126&limit=1`, {
			headers: { Authorization: 'UAT sandbox-uat-token' },
		});
		expect(((await response.json()) as { count: number }).count).toBe(30);
	});
});

describe('Scan pages are parsed as they arrive', () => {
	test('a page cut off deep inside its results is read again in full, nothing lost or doubled', async () => {
		const before = await cursorWalk('195');
		sandbox.reset();
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/dashboard/scans/', kind: 'drop', afterBytes: 700_000 });
		const { items, error } = await scantrust({ resource: 'scan', operation: 'getMany', campaignId: '195', returnAll: true });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.uuid)).toEqual(before);
		expect(scanRequests().filter((request) => request.query.offset === '0' && request.query.limit === '2000')).toHaveLength(2);
	});

	test('a page that stalls mid-body fails at the request timeout and is read again', async () => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/dashboard/scans/', kind: 'hangBody', afterBytes: 1000 });
		const { items, error } = await scantrust({
			resource: 'scan',
			operation: 'getMany',
			campaignId: '195',
			returnAll: true,
			requestOptions: { timeout: 1 },
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2500);
	}, 30_000);

	test("an error answer keeps Scantrust's message and status", async () => {
		const { error } = await scantrust({ resource: 'scan', operation: 'getMany', campaignId: '195', returnAll: true }, { token: 'wrong-token' });
		expect(error?.message).toBe('Scantrust API error 401: Invalid token.');
		expect(error?.httpCode).toBe('401');
	});
});

describe('Scan: Export CSV', () => {
	test('streams the CSV into a named binary file with the same filters', async () => {
		const { items, error } = await scantrust({
			resource: 'scan',
			operation: 'exportCsv',
			campaignId: '195',
			timeRange: 'none',
			filters: { flags: ['counterfeit'] },
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const binary = items[0].binary!.data;
		expect(binary.fileName).toMatch(/^scans-195-\d{4}-\d{2}-\d{2}\.csv$/);
		expect(binary.mimeType).toBe('text/csv');
		const csv = (await readBinary(items[0])).toString('utf8').trim().split('\n');
		expect(csv[0].startsWith('scan.uuid,scan.datetime')).toBe(true);
		expect(csv.slice(1).every((line) => line.includes('counterfeit'))).toBe(true);
		expect(sandbox.requestsTo('scantrust', '/api/v2/dashboard/scans/csv')[0].query).toEqual({ campaign_id: '195', flags: 'counterfeit' });
	});

	test('a 200,000-scan campaign completes onto disk', async () => {
		const { items, error } = await scantrust({ resource: 'scan', operation: 'exportCsv', campaignId: '777', timeRange: 'none' });
		expect(error).toBeUndefined();
		const lines = readFileSync(binaryPath(items[0]), 'utf8').trimEnd().split('\n');
		expect(lines).toHaveLength(200_001);
	});
});

describe('Workorder templates', () => {
	test('Get Many returns the templates, with Limit', async () => {
		const all = await scantrust({ resource: 'workorderTemplate', operation: 'getMany', returnAll: true });
		expect(all.items.map((item) => item.json.id)).toEqual([164, 165, 166]);
		sandbox.clearRequests();
		const limited = await scantrust({ resource: 'workorderTemplate', operation: 'getMany', returnAll: false, limit: 2 });
		expect(limited.items).toHaveLength(2);
		expect(sandbox.requestsTo('scantrust')).toHaveLength(1);
	});
});

describe('Workorders', () => {
	test('Create SSC sends the required and chosen optional fields', async () => {
		const { items, error } = await scantrust({
			resource: 'workorder',
			operation: 'createSsc',
			reference: 'PO-1001',
			quantity: 500,
			codeLayout: 'custom',
			customLayout: 12,
			printingPartner: 346,
			additionalFields: {
				template: 166,
				product: 'SS001',
				remarks: 'spring run',
				activate_on_complete: true,
				extended_id_style: 'compact-12',
				substrate: 1,
				use_serial_number: false,
				is_hybrid: false,
				template_image: false,
				is_fp_serialized: true,
				is_static_print: false,
				static_unique_codes_quantity: 0,
				url_prefix: 'https://st4.ch/q/',
				partner_permissions: 'activate_codes, view_codes',
			},
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(expect.objectContaining({ reference: 'PO-1001', state: 'new', quantity: 500 }));
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/create-sg/')[0].body).toEqual({
			reference: 'PO-1001',
			quantity: 500,
			code_layout: 'custom',
			custom_layout: 12,
			printing_partner: 346,
			template: 166,
			product: 'SS001',
			remarks: 'spring run',
			activate_on_complete: true,
			extended_id_style: 'compact-12',
			substrate: 1,
			use_serial_number: false,
			is_hybrid: false,
			template_image: false,
			is_fp_serialized: true,
			is_static_print: false,
			static_unique_codes_quantity: 0,
			url_prefix: 'https://st4.ch/q/',
			partner_permissions: ['activate_codes', 'view_codes'],
		});
	});

	test('custom_layout is sent only for the custom layout', async () => {
		await scantrust({
			resource: 'workorder',
			operation: 'createSsc',
			reference: 'PO-1002',
			quantity: 10,
			codeLayout: 'sg-inside',
			customLayout: 12,
			printingPartner: 346,
		});
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/create-sg/')[0].body).not.toHaveProperty('custom_layout');
	});

	test('a validation error from Scantrust keeps the field message and status', async () => {
		const { error } = await scantrust({
			resource: 'workorder',
			operation: 'createSsc',
			reference: 'WO-NEW-1',
			quantity: 10,
			codeLayout: 'sg-inside',
			printingPartner: 346,
		});
		expect(error?.message).toBe(
			'Scantrust API error 400: reference: Workorder with this reference already exists for this company.',
		);
		expect(error?.httpCode).toBe('400');
	});

	test('Create SID, then Get shows it completed with a codes file', async () => {
		const created = await scantrust({
			resource: 'workorder',
			operation: 'createSid',
			reference: 'SID-1',
			quantity: 5,
			activateOnComplete: true,
			useSerialNumber: true,
			remarks: 'serials',
		});
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/create-sid/')[0].body).toEqual({
			reference: 'SID-1',
			quantity: 5,
			activate_on_complete: true,
			use_serial_number: true,
			remarks: 'serials',
		});
		const id = created.items[0].json.id as number;
		const { items } = await scantrust({ resource: 'workorder', operation: 'get', workorderId: String(id) });
		expect(items[0].json).toEqual(expect.objectContaining({ id, state: 'completed', codegen_status: 4 }));
		expect(items[0].json.codegen_file).toEqual(expect.stringContaining(sandbox.urls.storage));
	});

	test('Confirm Print patches substrate, equipment and external ID', async () => {
		const { items, error } = await scantrust({
			resource: 'workorder',
			operation: 'confirmPrint',
			workorderId: '5001',
			substrate: 1,
			equipment: 2,
			externalId: 'press-7',
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(expect.objectContaining({ id: 5001, codegen_status: 6, external_id: 'press-7' }));
		const [request] = sandbox.requestsTo('scantrust', '/api/v2/workorders/5001/printer-confirm/');
		expect(request.method).toBe('PATCH');
		expect(request.body).toEqual({ substrate: 1, equipment: 2, external_id: 'press-7' });
	});

	test('Get Many sends search and the archive filter, with paging', async () => {
		const archived = await scantrust({
			resource: 'workorder',
			operation: 'getMany',
			returnAll: true,
			filters: { archived: 'archived', search: 'old' },
		});
		expect(archived.items.map((item) => item.json.reference)).toEqual(['WO-ARCHIVED-1']);
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/')[0].query).toEqual({ search: 'old', is_archived: '1', limit: '1000' });
		const active = await scantrust({ resource: 'workorder', operation: 'getMany', returnAll: false, limit: 2 });
		expect(active.items).toHaveLength(2);
		const both = await scantrust({ resource: 'workorder', operation: 'getMany', returnAll: true, filters: { archived: 'both' } });
		expect(both.items).toHaveLength(6);
	});

	test('Get of an unknown workorder is a 404 with the vendor message', async () => {
		const { error } = await scantrust({ resource: 'workorder', operation: 'get', workorderId: '999999' });
		expect(error?.message).toBe('Scantrust API error 404: Not found.');
	});
});

describe('Workorder: Download Codes', () => {
	test('downloads the zip from storage without the UAT header', async () => {
		const { items, error } = await scantrust({ resource: 'workorder', operation: 'downloadCodes', workorderId: '5005' });
		expect(error).toBeUndefined();
		const binary = items[0].binary!.data;
		expect(binary.fileName).toBe('workorder-5005-codes.zip');
		expect(binary.mimeType).toBe('application/zip');
		const files = readZip(await readBinary(items[0]));
		expect(Object.keys(files).sort()).toEqual(['codes.csv', 'manifest.json']);
		expect(files['codes.csv'].toString().split('\n')[0]).toBe('Extended ID,Serial Number,Sequence,Batch,Full URL');
		const storageRequests = sandbox.requestsTo('storage');
		expect(storageRequests).toHaveLength(1);
		expect(storageRequests[0].headers.authorization).toBeUndefined();
	});

	test('a codes link on the API origin carries the UAT header', async () => {
		const { items, error } = await scantrust({ resource: 'workorder', operation: 'downloadCodes', workorderId: '5004' });
		expect(error).toBeUndefined();
		expect(Object.keys(readZip(await readBinary(items[0])))).toContain('codes.csv');
		const [media] = sandbox.requestsTo('scantrust', '/media/');
		expect(media.headers.authorization).toBe('UAT sandbox-uat-token');
		expect(sandbox.requestsTo('storage')).toHaveLength(0);
	});

	test('an incomplete workorder fails with its state and codegen_status', async () => {
		const { error } = await scantrust({ resource: 'workorder', operation: 'downloadCodes', workorderId: '5002' });
		expect(error?.message).toBe('Workorder 5002 has no codes file yet (state "new", codegen_status 6)');
		expect(error?.name).toBe('NodeOperationError');
	});

	test('the binary field name is configurable', async () => {
		const { items } = await scantrust({
			resource: 'workorder',
			operation: 'downloadCodes',
			workorderId: '5005',
			binaryPropertyName: 'codes',
		});
		expect(Object.keys(items[0].binary!)).toEqual(['codes']);
	});
});

describe('Input validation happens before any request', () => {
	const cases: Array<[string, INodeParameters, RegExp]> = [
		['campaign ID not numeric', { resource: 'scan', operation: 'getMany', campaignId: 'abc', returnAll: true }, /Invalid "Campaign ID" in item 0/],
		['campaign ID from an empty expression', { resource: 'scan', operation: 'exportCsv', campaignId: '={{ $json.nothing }}' }, /Invalid "Campaign ID" in item 0/],
		[
			'unparseable date',
			{ resource: 'scan', operation: 'getMany', campaignId: '126', timeRange: 'dateRange', dateFrom: 'yesterday', dateTo: '2026-01-01', returnAll: true },
			/Invalid "From" in item 0: "yesterday" is not a date/,
		],
		[
			'from after to',
			{ resource: 'scan', operation: 'getMany', campaignId: '126', timeRange: 'dateRange', dateFrom: '2026-02-01', dateTo: '2026-01-01', returnAll: true },
			/Invalid "From" in item 0: .* is after "To"/,
		],
		['product ID not numeric', { resource: 'scan', operation: 'getMany', campaignId: '126', returnAll: true, filters: { productId: 'SS001' } }, /Invalid "Product Name or ID"/],
		['quantity zero', { resource: 'workorder', operation: 'createSsc', reference: 'R', quantity: 0, codeLayout: 'sg-inside', printingPartner: 3 }, /Invalid "Quantity" in item 0: "0" is not a whole number of at least 1/],
		['quantity fractional', { resource: 'workorder', operation: 'createSid', reference: 'R', quantity: 2.5, activateOnComplete: false, useSerialNumber: true }, /Invalid "Quantity"/],
		['empty reference', { resource: 'workorder', operation: 'createSsc', reference: '  ', quantity: 5, codeLayout: 'sg-inside', printingPartner: 3 }, /Invalid "Reference" in item 0: it is empty/],
		['empty SID reference', { resource: 'workorder', operation: 'createSid', reference: '={{ "" }}', quantity: 5, activateOnComplete: false, useSerialNumber: true }, /Invalid "Reference"/],
		['printing partner missing', { resource: 'workorder', operation: 'createSsc', reference: 'R', quantity: 5, codeLayout: 'sg-inside', printingPartner: 0 }, /Invalid "Printing Partner ID"/],
		['custom layout missing', { resource: 'workorder', operation: 'createSsc', reference: 'R', quantity: 5, codeLayout: 'custom', customLayout: 0, printingPartner: 3 }, /Invalid "Custom Layout ID"/],
		['template not numeric', { resource: 'workorder', operation: 'createSsc', reference: 'R', quantity: 5, codeLayout: 'sg-inside', printingPartner: 3, additionalFields: { template: 'abc' } }, /Invalid "Template Name or ID"/],
		['workorder ID not numeric', { resource: 'workorder', operation: 'get', workorderId: '12a' }, /Invalid "Workorder ID" in item 0/],
		['download workorder ID', { resource: 'workorder', operation: 'downloadCodes', workorderId: '={{ "5005 " + "x" }}' }, /Invalid "Workorder ID"/],
		['confirm equipment', { resource: 'workorder', operation: 'confirmPrint', workorderId: '5001', substrate: 1, equipment: 0 }, /Invalid "Equipment ID"/],
		['confirm substrate', { resource: 'workorder', operation: 'confirmPrint', workorderId: '5001', substrate: -1, equipment: 2 }, /Invalid "Substrate ID"/],
	];

	test.each(cases)('%s', async (_name, parameters, message) => {
		const { error } = await scantrust(parameters);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(error?.description).toBeTruthy();
		expect(sandbox.requestsTo('scantrust')).toHaveLength(0);
	});

	test('n8n itself refuses an empty required field before the node runs', async () => {
		const { error } = await scantrust({ resource: 'scan', operation: 'exportCsv', campaignId: '' });
		expect(error?.message).toMatch(/Parameter "Campaign ID" is required/);
		expect(sandbox.requestsTo('scantrust')).toHaveLength(0);
	});

	test('the failing item is named', async () => {
		const { error } = await scantrust(
			{ resource: 'workorder', operation: 'get', workorderId: '={{ $json.id }}' },
			{ input: [{ json: { id: 5001 } }, { json: { id: 'x' } }] },
		);
		expect(error?.message).toMatch(/in item 1/);
	});
});

describe('continueOnFail', () => {
	test('each failing input item becomes an error item paired with it', async () => {
		const { items, error } = await scantrust(
			{ resource: 'workorder', operation: 'get', workorderId: '={{ $json.id }}' },
			{ input: [{ json: { id: 5001 } }, { json: { id: 'oops' } }, { json: { id: 424242 } }, { json: { id: 5005 } }], continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(4);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json.id).toBe(5001);
		expect(items[1].json.error).toMatch(/Invalid "Workorder ID" in item 1/);
		expect(items[2].json.error).toBe('Scantrust API error 404: Not found.');
		expect(items[3].json.id).toBe(5005);
	});
});

describe('Authentication', () => {
	test('a bad token gives a clear error that names the credential and hides the token', async () => {
		const { error } = await scantrust({ resource: 'workorder', operation: 'get', workorderId: '5001' }, { token: 'wrong-token' });
		expect(error?.message).toBe('Scantrust API error 401: Invalid token.');
		expect(error?.description).toMatch(/Check the UAT token in the Scantrust API credential/);
		expect(JSON.stringify({ ...error, message: error?.message, description: error?.description })).not.toContain('wrong-token');
	});

	test('a token without permission gets the 403 message', async () => {
		const { error } = await scantrust(
			{ resource: 'workorder', operation: 'createSid', reference: 'X', quantity: 1, activateOnComplete: false, useSerialNumber: true },
			{ token: 'sandbox-uat-readonly' },
		);
		expect(error?.message).toBe('Scantrust API error 403: You do not have permission to perform this action.');
		expect(error?.httpCode).toBe('403');
	});

	test('the credential test passes with a good token and fails clearly with a bad one', async () => {
		const good = await testCredentials('scantrustApi', scantrustCredentials(sandbox).scantrustApi);
		expect(good.status).toBe('OK');
		expect(sandbox.requestsTo('scantrust', '/api/v2/me/')[0].headers.authorization).toBe('UAT sandbox-uat-token');
		const bad = await testCredentials('scantrustApi', scantrustCredentials(sandbox, 'nope').scantrustApi);
		expect(bad).toEqual({ status: 'Error', message: expect.stringMatching(/Check that the token is correct/) });
	});
});

describe('Retries', () => {
	const getWorkorder = () => scantrust({ resource: 'workorder', operation: 'get', workorderId: '5001' });
	const attempts = () => sandbox.requestsTo('scantrust', '/api/v2/workorders/5001/').length;

	test('429 with Retry-After is retried after the asked delay', async () => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/workorders/5001/', kind: '429', retryAfter: 1 });
		const started = Date.now();
		const { items, error } = await getWorkorder();
		expect(error).toBeUndefined();
		expect(items[0].json.id).toBe(5001);
		expect(attempts()).toBe(2);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	test('429 with only the "Expected available in N seconds" text is honoured', async () => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/workorders/5001/', kind: '429', retryAfter: null, throttleSeconds: 1 });
		const started = Date.now();
		const { error } = await getWorkorder();
		expect(error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	test.each(['500', '502', '503'])('%s is retried with backoff', async (kind) => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/workorders/5001/', kind, times: 2 });
		const { error } = await getWorkorder();
		expect(error).toBeUndefined();
		expect(attempts()).toBe(3);
	});

	test('a connection reset is retried', async () => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/workorders/5001/', kind: 'reset' });
		const { error } = await getWorkorder();
		expect(error).toBeUndefined();
		expect(attempts()).toBe(2);
	});

	test('a connection dropped mid-body is retried', async () => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/workorders/5001/', kind: 'drop', afterBytes: 20 });
		const { items, error } = await getWorkorder();
		expect(error).toBeUndefined();
		expect(items[0].json.id).toBe(5001);
		expect(attempts()).toBe(2);
	});

	test('malformed JSON is retried, never passed on', async () => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/dashboard/scans/', kind: 'malformed' });
		const { items, error } = await scantrust({ resource: 'scan', operation: 'getMany', campaignId: '126', returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(30);
		expect(scanRequests()).toHaveLength(2);
	});

	test('a slow response is waited for', async () => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/workorders/5001/', kind: 'slow', delayMs: 1500 });
		const { error } = await getWorkorder();
		expect(error).toBeUndefined();
		expect(attempts()).toBe(1);
	});

	test('a failed page is retried, so Return All never comes back short', async () => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/dashboard/scans/', kind: '503', times: 1 });
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/dashboard/scans/', kind: 'drop', afterBytes: 100 });
		const { items, error } = await scantrust({ resource: 'scan', operation: 'getMany', campaignId: '195', returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2500);
	});

	test('a CSV download cut mid-stream is downloaded again in full', async () => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/dashboard/scans/csv', kind: 'drop', afterBytes: 5000 });
		const { items, error } = await scantrust({ resource: 'scan', operation: 'exportCsv', campaignId: '195', timeRange: 'none' });
		expect(error).toBeUndefined();
		expect((await readBinary(items[0])).toString('utf8').trimEnd().split('\n')).toHaveLength(2501);
	});

	test('a storage download that resets is retried without credentials', async () => {
		sandbox.faults.inject({ service: 'storage', kind: 'reset' });
		const { error } = await scantrust({ resource: 'workorder', operation: 'downloadCodes', workorderId: '5005' });
		expect(error).toBeUndefined();
		expect(sandbox.requestsTo('storage').map((request) => request.headers.authorization)).toEqual([undefined, undefined]);
	});

	test('retries are bounded and the last status is reported', async () => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/workorders/5001/', kind: '503', times: 10 });
		const { error } = await getWorkorder();
		expect(error?.message).toBe('Scantrust API error 503: Sandbox injected a 503 error.');
		expect(error?.description).toMatch(/retried 5 times/);
		expect(attempts()).toBe(5);
	}, 20_000);

	test('400 is not retried', async () => {
		await scantrust({ resource: 'workorder', operation: 'createSsc', reference: 'WO-NEW-1', quantity: 10, codeLayout: 'sg-inside', printingPartner: 346 });
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/create-sg/')).toHaveLength(1);
	});
});

describe('Dropdowns', () => {
	const load = (method: string) =>
		loadOptions({ type: 'scantrust', method, parameters: { resource: 'workorder', operation: 'createSsc' }, credentials: scantrustCredentials(sandbox) });

	test('templates load from the templates endpoint', async () => {
		expect(await load('getTemplates')).toEqual([
			expect.objectContaining({ name: 'SG_Template_1 (sg-outside)', value: 164 }),
			expect.objectContaining({ name: 'SG_Inside_Paper (sg-inside)', value: 165 }),
			expect.objectContaining({ name: 'Custom_Label (custom)', value: 166 }),
		]);
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/templates/')[0].headers.authorization).toBe('UAT sandbox-uat-token');
	});

	test('products load as IDs for scan filters and as SKUs for workorders, without archived ones', async () => {
		const ids = await load('getProductIds');
		expect(ids.map((option) => option.value)).toEqual([332, 1919, 2017]);
		const skus = await load('getProductSkus');
		expect(skus.map((option) => option.value)).toEqual(['P2', 'SS001', '12345678901234']);
		// Sorted by name here: the vendor page documents only ordering=-creation_date.
		expect(sandbox.requestsTo('scantrust', '/api/v2/products/')[0].query).toEqual({ is_archived: '0', limit: '1000' });
	});
});
