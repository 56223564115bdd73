// Version 2 of the nodes: resource locators and their list search, the
// campaign dashboard URL, Simplify, the output schemas, and version 1
// workflows that keep their plain fields.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { listSearch, PACKAGE_ROOT, runNode } from '../harness/n8n';
import { PollHarness } from '../harness/poll';
import { neoDayCredentials, scantrustCredentials, trackVisionCredentials, useSandbox, type SandboxHandle } from '../harness/sandbox';

let sandbox: SandboxHandle;

beforeAll(async () => {
	sandbox = await useSandbox({ workorderCompletionMs: 0 });
});

beforeEach(() => sandbox.reset());

afterAll(async () => await sandbox.close());

const credentialsOf = (type: string) =>
	type.startsWith('scantrust')
		? scantrustCredentials(sandbox)
		: type.startsWith('trackVision')
			? trackVisionCredentials(sandbox)
			: neoDayCredentials(sandbox);

const run = (type: string, typeVersion: number, parameters: INodeParameters) =>
	runNode({ type, typeVersion, parameters, credentials: credentialsOf(type) });

const search = (type: string, method: string, filter?: string, paginationToken?: string) =>
	listSearch({ type, method, credentials: credentialsOf(type), filter, paginationToken });

const locator = (value: string, mode = 'list') => ({ __rl: true, mode, value });

const SIMPLE_SCAN = ['uuid', 'scan_timestamp', 'result', 'computed_status', 'flags', 'activation_status', 'serial_number', 'code_id', 'product_id', 'product_sku', 'product_name', 'country_code', 'city', 'scm_data'];
const SIMPLE_WORKORDER = ['id', 'reference', 'state', 'codegen_status', 'codegen_file', 'quantity', 'product', 'remarks', 'creation_date', 'date_codes_completed', 'is_archived'];

describe('list search of the resource locators', () => {
	test('workorders: Scantrust searches reference and remarks, newest first', async () => {
		const all = await search('scantrust', 'searchWorkorders');
		expect(all.results.map((r) => r.value)).toEqual(['5006', '5005', '5004', '5003', '5002', '5001']);
		expect(all.results[0]).toEqual({ name: 'WO-ARCHIVED-1 (#5006)', value: '5006', description: expect.stringContaining('completed') });
		const done = await search('scantrust', 'searchWorkorders', 'DONE');
		expect(done.results.map((r) => r.name)).toEqual(['WO-DONE-STORAGE (#5005)', 'WO-DONE-API (#5004)']);
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/').at(-1)?.query).toEqual(expect.objectContaining({ search: 'DONE' }));
	});

	test('workorders: scrolling follows the next link', async () => {
		for (let i = 0; i < 60; i++) await run('scantrust', 2, { resource: 'workorder', operation: 'createSid', reference: `LOT-${i}`, quantity: 1, activateOnComplete: false, useSerialNumber: true });
		const first = await search('scantrust', 'searchWorkorders');
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toEqual(expect.stringContaining('offset=50'));
		const second = await search('scantrust', 'searchWorkorders', undefined, first.paginationToken as string);
		expect(second.results).toHaveLength(16);
		expect(second.paginationToken).toBeUndefined();
	});

	test('templates, and products by name or SKU: as IDs for scans, as SKUs for workorders', async () => {
		expect((await search('scantrust', 'searchTemplates', 'inside')).results).toEqual([{ name: 'SG_Inside_Paper (sg-inside)', value: '165' }]);
		expect((await search('scantrust', 'searchProductIds', 'tea')).results).toEqual([{ name: 'Premium Tea (P2)', value: '332' }]);
		expect((await search('scantrust', 'searchProductSkus', 'ss00')).results).toEqual([{ name: 'SantiagoShoes2017 (SS001)', value: 'SS001' }]);
		// Archived products are left out of the list.
		expect((await search('scantrust', 'searchProductIds')).results.map((r) => r.value)).not.toContain('90');
		expect((await search('scantrustTrigger', 'searchProductIds', 'milk')).results).toEqual([{ name: 'SmartMilk ELN (12345678901234)', value: '2017' }]);
	});

	test('integrity checks and results: Directus search, newest first, paged by offset', async () => {
		const checks = await search('trackVision', 'searchIntegrityChecks');
		expect(checks.results).toHaveLength(50);
		expect(checks.paginationToken).toBe('50');
		const next = await search('trackVision', 'searchIntegrityChecks', undefined, '50');
		expect(next.results[0].value).not.toBe(checks.results[0].value);
		expect(sandbox.requestsTo('trackvision', '/items/integrity_check').at(-1)?.query).toEqual(
			expect.objectContaining({ sort: '-date_created,id', offset: '50', limit: '50' }),
		);
		const code = String(checks.results[0].name).split(' (')[0];
		const found = await search('trackVision', 'searchIntegrityChecks', code);
		expect(found.results.map((r) => r.value)).toContain(checks.results[0].value);
		const results = await search('trackVision', 'searchIntegrityCheckResults', 'duplicated');
		expect(results.results.length).toBeGreaterThan(0);
		expect(results.results.every((r) => String(r.name).startsWith('duplicated'))).toBe(true);
	});

	test('NeoDay exports, filtered by name', async () => {
		const found = await search('neoDay', 'searchExports', 'win-info');
		expect(found.results.map((r) => r.value)).toEqual(['win-info', 'win-info-archive', 'win-info-all-time']);
		expect((await search('neoDay', 'searchExports', 'weekly')).results).toEqual([
			{ name: 'weekly-challenges', value: 'weekly-challenges', description: 'Has never run' },
		]);
	});
});

describe('campaign: ID or the portal dashboard URL', () => {
	const DASHBOARD = 'https://portal.scantrust.com/#/dashboard?tabIndex=0&campaignId=126&page=1';
	const scans = (typeVersion: number, campaignId: unknown) =>
		run('scantrust', typeVersion, { resource: 'scan', operation: 'getMany', campaignId: campaignId as never, limit: 1, simplify: false });

	test.each([
		['version 2, By URL', 2, locator(DASHBOARD, 'url')],
		['version 2, By ID', 2, locator('126', 'id')],
		['version 1, the URL pasted into the plain field', 1, DASHBOARD],
		['version 1, a plain ID', 1, '126'],
	])('%s gives campaign_id 126', async (_, typeVersion, campaignId) => {
		const { items, error } = await scans(typeVersion as number, campaignId);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(sandbox.requestsTo('scantrust', '/api/v2/dashboard/scans/')[0].query.campaign_id).toBe('126');
	});

	test('a URL without a campaign is refused before any request', async () => {
		const { error } = await scans(2, locator('https://portal.scantrust.com/#/dashboard?tabIndex=0', 'url'));
		expect(error?.message).toMatch(/Not a dashboard URL with a campaignId/);
		expect(sandbox.requestsTo('scantrust', '/api/v2/dashboard/scans/')).toHaveLength(0);
	});
});

describe('Simplify', () => {
	test('scans: on by default in version 2, the full scan when off', async () => {
		const simple = await run('scantrust', 2, { resource: 'scan', operation: 'getMany', campaignId: locator('126', 'id'), limit: 2 });
		expect(simple.items.map((item) => Object.keys(item.json))).toEqual([SIMPLE_SCAN, SIMPLE_SCAN]);
		const full = await run('scantrust', 2, { resource: 'scan', operation: 'getMany', campaignId: locator('126', 'id'), limit: 2, simplify: false });
		expect(Object.keys(full.items[0].json).length).toBeGreaterThan(30);
		expect(simple.items[0].json).toEqual(Object.fromEntries(SIMPLE_SCAN.map((key) => [key, full.items[0].json[key]])));
	});

	test('workorders: Get with a locator picked from the list, and Get Many', async () => {
		const one = await run('scantrust', 2, { resource: 'workorder', operation: 'get', workorderId: locator('5004') });
		expect(Object.keys(one.items[0].json)).toEqual(SIMPLE_WORKORDER);
		expect(one.items[0].json).toEqual(expect.objectContaining({ id: 5004, state: 'completed', codegen_file: expect.any(String) }));
		const many = await run('scantrust', 2, { resource: 'workorder', operation: 'getMany', returnAll: true, filters: { archived: 'both' } });
		expect(many.items.every((item) => Object.keys(item.json).join() === SIMPLE_WORKORDER.join())).toBe(true);
	});

	test('integrity checks keep their result simplified too; results', async () => {
		const full = await run('trackVision', 2, { resource: 'integrityCheck', operation: 'getMany', limit: 20, simplify: false, filters: { results: ['duplicated'] } });
		const id = String(full.items[0].json.id);
		const check = await run('trackVision', 2, { resource: 'integrityCheck', operation: 'get', checkId: locator(id), options: { includeResult: true } });
		expect(Object.keys(check.items[0].json)).toEqual(['id', 'date_created', 'check_mode', 'qr_code', 'code', 'address', 'notes', 'result']);
		expect(Object.keys(check.items[0].json.result as IDataObject)).toEqual(
			expect.arrayContaining(['id', 'status', 'result']),
		);
		expect(check.items[0].json.result).not.toHaveProperty('user_created');
		const results = await run('trackVision', 2, { resource: 'integrityCheckResult', operation: 'getMany', limit: 3 });
		for (const item of results.items) expect(Object.keys(item.json)).toEqual(['id', 'date_created', 'status', 'result', 'check_source', 'reason', 'code', 'product', 'review_comments']);
	});

	test('the New Scan trigger simplifies its events in version 2', async () => {
		const trigger = await PollHarness.create({
			type: 'scantrustTrigger',
			typeVersion: 2,
			parameters: { event: 'newScan', campaignId: locator('https://portal.scantrust.com/#/dashboard?campaignId=126', 'url') },
			credentials: scantrustCredentials(sandbox),
		});
		const { items } = await trigger.manual();
		expect(items).toHaveLength(1);
		expect(Object.keys(items[0].json)).toEqual(SIMPLE_SCAN);
	});
});

describe('version 1 workflows keep their plain fields and full records', () => {
	test('Scantrust: Workorder ID as text, Product and Template from the dropdowns', async () => {
		const { items, error } = await run('scantrust', 1, { resource: 'workorder', operation: 'get', workorderId: '5004' });
		expect(error).toBeUndefined();
		expect(Object.keys(items[0].json).length).toBeGreaterThan(30);
		const created = await run('scantrust', 1, {
			resource: 'workorder',
			operation: 'createSsc',
			reference: 'V1-SSC',
			quantity: 5,
			codeLayout: 'sg-inside',
			printingPartner: 346,
			additionalFields: { product: 'P2', template: 165 },
		});
		expect(created.error).toBeUndefined();
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/create-sg/')[0].body).toEqual(expect.objectContaining({ product: 'P2', template: 165 }));
	});

	test('Scantrust v2: Product and Template locators send the SKU and the template ID', async () => {
		const created = await run('scantrust', 2, {
			resource: 'workorder',
			operation: 'createSsc',
			reference: 'V2-SSC',
			quantity: 5,
			codeLayout: 'sg-inside',
			printingPartner: 346,
			additionalFields: { product: locator('P2'), template: locator('165', 'id') },
		});
		expect(created.error).toBeUndefined();
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/create-sg/')[0].body).toEqual(expect.objectContaining({ product: 'P2', template: 165 }));
	});

	test('TrackVision and NeoDay: IDs and export names as text', async () => {
		const list = await run('trackVision', 1, { resource: 'integrityCheck', operation: 'getMany', limit: 1 });
		const id = String(list.items[0].json.id);
		const check = await run('trackVision', 1, { resource: 'integrityCheck', operation: 'get', checkId: id });
		expect(check.items[0].json).toEqual(list.items[0].json);
		const v1 = await run('neoDay', 1, { resource: 'automatedExport', operation: 'getResults', exportName: 'campaign-info', returnAll: true });
		const v2 = await run('neoDay', 2, { resource: 'automatedExport', operation: 'getResults', exportName: locator('campaign-info'), returnAll: true });
		expect(v1.items).toHaveLength(3);
		expect(v2.items.map((item) => item.json)).toEqual(v1.items.map((item) => item.json));
	});
});

describe('output schemas match what the sandbox returns', () => {
	interface JsonSchema {
		type: string | string[];
		properties?: Record<string, JsonSchema>;
		items?: JsonSchema;
		additionalProperties?: boolean;
	}

	const typeOf = (value: unknown) =>
		value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;

	/** Where `value` breaks `schema`: a field the schema does not name, or of another type. */
	function mismatches(value: unknown, schema: JsonSchema, path = ''): string[] {
		const allowed = ([] as string[]).concat(schema.type);
		const actual = typeOf(value);
		if (!allowed.includes(actual) && !(actual === 'integer' && allowed.includes('number'))) return [`${path || '.'}: ${actual}, schema says ${allowed.join('|')}`];
		if (actual === 'array' && schema.items) return (value as unknown[]).flatMap((entry, index) => mismatches(entry, schema.items as JsonSchema, `${path}[${index}]`));
		if (actual !== 'object') return [];
		return Object.entries(value as IDataObject).flatMap(([key, field]) =>
			schema.properties?.[key]
				? mismatches(field, schema.properties[key], `${path}.${key}`)
				: schema.additionalProperties
					? []
					: [`${path}.${key}: not in the schema`],
		);
	}

	function schemaFiles(dir: string): string[] {
		return readdirSync(dir).flatMap((name) => {
			const path = join(dir, name);
			return statSync(path).isDirectory() ? schemaFiles(path) : [path];
		});
	}

	// node directory -> the action node and the trigger that share it
	const NODES: Record<string, { action: string; trigger: string }> = {
		Scantrust: { action: 'scantrust', trigger: 'scantrustTrigger' },
		TrackVision: { action: 'trackVision', trigger: 'trackVisionTrigger' },
		NeoDay: { action: 'neoDay', trigger: 'neoDayTrigger' },
	};

	/** The parameters each schema's operation runs with: the required ones, everything else at its default. */
	async function parametersFor(resource: string, operation: string, typeVersion: number): Promise<INodeParameters | INodeParameters[]> {
		const id = (value: string) => (typeVersion === 1 ? value : locator(value));
		const base = { resource, operation };
		const byOperation: Record<string, INodeParameters | (() => Promise<INodeParameters>)> = {
			'scan/getMany': { campaignId: id('126'), limit: 3 },
			'scan/exportCsv': { campaignId: id('126') },
			'workorder/get': { workorderId: id('5004') },
			'workorder/getMany': { returnAll: true, filters: { archived: 'both' } },
			'workorder/createSsc': { reference: 'SCHEMA-SSC', quantity: 3, codeLayout: 'sg-inside', printingPartner: 346, additionalFields: { product: typeVersion === 1 ? 'P2' : locator('P2') } },
			'workorder/createSid': { reference: 'SCHEMA-SID', quantity: 3, activateOnComplete: true, useSerialNumber: true },
			'workorder/confirmPrint': { workorderId: id('5001'), substrate: 1, equipment: 2 },
			'workorder/downloadCodes': { workorderId: id('5004') },
			'workorderTemplate/getMany': { returnAll: true },
			'product/getMany': { returnAll: true },
			'product/get': { productSku: id('SS001') },
			'integrityCheck/create': { checkFields: { qr_code: 'https://brand.example/01/1/21/2', check_mode: 'scan_code', notes: 'schema' } },
			'integrityCheck/getMany': { limit: 20 },
			'integrityCheckResult/getMany': { limit: 20 },
			'scanEvent/getMany': { limit: 20 },
			'automatedExport/getMany': { returnAll: true },
			'automatedExport/getResults': { exportName: id('win-info'), returnAll: true },
			'customEvent/define': { eventName: 'schema_event', schema: '{"type": "object", "properties": {"value": {"type": "integer"}}}' },
			'customEvent/send': { eventName: 'genuine_scan', userId: 'r8d0h8nfx09w23o64g63rvk7q', eventData: '{"scan_uuid": "schema"}' },
		};
		// One run per ticket issuer: each puts a different field in the output.
		if (resource === 'coupon' && operation === 'consume') {
			return [
				{ ...base, ticketIssuer: 'predefinedCode', code: '4-c03p0n-c0d3', reference: 'my-coupon' },
				{ ...base, ticketIssuer: 'unlimitedSingleCode', code: 'WELCOME10', userId: 'gfi80lee86qbl98axhb7jboc4' },
			];
		}
		const firstId = async (listResource: string) => {
			const { items } = await run('trackVision', 1, { resource: listResource, operation: 'getMany', limit: 1 });
			return String(items[0].json.id);
		};
		if (resource === 'integrityCheck' && ['get', 'update', 'delete'].includes(operation)) {
			return { ...base, checkId: id(await firstId('integrityCheck')), checkFields: { notes: 'reviewed' } };
		}
		if (resource === 'integrityCheckResult' && ['get', 'update'].includes(operation)) {
			return { ...base, resultId: id(await firstId('integrityCheckResult')), updateFields: { status: 'reviewed' } };
		}
		if (resource === 'scanEvent' && operation === 'get') return { ...base, scanEventId: id(await firstId('scanEvent')) };
		const commissioning = { resource: 'epcisEvent', input: 'fields', eventType: 'ObjectEvent', epcisAction: 'ADD', epcList: 'urn:epc:id:sgtin:0614141.107346.1', bizStep: 'commissioning', disposition: 'active', readPoint: 'urn:epc:id:sgln:0614141.00777.0' };
		// The EPCIS sandbox starts empty: a capture gives the reads an event and a capture job.
		const captureJobId = async () => {
			const { items } = await run('trackVision', 2, { ...commissioning, operation: 'capture' });
			return String((items[0].json.captureJobIds as string[])[0]);
		};
		if (resource === 'epcisEvent' && operation === 'capture') return { ...commissioning, operation };
		if (resource === 'epcisEvent' && operation === 'validate') {
			return [
				{ ...commissioning, operation },
				{ ...base, input: 'document', document: '{"type": "EPCISDocument", "epcisBody": {"eventList": [{"type": "ObjectEvent"}]}}' },
			];
		}
		if (resource === 'epcisEvent' && operation === 'getMany') {
			await captureJobId();
			return { ...base, returnAll: true };
		}
		if (resource === 'captureJob' && operation === 'get') return { ...base, captureJobId: id(await captureJobId()) };
		if (resource === 'captureJob' && operation === 'getMany') {
			await captureJobId();
			return { ...base, returnAll: true };
		}
		const parameters = byOperation[`${resource}/${operation}`];
		if (!parameters) throw new Error(`No parameters for ${resource}/${operation}`);
		return { ...base, ...(typeof parameters === 'function' ? await parameters() : parameters) };
	}

	const TRIGGER_PARAMETERS: Record<string, INodeParameters> = {
		scantrustTrigger: { event: 'workorderCompleted' },
		trackVisionTrigger: { event: 'newIntegrityCheck' },
		neoDayTrigger: { exportsToWatch: 'all' },
	};

	const files = Object.keys(NODES).flatMap((dir) => schemaFiles(join(PACKAGE_ROOT, 'nodes', dir, '__schema__')));

	test('there is a schema for every operation of every version, and for each trigger', () => {
		const names = files.map((file) => relative(join(PACKAGE_ROOT, 'nodes'), file));
		expect(names.filter((name) => /^Scantrust\/__schema__\/v2\.0\.0\//.test(name))).toHaveLength(11);
		expect(names.filter((name) => /^TrackVision\/__schema__\/v2\.0\.0\//.test(name))).toHaveLength(15);
		for (const dir of Object.keys(NODES)) expect(names).toContain(`${dir}/__schema__/v1.0.0.json`);
	});

	test.each(files.map((file) => [relative(join(PACKAGE_ROOT, 'nodes'), file), file]))('%s', async (_, file) => {
		sandbox.reset();
		const schema = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
		const [dir, , version, resource, operationFile] = relative(join(PACKAGE_ROOT, 'nodes'), file).split('/');
		const typeVersion = Number(/^v(\d+)/.exec(version)?.[1]);
		let items: IDataObject[];
		if (!resource) {
			const type = NODES[dir].trigger;
			const trigger = await PollHarness.create({ type, typeVersion, parameters: TRIGGER_PARAMETERS[type], credentials: credentialsOf(type) });
			items = (await trigger.manual()).items.map((item) => item.json);
		} else {
			const parameterSets = ([] as INodeParameters[]).concat(await parametersFor(resource, operationFile.replace(/\.json$/, ''), typeVersion));
			items = [];
			for (const [index, parameters] of parameterSets.entries()) {
				const result = await runNode({ type: NODES[dir].action, typeVersion, parameters, credentials: credentialsOf(NODES[dir].action), executionId: `schema-${index}` });
				expect(result.error).toBeUndefined();
				items.push(...result.items.map((item) => item.json));
			}
		}
		expect(items.length).toBeGreaterThan(0);
		expect(items.flatMap((item) => mismatches(item, schema))).toEqual([]);
		// Each field the schema names is returned by the sandbox for some item, so the schema promises nothing that never comes.
		const seen = new Set(items.flatMap((item) => Object.keys(item)));
		expect(Object.keys(schema.properties ?? {}).filter((key) => !seen.has(key))).toEqual([]);
	});
});
