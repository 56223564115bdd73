// Every TrackVision operation and the trigger, run through n8n-core (test/harness) against a real
// Directus from npm, each output compared with Directus's own answer to the same query: same records,
// same order, same count. The role `node` has exactly the permissions the README lists.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { listSearch, runNode, testCredentials } from '../harness/n8n';
import { expectQuietActivation, PollHarness } from '../harness/poll';

import { startDirectus } from './directus';
import * as schema from './schema';

type Directus = Awaited<ReturnType<typeof startDirectus>>;

const MISSING_UUID = '0f0f0f0f-0000-4000-a000-000000000000';
const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
const ids = (records: IDataObject[]) => records.map((record) => record.id);

export function describeTrackVisionOn(database: 'postgres' | 'sqlite') {
	let directus: Directus;
	let tokens: { node: string; updateOnly: string };
	let between: Date;
	const timings: string[] = [];

	beforeAll(async () => {
		const started = Date.now();
		directus = await startDirectus(database);
		timings.push(`Directus ${directus.version} on ${database} up in ${directus.startSeconds} s`);
		const schemaStarted = Date.now();
		await schema.createSchema(directus);
		tokens = (await schema.createRoles(directus)) as typeof tokens;
		({ between } = await schema.seed(directus));
		timings.push(`schema, roles and ${schema.SEED.checks + schema.SEED.results + schema.SEED.scanEvents + schema.SEED.captureJobs} records in ${Math.round((Date.now() - schemaStarted) / 1000)} s`);
		timings.push(`ready in ${Math.round((Date.now() - started) / 1000)} s`);
		// What the node's id tiebreak prevents, reported: Directus's own pages sorted on check_mode alone.
		const pages = await Promise.all([0, 1000, 2000].map(async (offset) => await answer('integrity_check', { sort: 'check_mode', limit: '1000', offset: String(offset), fields: 'id' })));
		const listed = pages.flat().map((record) => record.id);
		timings.push(`pages sorted on check_mode alone: ${listed.length - new Set(listed).size} of ${listed.length} checks repeated`);
	}, 15 * 60_000);

	afterAll(async () => {
		process.stderr.write(`[directus ${database}] ${timings.join('; ')}\n`);
		await directus?.stop();
	});

	const credentials = (token: string) => ({ trackVisionApi: { url: directus.url, token } });
	const run = async (parameters: INodeParameters, token = tokens.node, typeVersion?: number) =>
		await runNode({ type: 'trackVision', parameters, credentials: credentials(token), typeVersion });
	/** Directus's own answer, with the admin token. */
	const answer = async (collection: string, query: Record<string, string>) =>
		(await directus.data('GET', `/items/${collection}?${new URLSearchParams(query).toString()}`)) as IDataObject[];
	const one = async (collection: string, id: unknown, query: Record<string, string> = {}) =>
		(await directus.data('GET', `/items/${collection}/${String(id)}?${new URLSearchParams(query).toString()}`)) as IDataObject;

	describe(`TrackVision against a real Directus on ${database}`, () => {
		it('tests the credential with /users/me for the admin and for a role without app access', async () => {
			for (const token of [directus.adminToken, tokens.node, tokens.updateOnly]) {
				expect(await testCredentials('trackVisionApi', { url: directus.url, token })).toEqual({ status: 'OK', message: 'Connection successful!' });
			}
			expect((await testCredentials('trackVisionApi', { url: directus.url, token: 'not-a-token' })).status).toBe('Error');
		});

		describe('Integrity Check', () => {
			it('Get Many, Return All sorted on a field with ties: every check once, in the order Directus gives check_mode,id', async () => {
				const { items, error } = await run({ resource: 'integrityCheck', operation: 'getMany', returnAll: true, options: { sort: 'check_mode' } });
				expect(error).toBeUndefined();
				const expected = await answer('integrity_check', { limit: '-1', sort: 'check_mode,id' });
				expect(expected).toHaveLength(schema.SEED.checks);
				expect(json(items)).toEqual(expected);
			});

			it('Get Many, Return All sorted by address and by -date_created (ties too)', async () => {
				for (const sort of ['address', '-date_created']) {
					const { items, error } = await run({ resource: 'integrityCheck', operation: 'getMany', returnAll: true, options: { sort, fields: 'id,address,date_created' } });
					expect(error).toBeUndefined();
					expect(json(items)).toEqual(await answer('integrity_check', { limit: '-1', sort: `${sort},id`, fields: 'id,address,date_created' }));
				}
			});

			it('Get Many with the filters, the advanced filter and Include Result matches the same filter asked of Directus', async () => {
				const { items, error } = await run({
					resource: 'integrityCheck',
					operation: 'getMany',
					returnAll: true,
					filters: { results: ['duplicated', 'diverted'], checkModes: ['scan_code'], otherCheckModes: 'automatic', createdBefore: between.toISOString() },
					options: { includeResult: true, filterJson: '{"address": {"_ends_with": "FR"}}' },
				});
				expect(error).toBeUndefined();
				const filter = {
					_and: [
						{ result: { result: { _in: ['duplicated', 'diverted'] } } },
						{ check_mode: { _in: ['scan_code', 'automatic'] } },
						{ date_created: { _lt: between.toISOString() } },
						{ address: { _ends_with: 'FR' } },
					],
				};
				const expected = await answer('integrity_check', { limit: '-1', sort: 'id', fields: '*,result.*', filter: JSON.stringify(filter) });
				expect(expected.length).toBeGreaterThan(0);
				expect(json(items)).toEqual(expected);
				expect(items.every((item) => ['duplicated', 'diverted'].includes(String((item.json.result as IDataObject).result)))).toBe(true);
			});

			it('Get Many with Created After, search, fields and a Limit', async () => {
				const { items } = await run({
					resource: 'integrityCheck',
					operation: 'getMany',
					returnAll: false,
					limit: 40,
					filters: { createdAfter: between.toISOString() },
					options: { search: 'Seoul', fields: 'id,address,date_created', sort: '-date_created' },
				});
				const expected = await answer('integrity_check', {
					limit: '40',
					sort: '-date_created,id',
					search: 'Seoul',
					fields: 'id,address,date_created',
					filter: JSON.stringify({ date_created: { _gt: between.toISOString() } }),
				});
				expect(expected).toHaveLength(40);
				expect(json(items)).toEqual(expected);
			});

			it('Create, Get (with Include Result, node version 2 too), Update and Delete, each as Directus then holds it', async () => {
				const [resultOfCheck] = await answer('integrity_check_result', { limit: '1', sort: 'id' });
				const created = await run({
					resource: 'integrityCheck',
					operation: 'create',
					checkFields: { check_mode: 'scan_code', code: 'SUITE-1', notes: 'created by the suite', otherAttributes: JSON.stringify({ result: resultOfCheck.id }) },
				});
				expect(created.error).toBeUndefined();
				const id = created.items[0].json.id as string;
				expect(created.items[0].json).toEqual(await one('integrity_check', id));

				const got = await run({ resource: 'integrityCheck', operation: 'get', checkId: id, options: { includeResult: true } });
				expect(got.items[0].json).toEqual(await one('integrity_check', id, { fields: '*,result.*' }));
				const gotV2 = await run({ resource: 'integrityCheck', operation: 'get', checkId: { __rl: true, mode: 'id', value: id }, simplify: false }, tokens.node, 2);
				expect(gotV2.items[0].json).toEqual(await one('integrity_check', id));

				const updated = await run({ resource: 'integrityCheck', operation: 'update', checkId: id, checkFields: { notes: 'updated by the suite' } });
				expect(updated.error).toBeUndefined();
				expect(updated.items[0].json).toEqual(await one('integrity_check', id));
				expect(updated.items[0].json.notes).toBe('updated by the suite');

				const deleted = await run({ resource: 'integrityCheck', operation: 'delete', checkId: id });
				expect(json(deleted.items)).toEqual([{ deleted: true, id }]);
				expect((await directus.api('GET', `/items/integrity_check/${id}`)).status).toBe(403);
				// Directus answers an admin's delete of the deleted ID with 204 again: the node reports it deleted.
				const again = await run({ resource: 'integrityCheck', operation: 'delete', checkId: id }, directus.adminToken);
				expect(json(again.items)).toEqual([{ deleted: true, id }]);
			});

			it('a missing ID: 403 naming the ID on Get (admin too), Update and Delete; an admin\'s Update fails on the empty 204', async () => {
				for (const token of [directus.adminToken, tokens.node]) {
					const { error } = await run({ resource: 'integrityCheck', operation: 'get', checkId: MISSING_UUID }, token);
					expect(error?.httpCode).toBe('403');
					expect(error?.message).toBe(
						`The integrity check "${MISSING_UUID}" does not exist, or the token's role may not read it (TrackVision API error 403: You don't have permission to access this. [FORBIDDEN])`,
					);
				}
				const update = await run({ resource: 'integrityCheck', operation: 'update', checkId: MISSING_UUID, checkFields: { notes: 'x' } });
				expect(update.error?.message).toContain(`The integrity check "${MISSING_UUID}" does not exist, or the token's role may not update it (TrackVision API error 403`);
				const remove = await run({ resource: 'integrityCheck', operation: 'delete', checkId: MISSING_UUID });
				expect(remove.error?.message).toContain(`The integrity check "${MISSING_UUID}" does not exist, or the token's role may not delete it (TrackVision API error 403`);
				const asAdmin = await run({ resource: 'integrityCheck', operation: 'update', checkId: MISSING_UUID, checkFields: { notes: 'x' } }, directus.adminToken);
				expect(asAdmin.items).toHaveLength(0);
				expect(asAdmin.error?.message).toBe(`TrackVision answered the update of integrity check "${MISSING_UUID}" without the integrity check (no content)`);
			});

			it('a role that may update but not read: Update fails naming the ID, and the change was saved', async () => {
				const [check] = await answer('integrity_check', { limit: '1', sort: 'id' });
				const { error, items } = await run(
					{ resource: 'integrityCheck', operation: 'update', checkId: check.id as string, checkFields: { notes: 'blind update' } },
					tokens.updateOnly,
				);
				expect(items).toHaveLength(0);
				expect(error?.message).toBe(`TrackVision answered the update of integrity check "${String(check.id)}" without the integrity check (no content)`);
				expect((await one('integrity_check', check.id)).notes).toBe('blind update');
				const read = await run({ resource: 'integrityCheck', operation: 'get', checkId: check.id as string }, tokens.updateOnly);
				expect(read.error?.httpCode).toBe('403');
			});

			it('the list of the resource locator scrolls through every check once, newest first, and searches', async () => {
				const listed: unknown[] = [];
				let paginationToken: string | undefined;
				do {
					const page = await listSearch({ type: 'trackVision', method: 'searchIntegrityChecks', credentials: credentials(tokens.node), paginationToken });
					listed.push(...page.results.map((result) => result.value));
					paginationToken = page.paginationToken;
				} while (paginationToken && listed.length < 600);
				const expected = await answer('integrity_check', { limit: String(listed.length), sort: '-date_created,id', fields: 'id' });
				expect(listed).toEqual(ids(expected));
				const found = await listSearch({ type: 'trackVision', method: 'searchIntegrityChecks', credentials: credentials(tokens.node), filter: 'SERIAL-12' });
				expect(found.results.map((result) => result.value)).toEqual(ids(await answer('integrity_check', { limit: '50', sort: '-date_created,id', fields: 'id', search: 'SERIAL-12' })));
			});
		});

		describe('Integrity Check Result', () => {
			it('Get Many, Return All with the filters, sorted by status (ties)', async () => {
				const { items, error } = await run({
					resource: 'integrityCheckResult',
					operation: 'getMany',
					returnAll: true,
					filters: { statuses: ['new', 'reviewed'], checkSources: ['inspector'] },
					options: { sort: 'status' },
				});
				expect(error).toBeUndefined();
				const filter = { _and: [{ status: { _in: ['new', 'reviewed'] } }, { check_source: { _eq: 'inspector' } }] };
				expect(json(items)).toEqual(await answer('integrity_check_result', { limit: '-1', sort: 'status,id', filter: JSON.stringify(filter) }));
				const all = await run({ resource: 'integrityCheckResult', operation: 'getMany', returnAll: true });
				expect(json(all.items)).toEqual(await answer('integrity_check_result', { limit: '-1', sort: 'id' }));
				expect(all.items).toHaveLength(schema.SEED.results);
			});

			it('Get by a numeric ID, Update (a review) and a missing ID', async () => {
				const [result] = await answer('integrity_check_result', { limit: '1', sort: '-id' });
				const got = await run({ resource: 'integrityCheckResult', operation: 'get', resultId: String(result.id) });
				expect(got.items[0].json).toEqual(await one('integrity_check_result', result.id));
				const reviewed = await run({
					resource: 'integrityCheckResult',
					operation: 'update',
					resultId: String(result.id),
					updateFields: { status: 'reviewed', review_comments: 'Reviewed by the suite' },
				});
				expect(reviewed.error).toBeUndefined();
				expect(reviewed.items[0].json).toEqual(await one('integrity_check_result', result.id));
				expect(reviewed.items[0].json.status).toBe('reviewed');
				const missing = await run({ resource: 'integrityCheckResult', operation: 'update', resultId: '987654', updateFields: { status: 'dismissed' } }, directus.adminToken);
				expect(missing.error?.message).toBe('TrackVision answered the update of integrity check result "987654" without the integrity check result (no content)');
				const blind = await run({ resource: 'integrityCheckResult', operation: 'update', resultId: String(result.id), updateFields: { status: 'dismissed' } }, tokens.updateOnly);
				expect(blind.error?.message).toContain(`without the integrity check result (no content)`);
				expect((await one('integrity_check_result', result.id)).status).toBe('dismissed');
			});
		});

		describe('Scan Event', () => {
			it('Get Many, Return All sorted by country (ties) and with the filters', async () => {
				const all = await run({ resource: 'scanEvent', operation: 'getMany', returnAll: true, options: { sort: 'country' } });
				expect(all.error).toBeUndefined();
				const expected = await answer('scan_event', { limit: '-1', sort: 'country,id' });
				expect(expected).toHaveLength(schema.SEED.scanEvents);
				expect(json(all.items)).toEqual(expected);
				const filtered = await run({
					resource: 'scanEvent',
					operation: 'getMany',
					returnAll: true,
					filters: { eventTypes: 'qr_scan', countries: 'France,South Korea', scannedAfter: '2025-12-20T00:00:00Z' },
				});
				const filter = {
					_and: [{ event_type: { _eq: 'qr_scan' } }, { country: { _in: ['France', 'South Korea'] } }, { scan_date: { _gt: '2025-12-20T00:00:00.000Z' } }],
				};
				const expectedFiltered = await answer('scan_event', { limit: '-1', sort: 'id', filter: JSON.stringify(filter) });
				expect(expectedFiltered.length).toBeGreaterThan(0);
				expect(json(filtered.items)).toEqual(expectedFiltered);
			});

			it('Get one, and the list of the resource locator', async () => {
				const [newest] = await answer('scan_event', { limit: '1', sort: '-date_created,id' });
				const got = await run({ resource: 'scanEvent', operation: 'get', scanEventId: String(newest.id) });
				expect(got.items[0].json).toEqual(await one('scan_event', newest.id));
				const page = await listSearch({ type: 'trackVision', method: 'searchScanEvents', credentials: credentials(tokens.node) });
				expect(page.results.map((result) => result.value)).toEqual(ids(await answer('scan_event', { limit: '50', sort: '-date_created,id', fields: 'id' })));
			});
		});

		describe('Capture Job', () => {
			it('Get Many, Return All newest first (jobs created together tie on date_created) and with the filters', async () => {
				const all = await run({ resource: 'captureJob', operation: 'getMany', returnAll: true });
				expect(all.error).toBeUndefined();
				const expected = await answer('epcis_capture', { limit: '-1', sort: '-date_created,id' });
				expect(expected).toHaveLength(schema.SEED.captureJobs);
				expect(json(all.items)).toEqual(expected);
				const failed = await run({ resource: 'captureJob', operation: 'getMany', returnAll: true, filters: { running: 'false', success: 'false' }, options: { sort: 'capture_error_behaviour' } });
				expect(failed.error).toBeUndefined();
				const filter = { _and: [{ running: { _eq: false } }, { success: { _eq: false } }] };
				const expectedFailed = await answer('epcis_capture', { limit: '-1', sort: 'capture_error_behaviour,id', filter: JSON.stringify(filter) });
				expect(expectedFailed.length).toBeGreaterThan(0);
				expect(json(failed.items)).toEqual(expectedFailed);
			});

			it('Get one, the list of the resource locator, and a missing ID', async () => {
				const [newest] = await answer('epcis_capture', { limit: '1', sort: '-date_created,id' });
				const got = await run({ resource: 'captureJob', operation: 'get', captureJobId: String(newest.id) });
				expect(got.error).toBeUndefined();
				expect(got.items[0].json).toEqual(await one('epcis_capture', newest.id));
				const page = await listSearch({ type: 'trackVision', method: 'searchCaptureJobs', credentials: credentials(tokens.node) });
				expect(page.results.map((result) => result.value)).toEqual(ids(await answer('epcis_capture', { limit: String(page.results.length), sort: '-date_created,id', fields: 'id' })));
				const missing = await run({ resource: 'captureJob', operation: 'get', captureJobId: MISSING_UUID });
				expect(missing.error?.httpCode).toBe('403');
				expect(missing.error?.message).toContain(MISSING_UUID);
			});
		});

		describe('TrackVision Trigger', () => {
			const trigger = async (parameters: INodeParameters) =>
				await expectQuietActivation(await PollHarness.create({ type: 'trackVisionTrigger', parameters, credentials: credentials(tokens.node) }));

			it.each([
				['newIntegrityCheck', 'integrity_check', (): IDataObject => schema.checkValues(9000, null)],
				['newIntegrityCheckResult', 'integrity_check_result', (): IDataObject => schema.resultValues(9000)],
				['newScanEvent', 'scan_event', (): IDataObject => schema.scanEventValues(9000)],
			] as const)('%s fires each new record once, oldest first, as Directus lists them by date_created,id', async (event, collection, values) => {
				const harness = await trigger({ event });
				const created = (await directus.data('POST', `/items/${collection}?fields=id`, { body: Array.from({ length: 30 }, () => values()) })) as IDataObject[];
				const outcome = await harness.poll();
				expect(outcome.error).toBeUndefined();
				const expected = await answer(collection, { limit: '-1', sort: 'date_created,id', filter: JSON.stringify({ id: { _in: ids(created) } }) });
				expect(json(outcome.items)).toEqual(expected);
				expect((await harness.poll()).items).toEqual([]);
			});

			it('New Integrity Check with a Result filter and Include Result fires only the matching checks', async () => {
				const harness = await trigger({ event: 'newIntegrityCheck', filters: { results: ['duplicated'] }, options: { includeResult: true } });
				const results = (await directus.data('POST', '/items/integrity_check_result?fields=id,result', {
					body: [schema.resultValues(3), schema.resultValues(4), schema.resultValues(8)],
				})) as IDataObject[];
				const created = (await directus.data('POST', '/items/integrity_check?fields=id', {
					body: results.map((result, index) => schema.checkValues(9100 + index, result.id)),
				})) as IDataObject[];
				const outcome = await harness.poll();
				const filter = { _and: [{ id: { _in: ids(created) } }, { result: { result: { _eq: 'duplicated' } } }] };
				const expected = await answer('integrity_check', { limit: '-1', sort: 'date_created,id', fields: '*,result.*', filter: JSON.stringify(filter) });
				expect(expected).toHaveLength(2);
				expect(json(outcome.items)).toEqual(expected);
			});
		});
	});
}
