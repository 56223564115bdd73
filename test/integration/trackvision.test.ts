// The TrackVision node, run by n8n's WorkflowExecute against the sandbox's
// Directus-style emulation over real HTTP.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { loadPackage, PACKAGE_ROOT, runNode, testCredentials } from '../harness/n8n';
import type { LoggedRequest, SandboxHandle } from '../harness/sandbox';
import { trackVisionCredentials, useSandbox } from '../harness/sandbox';

interface TrackVisionState {
	records: { integrity_check: IDataObject[]; integrity_check_result: IDataObject[] };
	addChecks(specs: IDataObject[]): IDataObject[];
	addResults(specs: IDataObject[]): IDataObject[];
}

const MISSING_ID = '0f0f0f0f-0000-4000-a000-000000000000';

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
	{ input, continueOnFail, token, url }: { input?: INodeExecutionData[]; continueOnFail?: boolean; token?: string; url?: string } = {},
) {
	const credentials = trackVisionCredentials(sandbox, token);
	if (url !== undefined) credentials.trackVisionApi.url = url;
	return await runNode({ type: 'trackVision', parameters, credentials, input, continueOnFail });
}

const requests = (): LoggedRequest[] => sandbox.requestsTo('trackvision');
const sentFilter = (request: LoggedRequest) => JSON.parse(request.query.filter) as IDataObject;
const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

const checks = () => tv.records.integrity_check;
const results = () => tv.records.integrity_check_result;
const resultOf = (check: IDataObject) => results().find((result) => result.id === check.result);
const seededCheck = (predicate: (check: IDataObject) => boolean = () => true) => checks().find(predicate)!;

describe('Integrity Check: Create', () => {
	it('posts the fields and outputs the created check', async () => {
		const { items, error } = await run({
			resource: 'integrityCheck',
			operation: 'create',
			checkFields: {
				check_mode: 'scan_code',
				qr_code: 'https://id.gs1.org/01/09521234543217/21/12345678',
				code: 'C-1',
				address: 'Bahnhofstrasse 1, Zurich',
				notes: 'Flagged for duplicate scan activity',
			},
		});
		expect(error).toBeUndefined();
		const [request] = requests();
		expect(request).toMatchObject({ method: 'POST', path: '/items/integrity_check' });
		expect(request.headers.authorization).toBe('Bearer sandbox-tv-token');
		expect(request.body).toEqual({
			check_mode: 'scan_code',
			qr_code: 'https://id.gs1.org/01/09521234543217/21/12345678',
			code: 'C-1',
			address: 'Bahnhofstrasse 1, Zurich',
			notes: 'Flagged for duplicate scan activity',
		});
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ check_mode: 'scan_code', code: 'C-1', result: null });
		expect(items[0].json.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(checks().some((check) => check.id === items[0].json.id)).toBe(true);
	});

	it('sends a custom check mode and other attributes, the named fields winning', async () => {
		const result = results()[0];
		const { items, error } = await run({
			resource: 'integrityCheck',
			operation: 'create',
			checkFields: {
				check_mode: 'scan_code',
				customCheckMode: ' automatic ',
				notes: 'from the field',
				otherAttributes: JSON.stringify({ result: result.id, notes: 'from the JSON' }),
			},
		});
		expect(error).toBeUndefined();
		expect(requests()[0].body).toEqual({ check_mode: 'automatic', notes: 'from the field', result: result.id });
		expect(items[0].json).toMatchObject({ check_mode: 'automatic', result: result.id });
	});

	it('rejects other attributes that are not a JSON object before any request', async () => {
		for (const otherAttributes of ['{"notes": ', '[1, 2]']) {
			const { error } = await run({ resource: 'integrityCheck', operation: 'create', checkFields: { otherAttributes } });
			expect(error?.message).toMatch(/Invalid "Other Attributes \(JSON\)" in item 0/);
		}
		expect(requests()).toHaveLength(0);
	});

	it('keeps the Directus message and status of a rejected write', async () => {
		const { error } = await run({
			resource: 'integrityCheck',
			operation: 'create',
			checkFields: { otherAttributes: JSON.stringify({ result: MISSING_ID }) },
		});
		expect(error?.httpCode).toBe('400');
		expect(error?.message).toContain('TrackVision API error 400');
		expect(error?.message).toContain(`Invalid foreign key "${MISSING_ID}" for field "result"`);
		expect(error?.message).toContain('[INVALID_FOREIGN_KEY]');
	});
});

describe('Integrity Check: Get', () => {
	it('reads one check, unwrapped from {data}', async () => {
		const check = seededCheck((c) => c.result !== null);
		const { items, error } = await run({ resource: 'integrityCheck', operation: 'get', checkId: check.id as string });
		expect(error).toBeUndefined();
		expect(requests()[0]).toMatchObject({ method: 'GET', path: `/items/integrity_check/${String(check.id)}`, query: {} });
		expect(json(items)).toEqual([check]);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('expands the result relation with fields=*,result.*', async () => {
		const check = seededCheck((c) => c.result !== null);
		const { items } = await run({
			resource: 'integrityCheck',
			operation: 'get',
			checkId: check.id as string,
			options: { includeResult: true },
		});
		expect(requests()[0].query).toEqual({ fields: '*,result.*' });
		expect(items[0].json.result).toEqual(resultOf(check));
	});

	it('rejects an ID that is not a UUID before any request', async () => {
		const { error, items } = await run({ resource: 'integrityCheck', operation: 'get', checkId: '12345' });
		expect(items).toHaveLength(0);
		expect(error?.message).toBe('Invalid "Integrity Check ID" in item 0: "12345" is not a UUID');
		expect(requests()).toHaveLength(0);
	});

	it('names the ID when Directus answers 403 for a missing one, to an admin too', async () => {
		for (const token of ['sandbox-tv-token', 'sandbox-tv-editor']) {
			const { error } = await run({ resource: 'integrityCheck', operation: 'get', checkId: MISSING_ID }, { token });
			expect(error?.httpCode).toBe('403');
			expect(error?.message).toBe(
				`The integrity check "${MISSING_ID}" does not exist, or the token's role may not read it (TrackVision API error 403: You don't have permission to access this. [FORBIDDEN])`,
			);
			expect(error?.description).toContain('Check the ID, and that the role of the access token may read records of integrity_check');
		}
	});
});

describe('Integrity Check: Update', () => {
	it('patches the fields and outputs the updated check', async () => {
		const check = seededCheck();
		const { items, error } = await run({
			resource: 'integrityCheck',
			operation: 'update',
			checkId: check.id as string,
			checkFields: { notes: 'Reviewed — confirmed suspicious scan pattern', customCheckMode: 'automatic' },
		});
		expect(error).toBeUndefined();
		expect(requests()[0]).toMatchObject({
			method: 'PATCH',
			path: `/items/integrity_check/${String(check.id)}`,
			body: { notes: 'Reviewed — confirmed suspicious scan pattern', check_mode: 'automatic' },
		});
		expect(items[0].json).toMatchObject({
			id: check.id,
			notes: 'Reviewed — confirmed suspicious scan pattern',
			check_mode: 'automatic',
		});
		expect(items[0].json.date_updated).toEqual(expect.any(String));
	});

	it('refuses an update with nothing to change before any request', async () => {
		const { error } = await run({ resource: 'integrityCheck', operation: 'update', checkId: seededCheck().id as string, checkFields: {} });
		expect(error?.message).toMatch(/^Nothing to update for integrity check ".+" in item 0$/);
		expect(requests()).toHaveLength(0);
	});

	it('fails naming the ID when an admin updates a missing one (Directus: 204, no body)', async () => {
		const { error, items } = await run({ resource: 'integrityCheck', operation: 'update', checkId: MISSING_ID, checkFields: { notes: 'x' } });
		expect(items).toHaveLength(0);
		expect(requests()).toHaveLength(1);
		expect(error?.message).toBe(`TrackVision answered the update of integrity check "${MISSING_ID}" without the integrity check (no content)`);
		expect(error?.description).toContain('no integrity check has this ID (nothing was changed)');
	});

	it('fails naming the ID when the role may update but not read the check, which was updated', async () => {
		const check = seededCheck();
		const { error } = await run(
			{ resource: 'integrityCheck', operation: 'update', checkId: check.id as string, checkFields: { notes: 'blind update' } },
			{ token: 'sandbox-tv-update-only' },
		);
		expect(error?.message).toBe(`TrackVision answered the update of integrity check "${String(check.id)}" without the integrity check (no content)`);
		expect(error?.description).toContain('may update integrity_check but not read it (the change was saved)');
		expect(check.notes).toBe('blind update');
	});

	it('names the ID when Directus answers 403 for a missing one to a role that may update', async () => {
		const { error } = await run(
			{ resource: 'integrityCheck', operation: 'update', checkId: MISSING_ID, checkFields: { notes: 'x' } },
			{ token: 'sandbox-tv-editor' },
		);
		expect(error?.httpCode).toBe('403');
		expect(error?.message).toContain(`The integrity check "${MISSING_ID}" does not exist, or the token's role may not update it (TrackVision API error 403`);
	});
});

describe('Integrity Check: Delete', () => {
	it('deletes and outputs {deleted: true, id}', async () => {
		const check = seededCheck();
		const { items, error } = await run({ resource: 'integrityCheck', operation: 'delete', checkId: check.id as string });
		expect(error).toBeUndefined();
		expect(requests()[0]).toMatchObject({ method: 'DELETE', path: `/items/integrity_check/${String(check.id)}` });
		expect(items).toEqual([{ json: { deleted: true, id: check.id }, pairedItem: { item: 0 } }]);
		expect(checks().some((c) => c.id === check.id)).toBe(false);
	});

	it('names the ID when Directus answers 403 for a missing one to a role that may delete', async () => {
		const { error } = await run({ resource: 'integrityCheck', operation: 'delete', checkId: MISSING_ID }, { token: 'sandbox-tv-editor' });
		expect(error?.httpCode).toBe('403');
		expect(error?.message).toContain(`The integrity check "${MISSING_ID}" does not exist, or the token's role may not delete it (TrackVision API error 403`);
	});

	it('reports an admin\'s delete of a missing ID as done, as Directus answers 204 to it', async () => {
		const { items, error } = await run({ resource: 'integrityCheck', operation: 'delete', checkId: MISSING_ID });
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: { deleted: true, id: MISSING_ID }, pairedItem: { item: 0 } }]);
	});

	it('rejects a bad UUID before any request', async () => {
		const { error } = await run({ resource: 'integrityCheck', operation: 'delete', checkId: 'abc' });
		expect(error?.message).toContain('is not a UUID');
		expect(requests()).toHaveLength(0);
	});
});

describe('Integrity Check: Get Many paging', () => {
	const getMany = (parameters: INodeParameters = {}) =>
		run({ resource: 'integrityCheck', operation: 'getMany', ...parameters });

	it('Limit asks for exactly that many in one request, without a count', async () => {
		const { items } = await getMany({ returnAll: false, limit: 5 });
		expect(items).toHaveLength(5);
		expect(requests().map((r) => r.query)).toEqual([{ sort: 'id', limit: '5', offset: '0' }]);
	});

	const addChecks = (count: number) => tv.addChecks(Array.from({ length: count }, (_, index) => ({ notes: `extra ${index}` })));
	const byOffset = (a: LoggedRequest, b: LoggedRequest) => Number(a.query.offset) - Number(b.query.offset);

	it('the largest Limit, 1,000, is one page of 1,000 without a count', async () => {
		addChecks(1250);
		const { items } = await getMany({ returnAll: false, limit: 1000 });
		expect(items).toHaveLength(1000);
		expect(requests().map((r) => r.query)).toEqual([{ sort: 'id', limit: '1000', offset: '0' }]);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(1000);
	});

	it('Return All reads the first page with the total, then the other pages at once, in order', async () => {
		addChecks(2500);
		const { items, error } = await getMany({ returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2750);
		expect(requests().map((r) => r.query)[0]).toEqual({ sort: 'id', limit: '1000', offset: '0', meta: 'filter_count' });
		expect(requests().slice(1).sort(byOffset).map((r) => r.query)).toEqual([
			{ sort: 'id', limit: '1000', offset: '1000' },
			{ sort: 'id', limit: '750', offset: '2000' },
		]);
		// The order the API lists them in (by ID), whichever page arrived first.
		const ids = checks().map((check) => String(check.id));
		expect(items.map((item) => item.json.id)).toEqual(ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
		expect(items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('Return All of 250 records is one request: a tenth of the requests of pages of 100', async () => {
		const { items } = await getMany({ returnAll: true });
		expect(items).toHaveLength(250);
		expect(requests()).toHaveLength(1);
	});

	it('Return All asks for no empty page when the total is a multiple of the page size', async () => {
		addChecks(1750);
		const { items } = await getMany({ returnAll: true });
		expect(items).toHaveLength(2000);
		expect(requests()).toHaveLength(2);
	});

	it('never asks for limit=-1', async () => {
		await getMany({ returnAll: true, filters: { results: ['ok'] } });
		expect(requests().every((r) => Number(r.query.limit) > 0)).toBe(true);
	});
});

describe('Integrity Check: Get Many filters', () => {
	const getAll = (parameters: INodeParameters) =>
		run({ resource: 'integrityCheck', operation: 'getMany', returnAll: true, ...parameters });

	it('Result filters through the result relation', async () => {
		const { items } = await getAll({ filters: { results: ['duplicated'] } });
		expect(sentFilter(requests()[0])).toEqual({ result: { result: { _eq: 'duplicated' } } });
		const expected = checks().filter((check) => resultOf(check)?.result === 'duplicated');
		expect(expected.length).toBeGreaterThan(0);
		expect(items.map((item) => item.json.id).sort()).toEqual(expected.map((check) => check.id).sort());
	});

	it('several results become _in', async () => {
		const { items } = await getAll({ filters: { results: ['duplicated', 'diverted'] }, options: { includeResult: true } });
		expect(sentFilter(requests()[0])).toEqual({ result: { result: { _in: ['duplicated', 'diverted'] } } });
		expect(requests()[0].query.fields).toBe('*,result.*');
		expect(items.length).toBe(checks().filter((c) => ['duplicated', 'diverted'].includes(resultOf(c)?.result as string)).length);
		expect(items.every((item) => ['duplicated', 'diverted'].includes((item.json.result as IDataObject).result as string))).toBe(true);
	});

	it('Check Mode takes the listed modes and other ones as free text', async () => {
		const { items } = await getAll({ filters: { checkModes: ['scan_code'], otherCheckModes: 'automatic, ' } });
		expect(sentFilter(requests()[0])).toEqual({ check_mode: { _in: ['scan_code', 'automatic'] } });
		expect(items.length).toBe(checks().filter((c) => ['scan_code', 'automatic'].includes(c.check_mode as string)).length);
		expect(new Set(items.map((item) => item.json.check_mode))).toEqual(new Set(['scan_code', 'automatic']));
	});

	it('Created After and Created Before become _gt and _lt joined by _and', async () => {
		const { items } = await getAll({
			filters: { createdAfter: '2025-12-30T00:00:00.000Z', createdBefore: '2025-12-31T00:00:00Z' },
		});
		expect(sentFilter(requests()[0])).toEqual({
			_and: [{ date_created: { _gt: '2025-12-30T00:00:00.000Z' } }, { date_created: { _lt: '2025-12-31T00:00:00.000Z' } }],
		});
		expect(items).toHaveLength(23);
		expect(
			items.every((item) => {
				const at = Date.parse(item.json.date_created as string);
				return at > Date.parse('2025-12-30T00:00:00Z') && at < Date.parse('2025-12-31T00:00:00Z');
			}),
		).toBe(true);
	});

	it('joins every simple filter and the advanced JSON filter with _and', async () => {
		const advanced = { notes: { _nnull: true } };
		const { items } = await getAll({
			filters: {
				results: ['ok', 'duplicated'],
				checkModes: ['type_code_manually'],
				createdAfter: '2025-12-01T00:00:00Z',
				createdBefore: '2026-01-01T00:00:00Z',
			},
			options: { filterJson: JSON.stringify(advanced) },
		});
		expect(sentFilter(requests()[0])).toEqual({
			_and: [
				{ result: { result: { _in: ['ok', 'duplicated'] } } },
				{ check_mode: { _eq: 'type_code_manually' } },
				{ date_created: { _gt: '2025-12-01T00:00:00.000Z' } },
				{ date_created: { _lt: '2026-01-01T00:00:00.000Z' } },
				advanced,
			],
		});
		const expected = checks().filter(
			(c) =>
				['ok', 'duplicated'].includes(resultOf(c)?.result as string) &&
				c.check_mode === 'type_code_manually' &&
				Date.parse(c.date_created as string) > Date.parse('2025-12-01T00:00:00Z') &&
				Date.parse(c.date_created as string) < Date.parse('2026-01-01T00:00:00Z') &&
				c.notes !== null,
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(items.map((item) => item.json.id).sort()).toEqual(expected.map((c) => c.id).sort());
	});

	it('sends the advanced filter alone as it is', async () => {
		const advanced = { _or: [{ result: { _null: true } }, { notes: { _contains: 'Seed note 1' } }] };
		const { items } = await getAll({ options: { filterJson: JSON.stringify(advanced) } });
		expect(sentFilter(requests()[0])).toEqual(advanced);
		expect(items.length).toBe(checks().filter((c) => c.result === null || String(c.notes).includes('Seed note 1')).length);
	});

	it('rejects bad JSON in the filter before any request', async () => {
		const { error, items } = await getAll({ options: { filterJson: '{"result": {"_eq": duplicated}}' } });
		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(/^Invalid "Filter \(JSON\)" in item 0: it is not valid JSON/);
		expect(error?.description).toContain('double quotes');
		expect(requests()).toHaveLength(0);
	});

	it('rejects a JSON filter that is not an object before any request', async () => {
		const { error } = await getAll({ options: { filterJson: '["duplicated"]' } });
		expect(error?.message).toBe('Invalid "Filter (JSON)" in item 0: it is an array, not a JSON object');
		expect(requests()).toHaveLength(0);
	});

	it('rejects Created After later than Created Before before any request', async () => {
		const { error } = await getAll({ filters: { createdAfter: '2026-01-02T00:00:00Z', createdBefore: '2026-01-01T00:00:00Z' } });
		expect(error?.message).toMatch(/^Invalid "Created After" in item 0/);
		expect(requests()).toHaveLength(0);
	});

	it('sends sort, fields and search', async () => {
		const { items } = await run({
			resource: 'integrityCheck',
			operation: 'getMany',
			returnAll: false,
			limit: 10,
			options: { sort: ' -date_created , code', fields: 'id, check_mode,notes', search: 'seed note' },
		});
		expect(requests()[0].query).toEqual({
			sort: '-date_created,code,id',
			fields: 'id,check_mode,notes',
			search: 'seed note',
			limit: '10',
			offset: '0',
		});
		expect(items).toHaveLength(10);
		expect(items.every((item) => Object.keys(item.json).sort().join() === 'check_mode,id,notes')).toBe(true);
		expect(items.every((item) => String(item.json.notes).startsWith('Seed note'))).toBe(true);
		const dates = items.map((item) => checks().find((c) => c.id === item.json.id)!.date_created as string);
		expect(dates).toEqual([...dates].sort().reverse());
	});

	it('Return All sorted on a field with ties ends the sort with the ID: every record once, in order', async () => {
		tv.addChecks(Array.from({ length: 2250 }, (_, index) => ({ check_mode: ['scan_code', 'type_code_manually', 'automatic'][index % 3] })));
		const { items, error } = await getAll({ options: { sort: 'check_mode' } });
		expect(error).toBeUndefined();
		expect(new Set(requests().map((request) => request.query.sort))).toEqual(new Set(['check_mode,id']));
		const expected = [...checks()].sort((a, b) =>
			a.check_mode === b.check_mode ? (String(a.id) < String(b.id) ? -1 : 1) : String(a.check_mode) < String(b.check_mode) ? -1 : 1,
		);
		expect(items.map((item) => item.json.id)).toEqual(expected.map((check) => check.id));
	});

	it('the sandbox orders ties differently on each page, as Postgres does: without the ID the pages repeat and lose records', async () => {
		const page = async (offset: number) => {
			const response = await fetch(`${sandbox.urls.trackvision}/items/integrity_check?sort=check_mode&limit=100&offset=${offset}&fields=id`, {
				headers: { authorization: 'Bearer sandbox-tv-token' },
			});
			return ((await response.json()) as { data: IDataObject[] }).data.map((record) => String(record.id));
		};
		const ids = [...(await page(0)), ...(await page(100)), ...(await page(200))];
		expect(ids).toHaveLength(250);
		expect(new Set(ids).size).toBeLessThan(250);
	});

	it('leaves a sort that already names the ID as it is', async () => {
		await run({ resource: 'integrityCheck', operation: 'getMany', limit: 3, options: { sort: '-id,check_mode' } });
		expect(requests()[0].query.sort).toBe('-id,check_mode');
		await run({ resource: 'integrityCheck', operation: 'getMany', limit: 3, options: { sort: 'check_mode,-id' } });
		expect(requests()[1].query.sort).toBe('check_mode,-id');
	});

	it('adds result.* to chosen fields when Include Result is on', async () => {
		const { items } = await run({
			resource: 'integrityCheck',
			operation: 'getMany',
			limit: 3,
			filters: { results: ['diverted'] },
			options: { fields: 'id,result', includeResult: true },
		});
		expect(requests()[0].query.fields).toBe('id,result,result.*');
		expect(items.every((item) => (item.json.result as IDataObject).result === 'diverted')).toBe(true);
	});

	it('keeps the Directus message and status of a rejected query', async () => {
		const unknown = await getAll({ options: { filterJson: '{"nope": {"_eq": 1}}' } });
		expect(unknown.error?.httpCode).toBe('403');
		expect(unknown.error?.message).toBe(
			'TrackVision API error 403: You don\'t have permission to access field "nope" in collection "integrity_check" or it does not exist. [FORBIDDEN]',
		);
		const operator = await getAll({ options: { filterJson: '{"notes": {"_like": "x"}}' } });
		expect(operator.error?.httpCode).toBe('400');
		expect(operator.error?.message).toContain('"_like" is not a valid filter operator. [INVALID_QUERY]');
	});
});

describe('Integrity Check Result', () => {
	it('Get reads one result', async () => {
		const result = results()[3];
		const { items, error } = await run({ resource: 'integrityCheckResult', operation: 'get', resultId: result.id as string });
		expect(error).toBeUndefined();
		expect(requests()[0]).toMatchObject({ method: 'GET', path: `/items/integrity_check_result/${String(result.id)}` });
		expect(json(items)).toEqual([result]);
	});

	it('Get rejects an ID that is neither a UUID nor a number before any request', async () => {
		const { error } = await run({ resource: 'integrityCheckResult', operation: 'get', resultId: 'result-1' });
		expect(error?.message).toBe('Invalid "Result ID" in item 0: "result-1" is not a UUID');
		expect(requests()).toHaveLength(0);
	});

	it('Get accepts a numeric ID and names it when Directus answers 403 for a missing one', async () => {
		const { error } = await run({ resource: 'integrityCheckResult', operation: 'get', resultId: '42' });
		expect(requests()[0].path).toBe('/items/integrity_check_result/42');
		expect(error?.httpCode).toBe('403');
		expect(error?.message).toContain('The integrity check result "42" does not exist, or the token\'s role may not read it');
	});

	it('Get Many filters on result, status, check source and dates, with the advanced filter', async () => {
		const { items } = await run({
			resource: 'integrityCheckResult',
			operation: 'getMany',
			returnAll: true,
			filters: {
				results: ['duplicated', 'diverted'],
				statuses: ['new'],
				checkSources: ['inspector'],
				createdAfter: '2025-12-01T00:00:00Z',
				createdBefore: '2026-01-01T00:00:00Z',
			},
			options: { filterJson: '{"reason": {"_icontains": "CODE"}}' },
		});
		expect(sentFilter(requests()[0])).toEqual({
			_and: [
				{ result: { _in: ['duplicated', 'diverted'] } },
				{ status: { _eq: 'new' } },
				{ check_source: { _eq: 'inspector' } },
				{ date_created: { _gt: '2025-12-01T00:00:00.000Z' } },
				{ date_created: { _lt: '2026-01-01T00:00:00.000Z' } },
				{ reason: { _icontains: 'CODE' } },
			],
		});
		const expected = results().filter(
			(r) =>
				['duplicated', 'diverted'].includes(r.result as string) &&
				r.status === 'new' &&
				r.check_source === 'inspector' &&
				Date.parse(r.date_created as string) > Date.parse('2025-12-01T00:00:00Z') &&
				Date.parse(r.date_created as string) < Date.parse('2026-01-01T00:00:00Z') &&
				String(r.reason).toLowerCase().includes('code'),
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(items.map((item) => item.json.id).sort()).toEqual(expected.map((r) => r.id).sort());
	});

	it('Get Many with Return All reads all results in one page of up to 1,000', async () => {
		const { items } = await run({ resource: 'integrityCheckResult', operation: 'getMany', returnAll: true });
		expect(items).toHaveLength(results().length);
		expect(requests().map((r) => [r.query.limit, r.query.offset])).toEqual([['1000', '0']]);
	});

	it('Update reviews a result', async () => {
		const result = results().find((r) => r.status === 'new')!;
		const { items, error } = await run({
			resource: 'integrityCheckResult',
			operation: 'update',
			resultId: result.id as string,
			updateFields: { status: 'reviewed', review_comments: 'Confirmed diversion, case opened' },
		});
		expect(error).toBeUndefined();
		expect(requests()[0]).toMatchObject({
			method: 'PATCH',
			path: `/items/integrity_check_result/${String(result.id)}`,
			body: { status: 'reviewed', review_comments: 'Confirmed diversion, case opened' },
		});
		expect(items[0].json).toMatchObject({ id: result.id, status: 'reviewed', review_comments: 'Confirmed diversion, case opened' });
		expect(result.status).toBe('reviewed');
	});

	it('Update keeps a Directus validation error', async () => {
		const { error } = await run({
			resource: 'integrityCheckResult',
			operation: 'update',
			resultId: results()[0].id as string,
			updateFields: { status: 'escalated' },
		});
		expect(error?.httpCode).toBe('400');
		expect(error?.message).toContain(
			'Validation failed for field "status". Value has to be one of: new, reviewed, dismissed. [FAILED_VALIDATION]',
		);
	});

	it('Update refuses an empty change, and fails naming a missing ID (204 to an admin, 403 to a role that may update)', async () => {
		const empty = await run({ resource: 'integrityCheckResult', operation: 'update', resultId: MISSING_ID, updateFields: {} });
		expect(empty.error?.message).toContain('Nothing to update');
		expect(requests()).toHaveLength(0);
		const missing = await run({
			resource: 'integrityCheckResult',
			operation: 'update',
			resultId: MISSING_ID,
			updateFields: { status: 'dismissed' },
		});
		expect(missing.error?.message).toBe(
			`TrackVision answered the update of integrity check result "${MISSING_ID}" without the integrity check result (no content)`,
		);
		const restricted = await run(
			{ resource: 'integrityCheckResult', operation: 'update', resultId: MISSING_ID, updateFields: { status: 'dismissed' } },
			{ token: 'sandbox-tv-editor' },
		);
		expect(restricted.error?.httpCode).toBe('403');
		expect(restricted.error?.message).toContain(`The integrity check result "${MISSING_ID}" does not exist, or the token's role may not update it`);
	});

	it('Update fails naming the ID when the role may update results but not read them, and the review is saved', async () => {
		const result = results()[0];
		const { error, items } = await run(
			{ resource: 'integrityCheckResult', operation: 'update', resultId: result.id as string, updateFields: { status: 'dismissed' } },
			{ token: 'sandbox-tv-update-only' },
		);
		expect(items).toHaveLength(0);
		expect(error?.message).toBe(
			`TrackVision answered the update of integrity check result "${String(result.id)}" without the integrity check result (no content)`,
		);
		expect(error?.description).toContain('may update integrity_check_result but not read it (the change was saved)');
		expect(result.status).toBe('dismissed');
	});
});

describe('credentials and tokens', () => {
	const getOne = { resource: 'integrityCheck', operation: 'getMany', limit: 1 };

	it('an expired token gives 401 with the vendor message, advice about the token, and no retry of ours', async () => {
		const { error } = await run(getOne, { token: 'sandbox-tv-expired' });
		expect(error?.httpCode).toBe('401');
		expect(error?.message).toBe('TrackVision API error 401: Token expired. [TOKEN_EXPIRED]');
		expect(error?.description).toContain('access token in the TrackVision API credential');
		// Sent once: a static token has nothing to refresh, so neither n8n-core nor the node's retries ask again.
		expect(requests()).toHaveLength(1);
	});

	it('an invalid token gives 401', async () => {
		const { error } = await run(getOne, { token: 'not-a-token' });
		expect(error?.httpCode).toBe('401');
		expect(error?.message).toContain('Invalid user credentials. [INVALID_CREDENTIALS]');
		expect(error?.description).toContain('access token');
	});

	it("a token whose role may not write gets 403, naming the ID and both causes", async () => {
		const check = seededCheck();
		const { error } = await run(
			{ resource: 'integrityCheck', operation: 'delete', checkId: check.id as string },
			{ token: 'sandbox-tv-readonly' },
		);
		expect(error?.httpCode).toBe('403');
		expect(error?.message).toBe(
			`The integrity check "${String(check.id)}" does not exist, or the token's role may not delete it (TrackVision API error 403: You don't have permission to access this. [FORBIDDEN])`,
		);
		expect(error?.description).toContain('Directus answers 403 both for an ID that no integrity check has and for a record the role may not delete');
	});

	it('strips a trailing slash from the instance URL', async () => {
		const { items, error } = await run(getOne, { url: `${sandbox.urls.trackvision}/` });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(requests()[0].path).toBe('/items/integrity_check');
	});

	it('the credential test calls /users/me with the Bearer token and explains a 401', async () => {
		const ok = await testCredentials('trackVisionApi', { url: `${sandbox.urls.trackvision}//`, token: 'sandbox-tv-token' });
		expect(ok).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(requests()[0]).toMatchObject({ method: 'GET', path: '/users/me' });
		expect(requests()[0].headers.authorization).toBe('Bearer sandbox-tv-token');
		const expired = await testCredentials('trackVisionApi', { url: sandbox.urls.trackvision, token: 'sandbox-tv-expired' });
		expect(expired.status).toBe('Error');
		expect(expired.message).toMatch(/access token/);
	});
});

describe('retries', () => {
	const getOne = { resource: 'integrityCheck', operation: 'getMany', limit: 1 };

	it('retries 429, honouring Retry-After', async () => {
		sandbox.faults.inject({ service: 'trackvision', kind: '429', retryAfter: 0, times: 2 });
		const { items, error } = await run(getOne);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(requests()).toHaveLength(3);
	});

	it.each(['500', '502', '503'])('retries %s', async (kind) => {
		sandbox.faults.inject({ service: 'trackvision', kind, times: 1 });
		const { items, error } = await run({ resource: 'integrityCheck', operation: 'get', checkId: seededCheck().id as string });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(requests()).toHaveLength(2);
	});

	it('retries a reset connection in the middle of a Return All', async () => {
		sandbox.faults.inject({ service: 'trackvision', kind: 'reset', method: 'GET', path: '/items/integrity_check', times: 1 });
		const { items, error } = await run({ resource: 'integrityCheck', operation: 'getMany', returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(250);
	});

	it('gives up after 5 attempts with the status and advice', async () => {
		sandbox.faults.inject({ service: 'trackvision', kind: '503', times: 10 });
		const { error } = await run(getOne);
		expect(error?.httpCode).toBe('503');
		expect(error?.message).toContain('TrackVision API error 503');
		expect(error?.description).toContain('retried 5 times');
		expect(requests()).toHaveLength(5);
	});
});

describe('items, pairedItem and continueOnFail', () => {
	it('runs once per input item, pairing every output item with its input', async () => {
		const [first, second] = checks();
		const { items, error } = await run(
			{ resource: 'integrityCheck', operation: 'get', checkId: '={{ $json.id }}' },
			{ input: [{ json: { id: first.id } }, { json: { id: second.id } }] },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.id, item.pairedItem])).toEqual([
			[first.id, { item: 0 }],
			[second.id, { item: 1 }],
		]);
	});

	it('pairs every item of a Get Many with the input that asked for it', async () => {
		const { items } = await run(
			{ resource: 'integrityCheckResult', operation: 'getMany', limit: '={{ $json.limit }}' },
			{ input: [{ json: { limit: 2 } }, { json: { limit: 3 } }] },
		);
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 0, 1, 1, 1]);
	});

	it('with continueOnFail, failing items become error items and the rest go on', async () => {
		const check = seededCheck();
		const { items, error } = await run(
			{ resource: 'integrityCheck', operation: 'get', checkId: '={{ $json.id }}' },
			{
				continueOnFail: true,
				input: [{ json: { id: check.id } }, { json: { id: 'not-a-uuid' } }, { json: { id: MISSING_ID } }, { json: { id: check.id } }],
			},
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(4);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json.id).toBe(check.id);
		expect(items[1].json.error).toBe('Invalid "Integrity Check ID" in item 1: "not-a-uuid" is not a UUID');
		expect(items[2].json.error).toContain(`The integrity check "${MISSING_ID}" does not exist, or the token's role may not read it`);
		expect(items[3].json.id).toBe(check.id);
		expect(requests()).toHaveLength(3);
	});

	it('without continueOnFail, the error names the failing item', async () => {
		const { error } = await run(
			{ resource: 'integrityCheck', operation: 'get', checkId: '={{ $json.id }}' },
			{ input: [{ json: { id: seededCheck().id } }, { json: { id: 'nope' } }] },
		);
		expect(error?.message).toContain('in item 1');
		expect(error?.context?.itemIndex).toBe(1);
	});
});

describe('node package', () => {
	it('declares the node as a tool with light and dark icons, a codex, and the credential', async () => {
		const { loader } = await loadPackage();
		const description = loader.getNode('trackVision').type.description;
		expect(description).toMatchObject({
			displayName: 'TrackVision',
			name: 'trackVision',
			usableAsTool: true,
			credentials: [{ name: 'trackVisionApi', required: true }],
		});
		const dist = join(PACKAGE_ROOT, 'dist', 'nodes', 'TrackVision');
		expect(existsSync(join(dist, 'trackvision.svg'))).toBe(true);
		expect(existsSync(join(dist, 'trackvision.dark.svg'))).toBe(true);
		const codex = JSON.parse(readFileSync(join(dist, 'TrackVision.node.json'), 'utf8')) as IDataObject;
		expect(codex.node).toBe('n8n-nodes-connected-packaging.trackVision');
		const credential = loader.getCredential('trackVisionApi').type;
		expect(credential.displayName).toBe('TrackVision API');
		expect(credential.properties.find((property) => property.name === 'token')?.typeOptions?.password).toBe(true);
	});
});

describe('sandbox: the Directus emulation itself', () => {
	async function api(path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) {
		const headers: Record<string, string> = { 'Content-Type': 'application/json' };
		if (init.token !== null) headers.Authorization = `Bearer ${init.token ?? 'sandbox-tv-token'}`;
		const response = await fetch(`${sandbox.urls.trackvision}${path}`, {
			method: init.method ?? 'GET',
			headers,
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
		});
		const text = await response.text();
		return { status: response.status, text, body: (text ? JSON.parse(text) : undefined) as IDataObject };
	}
	const idsOf = (body: IDataObject) => (body.data as IDataObject[]).map((record) => record.id).sort();
	const idsWhere = (records: IDataObject[], predicate: (record: IDataObject) => boolean) =>
		records.filter(predicate).map((record) => record.id).sort();
	const withFilter = (collection: string, filter: IDataObject) =>
		api(`/items/${collection}?limit=-1&filter=${encodeURIComponent(JSON.stringify(filter))}`);

	it('seeds every check mode, result, status and check source, and checks without a result', () => {
		expect(new Set(checks().map((c) => c.check_mode))).toEqual(new Set(['scan_code', 'type_code_manually', 'automatic']));
		expect(new Set(results().map((r) => r.result))).toEqual(new Set(['ok', 'unrecognized', 'unactivated', 'duplicated', 'diverted']));
		expect(new Set(results().map((r) => r.status))).toEqual(new Set(['new', 'reviewed', 'dismissed']));
		expect(new Set(results().map((r) => r.check_source))).toEqual(new Set(['crowd_sourced', 'inspector']));
		expect(checks().some((c) => c.result === null)).toBe(true);
	});

	const at = (value: unknown) => Date.parse(String(value));
	const cases: Array<[string, string, IDataObject, (record: IDataObject) => boolean]> = [
		['_eq', 'integrity_check', { check_mode: { _eq: 'automatic' } }, (c) => c.check_mode === 'automatic'],
		['_neq', 'integrity_check', { check_mode: { _neq: 'automatic' } }, (c) => c.check_mode !== 'automatic'],
		['_in', 'integrity_check_result', { result: { _in: ['ok', 'diverted'] } }, (r) => ['ok', 'diverted'].includes(r.result as string)],
		['_nin', 'integrity_check_result', { status: { _nin: ['new'] } }, (r) => r.status !== 'new'],
		// As in SQL, a null field matches neither _neq nor _nin.
		['_neq on a nullable field', 'integrity_check', { notes: { _neq: 'Seed note 0' } }, (c) => c.notes !== null && c.notes !== 'Seed note 0'],
		['_nin on a nullable field', 'integrity_check', { notes: { _nin: ['Seed note 0', 'Seed note 4'] } }, (c) => c.notes !== null && !['Seed note 0', 'Seed note 4'].includes(c.notes as string)],
		[
			'_nin through a relation',
			'integrity_check',
			{ result: { result: { _nin: ['ok'] } } },
			(c) => resultOf(c) !== undefined && resultOf(c)!.result !== 'ok',
		],
		['_gt', 'integrity_check', { date_created: { _gt: '2025-12-31T00:00:00Z' } }, (c) => at(c.date_created) > at('2025-12-31T00:00:00Z')],
		['_gte', 'integrity_check', { date_created: { _gte: '2025-12-31T00:00:00Z' } }, (c) => at(c.date_created) >= at('2025-12-31T00:00:00Z')],
		['_lt', 'integrity_check', { date_created: { _lt: '2025-12-22T00:00:00Z' } }, (c) => at(c.date_created) < at('2025-12-22T00:00:00Z')],
		['_lte', 'integrity_check', { date_created: { _lte: '2025-12-22T00:00:00Z' } }, (c) => at(c.date_created) <= at('2025-12-22T00:00:00Z')],
		['_contains', 'integrity_check', { notes: { _contains: 'note 1' } }, (c) => String(c.notes ?? '').includes('note 1')],
		['_icontains', 'integrity_check', { address: { _icontains: 'PARIS' } }, (c) => String(c.address).includes('Paris')],
		['_starts_with', 'integrity_check', { code: { _starts_with: 'A' } }, (c) => String(c.code).startsWith('A')],
		['_ends_with', 'integrity_check', { address: { _ends_with: 'KR' } }, (c) => String(c.address).endsWith('KR')],
		['_null', 'integrity_check', { result: { _null: true } }, (c) => c.result === null],
		['_nnull', 'integrity_check', { notes: { _nnull: true } }, (c) => c.notes !== null],
		[
			'_between',
			'integrity_check',
			{ date_created: { _between: ['2025-12-30T00:00:00Z', '2025-12-31T00:00:00Z'] } },
			(c) => at(c.date_created) >= at('2025-12-30T00:00:00Z') && at(c.date_created) <= at('2025-12-31T00:00:00Z'),
		],
		[
			'_and',
			'integrity_check_result',
			{ _and: [{ status: { _eq: 'new' } }, { check_source: { _eq: 'inspector' } }] },
			(r) => r.status === 'new' && r.check_source === 'inspector',
		],
		[
			'_or',
			'integrity_check_result',
			{ _or: [{ result: { _eq: 'duplicated' } }, { status: { _eq: 'dismissed' } }] },
			(r) => r.result === 'duplicated' || r.status === 'dismissed',
		],
		[
			'a relation',
			'integrity_check',
			{ result: { status: { _eq: 'reviewed' } } },
			(c) => resultOf(c)?.status === 'reviewed',
		],
	];

	it.each(cases)('filters with %s', async (_, collection, filter, predicate) => {
		const records = tv.records[collection as keyof TrackVisionState['records']];
		const expected = idsWhere(records, predicate);
		expect(expected.length).toBeGreaterThan(0);
		expect(expected.length).toBeLessThan(records.length);
		const { status, body } = await withFilter(collection, filter);
		expect(status).toBe(200);
		expect(idsOf(body)).toEqual(expected);
	});

	it('reads the bracket form of filter like the JSON form', async () => {
		const bracket = await api(
			'/items/integrity_check?limit=-1&filter[_and][0][check_mode][_eq]=automatic&filter[_and][1][result][result][_in]=ok,diverted&filter[_and][2][notes][_null]=true',
		);
		const jsonForm = await withFilter('integrity_check', {
			_and: [
				{ check_mode: { _eq: 'automatic' } },
				{ result: { result: { _in: ['ok', 'diverted'] } } },
				{ notes: { _null: true } },
			],
		});
		expect(bracket.status).toBe(200);
		expect(idsOf(bracket.body).length).toBeGreaterThan(0);
		expect(idsOf(bracket.body)).toEqual(idsOf(jsonForm.body));
	});

	it('sorts by several fields, - for descending, and defaults to the primary key', async () => {
		const sorted = await api('/items/integrity_check_result?limit=-1&sort=status,-date_created&fields=id,status,date_created');
		const rows = sorted.body.data as IDataObject[];
		const expected = [...rows].sort(
			(a, b) => String(a.status).localeCompare(String(b.status)) || String(b.date_created).localeCompare(String(a.date_created)),
		);
		expect(rows).toEqual(expected);
		const byDefault = await api('/items/integrity_check?limit=-1&fields=id');
		const ids = (byDefault.body.data as IDataObject[]).map((row) => row.id as string);
		expect(ids).toEqual([...ids].sort());
	});

	it('pages with limit (100 by default, -1 for all), offset, page and meta', async () => {
		const byDefault = await api('/items/integrity_check?meta=*');
		expect(byDefault.body.data).toHaveLength(100);
		expect(byDefault.body.meta).toEqual({ total_count: 250, filter_count: 250 });
		const everything = await api('/items/integrity_check?limit=-1');
		expect(everything.body.data).toHaveLength(250);
		const third = await api('/items/integrity_check?limit=20&page=3&fields=id');
		const offset = await api('/items/integrity_check?limit=20&offset=40&fields=id');
		expect(third.body.data).toEqual(offset.body.data);
		expect((everything.body.data as IDataObject[]).slice(40, 60).map((row) => row.id)).toEqual(
			(third.body.data as IDataObject[]).map((row) => row.id),
		);
		const counted = await api(`/items/integrity_check?limit=1&meta=filter_count,total_count&filter=${encodeURIComponent('{"check_mode":{"_eq":"scan_code"}}')}`);
		expect(counted.body.meta).toEqual({ total_count: 250, filter_count: checks().filter((c) => c.check_mode === 'scan_code').length });
		expect((await api('/items/integrity_check?limit=abc')).body.errors).toEqual([
			{ message: 'Invalid query. "limit" must be an integer of at least -1.', extensions: { code: 'INVALID_QUERY' } },
		]);
	});

	it('searches the text fields', async () => {
		const { body } = await api('/items/integrity_check?limit=-1&search=seoul');
		expect(idsOf(body)).toEqual(idsWhere(checks(), (c) => String(c.address).toLowerCase().includes('seoul')));
	});

	it('returns only the chosen fields and expands relations', async () => {
		const check = seededCheck((c) => c.result !== null);
		const path = `/items/integrity_check/${String(check.id)}`;
		expect((await api(`${path}?fields=id,code`)).body.data).toEqual({ id: check.id, code: check.code });
		expect((await api(`${path}?fields=id,result.status`)).body.data).toEqual({ id: check.id, result: { status: resultOf(check)!.status } });
		expect((await api(`${path}?fields=*,result.*`)).body.data).toEqual({ ...check, result: resultOf(check) });
		expect((await api(`${path}?fields=*.*`)).body.data).toEqual({ ...check, result: resultOf(check) });
		expect((await api(`${path}?fields=code.*`)).status).toBe(400);
	});

	it('checks the Bearer token as Directus does', async () => {
		expect((await api('/items/integrity_check', { token: null })).status).toBe(403);
		const expired = await api('/users/me', { token: 'sandbox-tv-expired' });
		expect(expired).toMatchObject({ status: 401, body: { errors: [{ message: 'Token expired.', extensions: { code: 'TOKEN_EXPIRED' } }] } });
		expect((await api('/users/me', { token: 'wrong' })).body.errors).toEqual([
			{ message: 'Invalid user credentials.', extensions: { code: 'INVALID_CREDENTIALS' } },
		]);
		expect((await api('/users/me')).body.data).toMatchObject({ email: 'admin@trackvision.test' });
	});

	it('answers as Directus does for a missing item: 403 on Get, 204 to an admin\'s Update and Delete, 403 to another role\'s', async () => {
		const check = seededCheck();
		const path = `/items/integrity_check/${String(check.id)}`;
		expect(await api(path, { method: 'DELETE' })).toMatchObject({ status: 204, text: '' });
		expect(await api(path)).toMatchObject({ status: 403, body: { errors: [{ message: "You don't have permission to access this.", extensions: { code: 'FORBIDDEN' } }] } });
		expect(await api(path, { method: 'DELETE' })).toMatchObject({ status: 204, text: '' });
		expect(await api(path, { method: 'PATCH', body: { notes: 'x' } })).toMatchObject({ status: 204, text: '' });
		expect((await api(path, { method: 'PATCH', body: { notes: 'x' }, token: 'sandbox-tv-editor' })).status).toBe(403);
		expect((await api(path, { method: 'DELETE', token: 'sandbox-tv-editor' })).status).toBe(403);
		expect((await api(path, { token: 'sandbox-tv-editor' })).status).toBe(403);
	});

	it('answers a write by a role that may not read the record with 204 and no body', async () => {
		const check = seededCheck();
		const path = `/items/integrity_check/${String(check.id)}`;
		expect(await api(path, { method: 'PATCH', body: { notes: 'blind' }, token: 'sandbox-tv-update-only' })).toMatchObject({ status: 204, text: '' });
		expect(check.notes).toBe('blind');
		expect((await api(path, { token: 'sandbox-tv-update-only' })).status).toBe(403);
		expect((await api(path, { method: 'DELETE', token: 'sandbox-tv-update-only' })).status).toBe(403);
	});

	it('keeps results read-and-review only, and answers unknown routes in the error envelope', async () => {
		expect((await api('/items/integrity_check_result', { method: 'POST', body: {} })).status).toBe(403);
		expect((await api('/items/unknown_collection')).status).toBe(403);
		expect(await api('/server/nothing')).toMatchObject({
			status: 404,
			body: { errors: [{ message: "Route /server/nothing doesn't exist.", extensions: { code: 'ROUTE_NOT_FOUND' } }] },
		});
	});

	it('adds checks and results through its control routes', async () => {
		const response = await fetch(`${sandbox.urls.trackvision}/__sandbox/trackvision/checks`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify([{ check_mode: 'type_code_manually', result: { result: 'diverted', check_source: 'inspector' } }]),
		});
		const [created] = (await response.json()) as IDataObject[];
		expect(response.status).toBe(201);
		expect(created).toMatchObject({ check_mode: 'type_code_manually', result: { result: 'diverted', status: 'new', check_source: 'inspector' } });
		expect(checks()).toHaveLength(251);
		const lone = await fetch(`${sandbox.urls.trackvision}/__sandbox/trackvision/results`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ result: 'unrecognized' }),
		});
		expect(((await lone.json()) as IDataObject[])[0]).toMatchObject({ result: 'unrecognized', status: 'new' });
		expect(requests()).toHaveLength(0);
	});

	it('stores the date_created a control route is given: equal, late or none', async () => {
		const post = async (path: string, body: unknown) =>
			(await (
				await fetch(`${sandbox.urls.trackvision}/__sandbox/trackvision/${path}`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify(body),
				})
			).json()) as IDataObject[];
		const stamp = '2026-03-01T10:00:00.000Z';
		const burst = await post('checks', [{ date_created: stamp, result: { result: 'duplicated' } }, { date_created: stamp }]);
		expect(burst.map((check) => check.date_created)).toEqual([stamp, stamp]);
		expect(burst[0].result).toMatchObject({ date_created: stamp, result: 'duplicated' });
		const [late] = await post('results', [{ date_created: '2026-02-01T00:00:00.000Z', status: 'reviewed' }]);
		const [now] = await post('results', [{}]);
		expect(late.date_created).toBe('2026-02-01T00:00:00.000Z');
		expect(Math.abs(Date.parse(String(now.date_created)) - Date.now())).toBeLessThan(5000);
		const [undated] = await post('checks', [{ date_created: null }]);
		expect(undated.date_created).toBeNull();
		const sorted = await api(`/items/integrity_check?limit=3&sort=-date_created&fields=id,date_created`);
		// Descending puts nulls first, as PostgreSQL does.
		expect((sorted.body.data as IDataObject[])[0]).toEqual({ id: undated.id, date_created: null });
	});

	it('injects the shared faults', async () => {
		sandbox.faults.inject({ service: 'trackvision', kind: '503' });
		expect((await api('/items/integrity_check?limit=1')).status).toBe(503);
		expect((await api('/items/integrity_check?limit=1')).status).toBe(200);
	});
});
