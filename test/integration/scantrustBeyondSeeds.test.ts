// Scantrust beyond the seed documents: Product → Get Many and Get, from the
// vendor's "Download Products" page
// (devportal.scantrust.com/docs/build-with-scantrust/rest-api/product-download).
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { runNode } from '../harness/n8n';
import { scantrustCredentials, useSandbox, type SandboxHandle } from '../harness/sandbox';

let sandbox: SandboxHandle;

beforeAll(async () => {
	sandbox = await useSandbox({ workorderCompletionMs: 0 });
});

beforeEach(() => sandbox.reset());

afterAll(async () => await sandbox.close());

const scantrust = (
	parameters: INodeParameters,
	extra: { input?: INodeExecutionData[]; continueOnFail?: boolean; token?: string; typeVersion?: number } = {},
) =>
	runNode({
		type: 'scantrust',
		typeVersion: extra.typeVersion ?? 2,
		parameters,
		credentials: scantrustCredentials(sandbox, extra.token),
		input: extra.input,
		continueOnFail: extra.continueOnFail,
	});

const locator = (value: string, mode = 'list') => ({ __rl: true, mode, value });
const productRequests = () => sandbox.requestsTo('scantrust', '/api/v2/products/');
const scantrustState = () => sandbox.scantrust as { addProducts: (count: number) => unknown[] };

const SIMPLE_PRODUCT = ['id', 'sku', 'name', 'description', 'brand', 'campaign', 'creation_date', 'is_archived', 'code_count', 'active_code_count', 'blacklisted_code_count'];

describe('Product: Get Many', () => {
	test('active products by default, simplified, with the UAT header and no more than the Limit asks', async () => {
		const { items, error } = await scantrust({ resource: 'product', operation: 'getMany', limit: 2 });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items.map((item) => Object.keys(item.json))).toEqual([SIMPLE_PRODUCT, SIMPLE_PRODUCT]);
		expect(items.every((item) => item.json.is_archived === false)).toBe(true);
		const [request] = productRequests();
		expect(request.headers.authorization).toBe('UAT sandbox-uat-token');
		expect(request.query).toEqual({ is_archived: '0', limit: '2' });
	});

	test('SKU, archive state and ordering reach the request as sku__exact, is_archived and ordering', async () => {
		const archived = await scantrust({
			resource: 'product',
			operation: 'getMany',
			returnAll: true,
			filters: { archived: 'archived', sku: ' OLD1 ', ordering: '-creation_date' },
		});
		expect(archived.items.map((item) => item.json.sku)).toEqual(['OLD1']);
		expect(productRequests()[0].query).toEqual({ is_archived: '1', sku__exact: 'OLD1', ordering: '-creation_date', limit: '1000' });

		const newestFirst = await scantrust({ resource: 'product', operation: 'getMany', returnAll: true, filters: { ordering: '-creation_date' } });
		expect(newestFirst.items.map((item) => item.json.sku)).toEqual(['12345678901234', 'SS001', 'P2']);
	});

	test('Return All asks for pages of 1,000 and follows next links when the server gives less', async () => {
		scantrustState().addProducts(1200);
		const { items, error } = await scantrust({ resource: 'product', operation: 'getMany', returnAll: true, simplify: false });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1203);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(1203);
		// The sandbox allows 500 a page: 1,203 products are three pages.
		expect(productRequests().map((request) => request.query.offset ?? '0')).toEqual(['0', '500', '1000']);
		expect(productRequests()[0].query.limit).toBe('1000');
	});

	test('a failed page is retried, so Return All never comes back short', async () => {
		scantrustState().addProducts(700);
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/products/', kind: '503', times: 1 });
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/products/', kind: 'drop', afterBytes: 200 });
		const { items, error } = await scantrust({ resource: 'product', operation: 'getMany', returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(703);
	});

	test('version 1 returns the full products as Scantrust sends them', async () => {
		const { items } = await scantrust({ resource: 'product', operation: 'getMany', returnAll: true }, { typeVersion: 1 });
		expect(items).toHaveLength(3);
		expect(items[0].json).toEqual(
			expect.objectContaining({ uuid: expect.any(String), label: expect.any(String), company: expect.any(Object), smartlabel: null }),
		);
	});

	test('a Limit out of range is refused before any request', async () => {
		const { error } = await scantrust({ resource: 'product', operation: 'getMany', limit: '={{ 0 }}' });
		expect(error?.message).toMatch(/Invalid "Limit" in item 0/);
		expect(productRequests()).toHaveLength(0);
	});
});

describe('Product: Get', () => {
	test('a product picked from the list is read with sku__exact, simplified', async () => {
		const { items, error } = await scantrust({ resource: 'product', operation: 'get', productSku: locator('SS001') });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(Object.keys(items[0].json)).toEqual(SIMPLE_PRODUCT);
		expect(items[0].json).toEqual(expect.objectContaining({ id: 1919, sku: 'SS001', brand: expect.objectContaining({ name: 'JJ' }) }));
		expect(productRequests().map((request) => request.query)).toEqual([{ sku__exact: 'SS001', is_archived: '0', limit: '1' }]);
	});

	test('an archived product is found too, by a second request among the archived ones', async () => {
		const { items } = await scantrust({ resource: 'product', operation: 'get', productSku: locator('OLD1', 'id'), simplify: false });
		expect(items[0].json).toEqual(expect.objectContaining({ id: 90, is_archived: true }));
		expect(productRequests().map((request) => request.query.is_archived)).toEqual(['0', '1']);
	});

	test('version 1 takes the SKU as plain text', async () => {
		const { items } = await scantrust({ resource: 'product', operation: 'get', productSku: 'P2' }, { typeVersion: 1 });
		expect(items[0].json).toEqual(expect.objectContaining({ id: 332, sku: 'P2', uuid: expect.any(String) }));
	});

	test('an unknown SKU fails clearly; an empty one fails before any request; each error is paired with its item', async () => {
		const { items, error } = await scantrust(
			{ resource: 'product', operation: 'get', productSku: locator('={{ $json.sku }}', 'id') },
			{ input: [{ json: { sku: 'SS001' } }, { json: { sku: '' } }, { json: { sku: 'NOPE' } }, { json: { sku: 'P2' } }], continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json.sku).toBe('SS001');
		expect(items[1].json.error).toMatch(/Invalid "Product SKU" in item 1: it is empty/);
		expect(items[2].json.error).toBe('No product with SKU "NOPE"');
		expect(items[3].json.sku).toBe('P2');
		// Items run concurrently, so requests interleave; none is sent for the empty SKU.
		expect(productRequests().map((request) => request.query.sku__exact).sort()).toEqual(['NOPE', 'NOPE', 'P2', 'SS001']);
	});

	test('without continueOnFail the unknown SKU stops the node and names the item', async () => {
		const { error } = await scantrust({ resource: 'product', operation: 'get', productSku: locator('NOPE', 'id') });
		expect(error?.message).toBe('No product with SKU "NOPE"');
		expect(error?.description).toMatch(/Get Many lists the products/);
	});

	test('429 is retried after the asked delay; a bad token keeps the vendor message', async () => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/products/', kind: '429', retryAfter: 1 });
		const { items, error } = await scantrust({ resource: 'product', operation: 'get', productSku: locator('P2', 'id') });
		expect(error).toBeUndefined();
		expect(items[0].json.id).toBe(332);
		expect(productRequests()).toHaveLength(2);

		const denied = await scantrust({ resource: 'product', operation: 'get', productSku: locator('P2', 'id') }, { token: 'wrong-token' });
		expect(denied.error?.message).toBe('Scantrust API error 401: Invalid token.');
	});
});
