// NeoDay beyond the seed: custom events and coupon consumption
// (dev.neoday.com/server-apis/custom-events and /coupons), run through
// n8n-core against the sandbox gateway, with the Idempotency-Key that makes
// every POST safe to send again (dev.neoday.com/server-apis, "Idempotency").
import type { IDataObject, INode } from 'n8n-workflow';
import { runNode, type RunNodeOptions, type RunNodeResult } from '../harness/n8n';
import { neoDayCredentials, useSandbox, type LoggedRequest, type SandboxHandle } from '../harness/sandbox';

interface NeoDaySandbox {
	eventSchemas: Map<string, IDataObject>;
	events: Array<{ user_id: string; name: string; data: IDataObject; idempotency_key?: string }>;
	consumptions: Array<{ issuer: string; code: string; reference?: string; user_id?: string }>;
	replays: number;
}

const USER = 'r8d0h8nfx09w23o64g63rvk7q';
const OTHER_USER = 'gfi80lee86qbl98axhb7jboc4';
const EVENTS_PATH = '/api/1/terminal';
const PREDEFINED_PATH = '/api/1/coupon/predefined-code/consume';
const UNLIMITED_PATH = '/api/1/coupon/unlimited-single-code/consume';
/** n8n:<execution nonce>:<execution ID>:<node ID>:<run index>:<item index>, for the harness's node. */
const KEY_PATTERN = /^n8n:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([^:]*):node-under-test:0:(\d+)$/;

let sandbox: SandboxHandle;
const neoday = () => sandbox.neoday as NeoDaySandbox;

beforeAll(async () => {
	sandbox = await useSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
});

let executions = 0;

/** One execution of the node; each call is a new execution unless `executionId` says otherwise. */
async function run(
	parameters: INode['parameters'],
	options: Partial<Pick<RunNodeOptions, 'input' | 'continueOnFail' | 'executionId' | 'retryOnFail'>> & { locale?: string } = {},
): Promise<RunNodeResult> {
	executions += 1;
	const { locale, ...rest } = options;
	return await runNode({
		type: 'neoDay',
		typeVersion: 2,
		parameters,
		credentials: neoDayCredentials(sandbox, locale ? { locale } : {}),
		executionId: `beyond-seeds-${executions}`,
		...rest,
	});
}

async function succeed(...args: Parameters<typeof run>) {
	const result = await run(...args);
	if (result.error) throw result.error;
	return result;
}

const requestsTo = (path: string): LoggedRequest[] => sandbox.requestsTo('neoday', path);
const keyOf = (request: LoggedRequest) => request.headers['idempotency-key'];
const items = (...values: IDataObject[]) => values.map((json) => ({ json }));

describe('Custom Event → Define', () => {
	it('PUTs the schema to its own URI, with the $id NeoDay requires filled in', async () => {
		const schema = {
			$schema: 'https://json-schema.org/draft/2020-12/schema',
			title: 'My example event',
			type: 'object',
			properties: { some_value: { type: 'string' }, another_value: { type: 'integer', minimum: 0 } },
		};
		const { items: output } = await succeed(
			{ resource: 'customEvent', operation: 'define', eventName: 'my_event', schema: JSON.stringify(schema) },
			{ locale: 'en_GB' },
		);

		const schemaId = `${sandbox.urls.neoday}/api/1/terminal/events/my_event`;
		expect(output.map((item) => item.json)).toEqual([{ event_name: 'my_event', schema_id: schemaId, defined: true }]);
		const [request] = requestsTo(`${EVENTS_PATH}/events/my_event`);
		expect(request.method).toBe('PUT');
		expect(request.query).toEqual({ locale: 'en_GB' });
		expect(request.body).toEqual({ $id: schemaId, ...schema });
		// A PUT needs no key: sending it again sets the same schema.
		expect(keyOf(request)).toBeUndefined();
		expect(neoday().eventSchemas.get('my_event')).toEqual({ $id: schemaId, ...schema });
	});

	it('refuses a schema whose $id is not its URI before any request, naming the field and item', async () => {
		const result = await run({
			resource: 'customEvent',
			operation: 'define',
			eventName: 'my_event',
			schema: JSON.stringify({ $id: 'https://gateway.acme.neo.day/api/1/terminal/events/other', type: 'object' }),
		});

		expect(result.error?.message).toMatch(/^Invalid "Schema \(JSON\)" in item 0: its "\$id" is .*other", but NeoDay requires http:\/\/127\.0\.0\.1:\d+\/api\/1\/terminal\/events\/my_event$/);
		expect(requestsTo(EVENTS_PATH)).toHaveLength(0);
	});

	it.each([
		['Event Name', { eventName: ' ', schema: '{}' }, /^Invalid "Event Name" in item 0: it is empty$/],
		['Schema (JSON)', { eventName: 'my_event', schema: '{"type": ' }, /^Invalid "Schema \(JSON\)" in item 0: it is not valid JSON/],
		['Schema (JSON)', { eventName: 'my_event', schema: '[]' }, /^Invalid "Schema \(JSON\)" in item 0: it is an array, not a JSON object$/],
	])('checks %s before any request', async (_, parameters, message) => {
		const result = await run({ resource: 'customEvent', operation: 'define', ...parameters });
		expect(result.error?.message).toMatch(message);
		expect(sandbox.requestsTo('neoday')).toHaveLength(0);
	});

	it('sends the PUT again after a 502, as an idempotent request', async () => {
		sandbox.faults.inject({ service: 'neoday', method: 'PUT', path: `${EVENTS_PATH}/events/`, kind: '502' });
		await succeed({ resource: 'customEvent', operation: 'define', eventName: 'retried', schema: '{"type": "object"}' });
		expect(requestsTo(`${EVENTS_PATH}/events/retried`)).toHaveLength(2);
		expect(neoday().eventSchemas.has('retried')).toBe(true);
	});
});

describe('Custom Event → Send', () => {
	const send = (extra: IDataObject = {}) => ({
		resource: 'customEvent',
		operation: 'send',
		eventName: 'genuine_scan',
		userId: '={{ $json.user }}',
		eventData: '={{ JSON.stringify({ scan_uuid: $json.scan }) }}',
		...extra,
	});

	it('POSTs each item’s data for its user (202), each with its own Idempotency-Key, paired in order', async () => {
		const { items: output } = await succeed(send(), {
			input: items({ user: USER, scan: 'scan-a' }, { user: OTHER_USER, scan: 'scan-b' }, { user: USER, scan: 'scan-c' }),
			locale: 'en_GB',
		});

		const requests = requestsTo(EVENTS_PATH);
		expect(requests.map((request) => [request.method, request.path, request.body])).toEqual([
			['POST', `${EVENTS_PATH}/${USER}/events/genuine_scan`, { scan_uuid: 'scan-a' }],
			['POST', `${EVENTS_PATH}/${OTHER_USER}/events/genuine_scan`, { scan_uuid: 'scan-b' }],
			['POST', `${EVENTS_PATH}/${USER}/events/genuine_scan`, { scan_uuid: 'scan-c' }],
		]);
		for (const request of requests) expect(request.query).toEqual({ locale: 'en_GB' });
		const keys = requests.map((request) => keyOf(request) as string);
		expect(keys.map((key) => KEY_PATTERN.exec(key)?.[3])).toEqual(['0', '1', '2']);
		// One execution: one nonce and one execution ID for all its items.
		expect(new Set(keys.map((key) => KEY_PATTERN.exec(key)?.slice(1, 3).join(':'))).size).toBe(1);
		expect(new Set(keys).size).toBe(3);
		for (const key of keys) expect(key.length).toBeLessThanOrEqual(255);

		expect(output.map((item) => [item.json, item.pairedItem])).toEqual([
			[{ event_name: 'genuine_scan', user_id: USER, accepted: true, idempotency_key: keys[0] }, { item: 0 }],
			[{ event_name: 'genuine_scan', user_id: OTHER_USER, accepted: true, idempotency_key: keys[1] }, { item: 1 }],
			[{ event_name: 'genuine_scan', user_id: USER, accepted: true, idempotency_key: keys[2] }, { item: 2 }],
		]);
		expect(neoday().events.map((event) => event.data.scan_uuid)).toEqual(['scan-a', 'scan-b', 'scan-c']);
	});

	it('keeps the gateway’s message and status for an undefined event, and with Continue On Fail the other items go on', async () => {
		const { items: output } = await succeed(
			{ ...send(), eventName: '={{ $json.event }}' },
			{
				input: items({ user: USER, scan: 'a', event: 'genuine_scan' }, { user: USER, scan: 'b', event: 'not_defined' }, { user: USER, scan: 'c', event: 'genuine_scan' }),
				continueOnFail: true,
			},
		);

		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.accepted).toBe(true);
		expect(output[1].json.error).toBe('NeoDay API error 404: Event "not_defined" is not defined.');
		expect(output[2].json.accepted).toBe(true);
		expect(neoday().events).toHaveLength(2);
	});

	it('without Continue On Fail, fails with the gateway’s 400 when the data does not match the schema', async () => {
		const result = await run({ ...send(), eventData: '{"scan_uuid": 42}' }, { input: items({ user: USER }) });
		expect(result.error?.message).toBe('NeoDay API error 400: The property "scan_uuid" must be of type string.');
		expect(result.error?.httpCode).toBe('400');
		// A 400 is an answer, not a failure to retry.
		expect(requestsTo(EVENTS_PATH)).toHaveLength(1);
	});

	it.each([
		['User ID', { userId: '' }, /^Invalid "User ID" in item 1: it is empty$/],
		['Event Name', { eventName: '' }, /^Invalid "Event Name" in item 1: it is empty$/],
		['Event Data (JSON)', { eventData: '={{ $json.scan ? JSON.stringify({ scan_uuid: $json.scan }) : "not json" }}' }, /^Invalid "Event Data \(JSON\)" in item 1: it is not valid JSON/],
	])('checks %s before any request for the item', async (_, extra, message) => {
		const parameters: Record<string, string> = { ...send(), ...extra };
		if ('userId' in extra || 'eventName' in extra) {
			const field = Object.keys(extra)[0];
			parameters[field] = `={{ $json.scan ? ${JSON.stringify(field === 'userId' ? USER : 'genuine_scan')} : "" }}`;
		}
		const result = await run(parameters, { input: items({ user: USER, scan: 'a' }, { user: USER }) });

		expect(result.error?.message).toMatch(message);
		// Item 0 went out before item 1 failed its check; item 1 sent nothing.
		expect(requestsTo(EVENTS_PATH)).toHaveLength(1);
	});

	it('sends an event without data as an empty JSON object', async () => {
		neoday().eventSchemas.set('app_opened', { $id: `${sandbox.urls.neoday}/api/1/terminal/events/app_opened`, type: 'object' });
		await succeed({ ...send(), eventName: 'app_opened', eventData: '{}' }, { input: items({ user: USER }) });

		const [request] = requestsTo(EVENTS_PATH);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.body).toEqual({});
		expect(neoday().events).toEqual([expect.objectContaining({ name: 'app_opened', data: {} })]);
	});

	it('after the answer is lost, sends again with the same key and the event is recorded once', async () => {
		sandbox.faults.inject({ service: 'neoday', method: 'POST', path: EVENTS_PATH, kind: 'commitThenReset' });
		const { items: output } = await succeed(send(), { input: items({ user: USER, scan: 'once' }) });

		const requests = requestsTo(EVENTS_PATH);
		expect(requests).toHaveLength(2);
		expect(keyOf(requests[1])).toBe(keyOf(requests[0]));
		expect(neoday().events).toHaveLength(1);
		expect(neoday().replays).toBe(1);
		expect(output[0].json.accepted).toBe(true);
	});
});

describe('Coupon → Consume', () => {
	const predefined = (code = '4-c03p0n-c0d3', reference = 'my-coupon') => ({
		resource: 'coupon',
		operation: 'consume',
		ticketIssuer: 'predefinedCode',
		code,
		reference,
	});

	it('consumes a predefined code with its code and reference', async () => {
		const { items: output } = await succeed(predefined(), { locale: 'en_GB' });

		const [request] = requestsTo(PREDEFINED_PATH);
		expect(request.method).toBe('POST');
		expect(request.query).toEqual({ locale: 'en_GB' });
		expect(request.body).toEqual({ code: '4-c03p0n-c0d3', reference: 'my-coupon' });
		expect(keyOf(request)).toMatch(KEY_PATTERN);
		expect(output[0].json).toEqual({
			ticket_issuer: 'predefinedCode',
			code: '4-c03p0n-c0d3',
			reference: 'my-coupon',
			consumed: true,
			idempotency_key: keyOf(request),
		});
		expect(neoday().consumptions).toEqual([{ issuer: 'predefined-code', code: '4-c03p0n-c0d3', reference: 'my-coupon' }]);
	});

	it('consumes an unlimited single code with the user and the code', async () => {
		const { items: output } = await succeed(
			{ resource: 'coupon', operation: 'consume', ticketIssuer: 'unlimitedSingleCode', code: 'WELCOME10', userId: '={{ $json.user }}' },
			{ input: items({ user: USER }, { user: OTHER_USER }) },
		);

		expect(requestsTo(UNLIMITED_PATH).map((request) => request.body)).toEqual([
			{ user_id: USER, code: 'WELCOME10' },
			{ user_id: OTHER_USER, code: 'WELCOME10' },
		]);
		expect(output.map((item) => [item.json.user_id, item.json.consumed, item.pairedItem])).toEqual([
			[USER, true, { item: 0 }],
			[OTHER_USER, true, { item: 1 }],
		]);
		expect(neoday().consumptions).toHaveLength(2);
	});

	it('after a lost answer, the retried consume carries the same key and the coupon is consumed once', async () => {
		sandbox.faults.inject({ service: 'neoday', method: 'POST', path: PREDEFINED_PATH, kind: 'commitThenReset' });
		const { items: output } = await succeed(predefined());

		const requests = requestsTo(PREDEFINED_PATH);
		expect(requests).toHaveLength(2);
		expect(keyOf(requests[1])).toBe(keyOf(requests[0]));
		expect(neoday().consumptions).toHaveLength(1);
		expect(neoday().replays).toBe(1);
		expect(output[0].json.consumed).toBe(true);
	});

	it("n8n's Retry On Fail, after our retries gave up, sends the same key and the coupon is consumed once", async () => {
		// Applied on the first attempt; every answer of our five attempts is lost as a 502.
		sandbox.faults.inject({ service: 'neoday', method: 'POST', path: PREDEFINED_PATH, kind: 'commitThen502', times: 5 });
		const { items: output } = await succeed(predefined(), { retryOnFail: { maxTries: 2, waitBetweenTries: 0 } });

		const requests = requestsTo(PREDEFINED_PATH);
		expect(requests).toHaveLength(6);
		expect(new Set(requests.map(keyOf))).toEqual(new Set([keyOf(requests[0])]));
		expect(neoday().consumptions).toHaveLength(1);
		expect(output[0].json.consumed).toBe(true);
	});

	it('two instances with the same instance ID and the same execution ID send different keys, and each consume is applied', async () => {
		// Both runs are in this one process, so n8n gives them the same instance ID; both are execution 1, as on two
		// instances that share N8N_ENCRYPTION_KEY, or on one whose database was recreated.
		const consume = { resource: 'coupon', operation: 'consume', ticketIssuer: 'unlimitedSingleCode', code: 'WELCOME10' };
		const first = await succeed({ ...consume, userId: USER }, { executionId: '1' });
		const second = await succeed({ ...consume, userId: OTHER_USER }, { executionId: '1' });

		const keys = requestsTo(UNLIMITED_PATH).map(keyOf);
		expect(keys).toHaveLength(2);
		expect(keys[0]).toMatch(KEY_PATTERN);
		expect(keys[1]).toMatch(KEY_PATTERN);
		expect(KEY_PATTERN.exec(keys[0] as string)?.[2]).toBe('1');
		expect(KEY_PATTERN.exec(keys[1] as string)?.[2]).toBe('1');
		expect(keys[1]).not.toBe(keys[0]);
		expect([first.items[0].json.idempotency_key, second.items[0].json.idempotency_key]).toEqual(keys);
		// Nothing was answered from the first execution's stored result: both users consumed the code.
		expect(neoday().replays).toBe(0);
		expect(neoday().consumptions).toEqual([
			{ issuer: 'unlimited-single-code', code: 'WELCOME10', user_id: USER },
			{ issuer: 'unlimited-single-code', code: 'WELCOME10', user_id: OTHER_USER },
		]);
	});

	it('two instances with the same execution ID each send their event for the same user', async () => {
		const send = { resource: 'customEvent', operation: 'send', eventName: 'genuine_scan', userId: USER, eventData: '{"scan_uuid": "same-scan"}' };
		await succeed(send, { executionId: '1' });
		await succeed(send, { executionId: '1' });

		const keys = requestsTo(EVENTS_PATH).map(keyOf);
		expect(new Set(keys).size).toBe(2);
		expect(neoday().replays).toBe(0);
		expect(neoday().events).toHaveLength(2);
	});

	it('a new execution is a new request: the consumed code is refused with the gateway’s 409', async () => {
		await succeed(predefined());
		const result = await run(predefined());

		const requests = requestsTo(PREDEFINED_PATH);
		expect(keyOf(requests[1])).not.toBe(keyOf(requests[0]));
		expect(result.error?.message).toBe('NeoDay API error 409: The code "4-c03p0n-c0d3" has already been consumed.');
		expect(neoday().consumptions).toHaveLength(1);
	});

	it('items of one execution get different keys, so each code is consumed', async () => {
		const { items: output } = await succeed(
			{ ...predefined(), code: '={{ $json.code }}', reference: 'genuine-reward' },
			{ input: items({ code: 'GENUINE-0001' }, { code: 'GENUINE-0002' }, { code: 'GENUINE-0003' }) },
		);

		expect(new Set(requestsTo(PREDEFINED_PATH).map(keyOf)).size).toBe(3);
		expect(neoday().consumptions.map((entry) => entry.code)).toEqual(['GENUINE-0001', 'GENUINE-0002', 'GENUINE-0003']);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('without an execution ID the key is still unique to the execution, and a lost answer is sent again under it', async () => {
		sandbox.faults.inject({ service: 'neoday', method: 'POST', path: PREDEFINED_PATH, kind: 'commitThen502' });
		const { items: output } = await succeed(predefined(), { executionId: '' });

		const requests = requestsTo(PREDEFINED_PATH);
		expect(requests).toHaveLength(2);
		expect(keyOf(requests[0])).toMatch(KEY_PATTERN);
		expect(keyOf(requests[1])).toBe(keyOf(requests[0]));
		expect(neoday().consumptions).toHaveLength(1);
		expect(output[0].json.consumed).toBe(true);
	});

	it.each([
		['Code', { code: '={{ "" }}' }, /^Invalid "Code" in item 0: it is empty$/],
		['Reference', { reference: ' ' }, /^Invalid "Reference" in item 0: it is empty$/],
	])('checks %s before any request', async (_, extra, message) => {
		const result = await run({ ...predefined(), ...extra });
		expect(result.error?.message).toMatch(message);
		expect(sandbox.requestsTo('neoday')).toHaveLength(0);
	});

	it('checks the user of an unlimited single code before any request', async () => {
		const result = await run({ resource: 'coupon', operation: 'consume', ticketIssuer: 'unlimitedSingleCode', code: 'WELCOME10', userId: '={{ $json.user }}' });
		expect(result.error?.message).toBe('Invalid "User ID" in item 0: it is empty');
		expect(sandbox.requestsTo('neoday')).toHaveLength(0);
	});

	it('keeps the gateway’s 404 for an unknown code and, with Continue On Fail, puts the error in the item’s place', async () => {
		const { items: output } = await succeed(
			{ ...predefined(), code: '={{ $json.code }}', reference: 'genuine-reward' },
			{ input: items({ code: 'GENUINE-0001' }, { code: 'NO-SUCH-CODE' }), continueOnFail: true },
		);

		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output[0].json.consumed).toBe(true);
		expect(output[1].json.error).toBe('NeoDay API error 404: No code "NO-SUCH-CODE" under the reference "genuine-reward".');
	});
});

describe('the example workflow "genuine scan → NeoDay custom event"', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { genuineScanToNeoDayWorkflow } = require('../e2e/workflows') as {
		genuineScanToNeoDayWorkflow: () => { nodes: Array<{ name: string; type: string; typeVersion: number; parameters: INode['parameters'] }> };
	};
	const step = (name: string) => {
		const node = genuineScanToNeoDayWorkflow().nodes.find((candidate) => candidate.name === name);
		if (!node) throw new Error(`No step ${name}`);
		return node;
	};

	it('its steps, run one after the other as n8n would, send one event per genuine scan', async () => {
		await succeed(step('Define genuine_scan').parameters);
		const scans = await runNode({
			type: 'scantrust',
			typeVersion: step('Latest scans').typeVersion,
			parameters: step('Latest scans').parameters,
			credentials: { scantrustApi: { baseUrl: sandbox.urls.scantrust, token: 'sandbox-uat-token' } },
		});
		expect(scans.error).toBeUndefined();
		// What the Filter step keeps.
		expect(step('Genuine only').parameters).toEqual({ conditions: { string: [{ value1: '={{ $json.result }}', operation: 'equal', value2: 'ok' }] } });
		const genuine = scans.items.filter((item) => item.json.result === 'ok');
		expect(genuine.length).toBeGreaterThan(0);
		expect(genuine.length).toBeLessThan(scans.items.length);

		const { items: sent } = await succeed(step('Send genuine_scan').parameters, { input: genuine.map((item) => ({ json: item.json })) });

		expect(sent).toHaveLength(genuine.length);
		expect(neoday().events.map((event) => event.data.scan_uuid)).toEqual(genuine.map((item) => item.json.uuid));
		expect(neoday().events.every((event) => event.name === 'genuine_scan' && typeof event.data.product_sku === 'string')).toBe(true);
	});
});
