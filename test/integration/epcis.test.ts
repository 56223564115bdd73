// TrackVision's GS1 EPCIS 2.0 interface through n8n-core: Capture (from fields and raw), Validate,
// Get Many, and the capture jobs, against the sandbox's EPCIS origin, which validates every
// document against the official EPCIS 2.0 JSON schema (test/epcis/gs1).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { runNode, testCredentials } from '../harness/n8n';
import type { SandboxHandle } from '../harness/sandbox';
import { trackVisionCredentials, useSandbox } from '../harness/sandbox';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateSchema } = require('../sandbox/epcis') as { validateSchema: (document: unknown) => string[] };

interface EpcisState {
	events: IDataObject[];
	captures: number;
	addEvents(events: IDataObject[], recordTime?: string): IDataObject[];
}

const GS1_EXAMPLES = join(__dirname, '..', 'epcis', 'gs1', 'JSON');
const SUPPORTED = new Set(['ObjectEvent', 'AggregationEvent', 'TransactionEvent', 'TransformationEvent', 'AssociationEvent']);

let sandbox: SandboxHandle;
let epcis: EpcisState;

beforeAll(async () => {
	sandbox = await useSandbox({ epcisCaptureDelayMs: 50 });
	epcis = sandbox.epcis as EpcisState;
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
});

async function run(parameters: INodeParameters, { input, continueOnFail }: { input?: INodeExecutionData[]; continueOnFail?: boolean } = {}) {
	return await runNode({ type: 'trackVision', typeVersion: 2, parameters, credentials: trackVisionCredentials(sandbox), input, continueOnFail });
}

const captures = () => sandbox.requestsTo('epcis', '/v2/epcis/capture').filter((request) => request.method === 'POST');
const itemsOf = (count: number) => Array.from({ length: count }, (_, index) => ({ json: { code: `https://id.gs1.org/01/09521234543213/21/SN${String(index).padStart(4, '0')}` } }));

const commissioning = (extra: IDataObject = {}): INodeParameters => ({
	resource: 'epcisEvent',
	operation: 'capture',
	input: 'fields',
	eventType: 'ObjectEvent',
	epcisAction: 'ADD',
	epcList: '={{ $json.code }}',
	bizStep: 'commissioning',
	disposition: 'active',
	readPoint: 'urn:epc:id:sgln:0614141.00777.0',
	...extra,
});

function* walk(directory: string): Generator<string> {
	for (const entry of readdirSync(directory, { withFileTypes: true })) {
		const path = join(directory, entry.name);
		if (entry.isDirectory()) yield* walk(path);
		else if (entry.name.endsWith('.jsonld')) yield path;
	}
}

describe('TrackVision credential test', () => {
	it('checks the instance URL and the EPCIS URL when both are set', async () => {
		const result = await testCredentials('trackVisionApi', trackVisionCredentials(sandbox).trackVisionApi);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful: the instance URL and the EPCIS URL' });
		expect(sandbox.requestsTo('trackvision', '/users/me')).toHaveLength(1);
		expect(sandbox.requestsTo('epcis', '/v2/epcis/events')).toHaveLength(1);
	});

	it('reaches the EPCIS URL where the operations do, also when it is given with its /v2/epcis', async () => {
		const credentials = trackVisionCredentials(sandbox).trackVisionApi;
		const result = await testCredentials('trackVisionApi', { ...credentials, epcisUrl: `${String(credentials.epcisUrl)}/v2/epcis/` });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful: the instance URL and the EPCIS URL' });
		expect(sandbox.requestsTo('epcis').map((request) => request.path)).toEqual(['/v2/epcis/events']);
	});

	it('checks only the instance URL when no EPCIS URL is set', async () => {
		const { url, token } = trackVisionCredentials(sandbox).trackVisionApi;
		expect(await testCredentials('trackVisionApi', { url, token })).toMatchObject({ status: 'OK' });
		expect(sandbox.requestsTo('epcis')).toHaveLength(0);
	});

	it('fails on a bad token at the EPCIS URL and does not follow its redirect', async () => {
		sandbox.faults.inject({ service: 'epcis', method: 'GET', path: '/v2/epcis/events', kind: 'redirect' });
		const result = await testCredentials('trackVisionApi', trackVisionCredentials(sandbox).trackVisionApi);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/EPCIS URL with a redirect, which is not followed/);
		expect(sandbox.requestsTo('foreign')).toHaveLength(0);
	});
});

describe('the token goes to the instance and the EPCIS origin only', () => {
	it('sends no token to another origin a capture is redirected to', async () => {
		sandbox.faults.inject({ service: 'epcis', method: 'POST', path: '/v2/epcis/capture', kind: 'redirect', status: 307 });
		const { error } = await run(commissioning(), { input: itemsOf(1) });
		expect(error).toBeDefined();
		const foreign = sandbox.requestsTo('foreign');
		expect(foreign).toHaveLength(1);
		expect(foreign[0].headers.authorization).toBeUndefined();
		expect(JSON.stringify(foreign[0])).not.toContain('sandbox-tv-token');
	});

	it('keeps the token on a redirect from the EPCIS origin to the instance origin', async () => {
		sandbox.faults.inject({ service: 'epcis', method: 'GET', path: '/v2/epcis/events', kind: 'redirect', to: 'trackvision' });
		await run({ resource: 'epcisEvent', operation: 'getMany', returnAll: true });
		const [redirected] = sandbox.requestsTo('trackvision', '/v2/epcis/events');
		expect(redirected.headers.authorization).toBe('Bearer sandbox-tv-token');
		expect(sandbox.requestsTo('foreign')).toHaveLength(0);
	});

	it('stops with an error naming the missing EPCIS URL when the credential has none', async () => {
		const { url, token } = trackVisionCredentials(sandbox).trackVisionApi;
		const { error } = await runNode({ type: 'trackVision', typeVersion: 2, parameters: { resource: 'epcisEvent', operation: 'getMany', returnAll: true }, credentials: { trackVisionApi: { url, token } } });
		expect(error?.message).toMatch(/The TrackVision credential has no EPCIS URL/);
		expect(sandbox.requestsTo('epcis')).toHaveLength(0);
	});
});

describe('EPCIS Event: Capture from fields', () => {
	it('captures one commissioning event per item in one document, each output paired with its item', async () => {
		const { items, error } = await run(commissioning(), { input: itemsOf(3) });
		expect(error).toBeUndefined();
		expect(captures()).toHaveLength(1);
		const [request] = captures();
		expect(request.headers.authorization).toBe('Bearer sandbox-tv-token');
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(validateSchema(request.body)).toEqual([]);
		const sent = (request.body as { epcisBody: { eventList: IDataObject[] } }).epcisBody.eventList;
		expect(sent).toHaveLength(3);
		expect(sent[0]).toMatchObject({ type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', disposition: 'active', epcList: [itemsOf(3)[0].json.code] });
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const ids = items.map((item) => (item.json.eventIDs as string[])[0]);
		expect(new Set(ids).size).toBe(3);
		for (const id of ids) expect(id).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
		expect(items[0].json).toMatchObject({ eventCount: 1, finished: true, success: true, errors: [] });
		expect(epcis.events.map((event) => event.eventID)).toEqual(ids);
	});

	it('sends documents of up to N events and keeps every item paired', async () => {
		const { items, error } = await run(commissioning({ options: { eventsPerDocument: 2 } }), { input: itemsOf(5) });
		expect(error).toBeUndefined();
		expect(captures().map((request) => (request.body as { epcisBody: { eventList: unknown[] } }).epcisBody.eventList.length)).toEqual([2, 2, 1]);
		expect(items).toHaveLength(5);
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(new Set(items.map((item) => (item.json.captureJobIds as string[])[0])).size).toBe(3);
		expect(epcis.events).toHaveLength(5);
		expect(items.every((item) => item.json.success === true)).toBe(true);
	});

	it('gives the same event the same eventID on a second run', async () => {
		const fixed = commissioning({ eventTime: '2026-02-01T10:00:00+01:00' });
		const first = await run(fixed, { input: itemsOf(2) });
		const second = await run(fixed, { input: itemsOf(2) });
		expect(second.items.map((item) => item.json.eventIDs)).toEqual(first.items.map((item) => item.json.eventIDs));
		const sent = (captures()[0].body as { epcisBody: { eventList: IDataObject[] } }).epcisBody.eventList[0];
		expect(sent).toMatchObject({ eventTime: '2026-02-01T10:00:00+01:00', eventTimeZoneOffset: '+01:00' });
	});

	it.each([
		['ObjectEvent', { epcisAction: 'OBSERVE', epcList: 'urn:epc:id:sgtin:0614141.107346.2017, urn:epc:id:sgtin:0614141.107346.2018' }],
		['AggregationEvent', { epcisAction: 'ADD', parentID: 'urn:epc:id:sscc:0614141.1234567890', childEPCs: 'urn:epc:id:sgtin:0614141.107346.2017' }],
		['TransactionEvent', { epcisAction: 'ADD', epcList: 'urn:epc:id:sgtin:0614141.107346.2017', additionalFields: { extensions: '{"bizTransactionList": [{"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:0614141073467:1152"}]}' } }],
		['TransformationEvent', { inputEPCList: 'urn:epc:id:sgtin:4012345.011122.25', outputEPCList: 'urn:epc:id:sgtin:4012345.077889.25', additionalFields: { ilmd: '{"cbvmda:lotNumber": "LOT-1"}', transformationID: 'urn:epc:id:gdti:0614141.12345.400' } }],
		['AssociationEvent', { epcisAction: 'ADD', parentID: 'urn:epc:id:grai:4012345.55555.987', childEPCs: 'urn:epc:id:giai:4000001.12345' }],
	])('builds a %s that the EPCIS 2.0 schema accepts', async (eventType, fields) => {
		const { items, error } = await run({ resource: 'epcisEvent', operation: 'capture', input: 'fields', eventType, bizStep: 'other', ...fields } as INodeParameters);
		expect(error).toBeUndefined();
		expect(validateSchema(captures()[0].body)).toEqual([]);
		expect(items[0].json.success).toBe(true);
		expect(epcis.events[0]).toMatchObject({ type: eventType });
	});

	it('takes a custom business step and disposition and an EPC list from an expression', async () => {
		const { error } = await run(
			commissioning({
				epcList: '={{ $json.codes }}',
				bizStep: '__custom',
				customBizStep: 'https://ns.example.com/epcis/bizstep/labelling',
				disposition: '__custom',
				customDisposition: 'https://ns.example.com/epcis/disp/quarantined',
			}),
			{ input: [{ json: { codes: ['urn:epc:id:sgtin:0614141.107346.1', 'urn:epc:id:sgtin:0614141.107346.2'] } }] },
		);
		expect(error).toBeUndefined();
		expect(epcis.events[0]).toMatchObject({
			bizStep: 'https://ns.example.com/epcis/bizstep/labelling',
			disposition: 'https://ns.example.com/epcis/disp/quarantined',
			epcList: ['urn:epc:id:sgtin:0614141.107346.1', 'urn:epc:id:sgtin:0614141.107346.2'],
		});
	});

	it.each([
		['a missing EPC list', { epcList: '={{ $json.nothing }}' }, /Invalid "EPCs" in item 1: it is empty/],
		['a bad action', { epcisAction: '={{ "MOVE" }}' }, /Invalid "Action" in item 1: "MOVE" is not an EPCIS action/],
		['a time that is not ISO 8601', { eventTime: '={{ "yesterday" }}' }, /Invalid "Event Time" in item 1: "yesterday" is not an ISO 8601 time/],
		['a bad offset', { additionalFields: { eventTimeZoneOffset: '={{ $itemIndex === 1 ? "+1" : "+00:00" }}' } }, /Invalid "Event Time Zone Offset" in item 1: "\+1" is not an offset/],
	])('stops on %s before any request, naming the field and the item', async (_, extra, message) => {
		const input = [{ json: { code: 'urn:epc:id:sgtin:0614141.107346.1' } }, { json: { code: 'urn:epc:id:sgtin:0614141.107346.2' } }];
		const parameters = commissioning(extra as IDataObject);
		// Only the second item is bad: the first must not have been sent either.
		if ('epcList' in extra) parameters.epcList = '={{ $itemIndex === 1 ? $json.nothing : $json.code }}';
		if ('epcisAction' in extra) parameters.epcisAction = '={{ $itemIndex === 1 ? "MOVE" : "ADD" }}';
		if ('eventTime' in extra) parameters.eventTime = '={{ $itemIndex === 1 ? "yesterday" : "" }}';
		const { error } = await run(parameters, { input });
		expect(error?.message).toMatch(message);
		expect(sandbox.requestsTo('epcis')).toHaveLength(0);
	});

	it('with Continue On Fail, outputs the bad item as an error in its place and captures the others', async () => {
		const parameters = commissioning({ epcList: '={{ $itemIndex === 1 ? "" : $json.code }}' });
		const { items, error } = await run(parameters, { input: itemsOf(3), continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[1].json.error).toMatch(/Invalid "EPCs" in item 1/);
		expect(items[0].json.success).toBe(true);
		expect(epcis.events).toHaveLength(2);
	});

	it('does not send a capture again after an ambiguous failure, and says how to check', async () => {
		sandbox.faults.inject({ service: 'epcis', method: 'POST', path: '/v2/epcis/capture', kind: 'commitThen502' });
		const { error } = await run(commissioning(), { input: itemsOf(2) });
		expect(error?.message).toMatch(/TrackVision EPCIS API error 502/);
		expect(error?.description).toMatch(/may have reached TrackVision EPCIS/);
		expect(error?.description).toMatch(/Capture Job → Get Many/);
		expect(captures()).toHaveLength(1);
	});

	it('sends a capture again after a 429: nothing was applied', async () => {
		sandbox.faults.inject({ service: 'epcis', method: 'POST', path: '/v2/epcis/capture', kind: '429', retryAfter: 0 });
		const { error } = await run(commissioning(), { input: itemsOf(1) });
		expect(error).toBeUndefined();
		expect(captures()).toHaveLength(2);
		expect(epcis.events).toHaveLength(1);
	});

	it('reports a job still running at the end of the wait, without failing', async () => {
		const slow = await useSandbox({ epcisCaptureDelayMs: 5000 });
		try {
			const { items, error } = await runNode({
				type: 'trackVision',
				typeVersion: 2,
				parameters: commissioning({ options: { waitSeconds: 1 } }),
				credentials: trackVisionCredentials(slow),
				input: itemsOf(1),
			});
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ finished: false, success: null });
		} finally {
			await slow.close();
		}
	});

	it('without waiting, outputs the capture job ID at once', async () => {
		const { items } = await run(commissioning({ waitForCompletion: false }), { input: itemsOf(1) });
		expect(items[0].json).toEqual({ eventCount: 1, eventIDs: [expect.any(String)], captureJobIds: [expect.stringMatching(/^[0-9a-f-]{36}$/)] });
		expect(sandbox.requestsTo('trackvision', '/items/epcis_capture')).toHaveLength(0);
	});

	it('sends the GS1-Capture-Error-Behaviour header the user chose', async () => {
		const { items } = await run(commissioning({ options: { captureErrorBehaviour: 'rollback' } }), { input: itemsOf(1) });
		expect(captures()[0].headers['gs1-capture-error-behaviour']).toBe('rollback');
		expect((items[0].json.captureJobs as IDataObject[])[0]).toMatchObject({ capture_error_behaviour: 'rollback', running: false, success: true });
	});
});

describe('EPCIS Event: Capture raw', () => {
	const examples = [...walk(GS1_EXAMPLES)]
		.map((path) => ({ path, document: JSON.parse(readFileSync(path, 'utf8')) as IDataObject }))
		.filter(({ document }) => document.type === 'EPCISDocument')
		.filter(({ document }) => ((document.epcisBody as IDataObject).eventList as IDataObject[]).every((event) => SUPPORTED.has(String(event.type))));

	it('has the GS1 examples to run', () => {
		expect(examples.length).toBeGreaterThanOrEqual(40);
	});

	it.each(examples.map(({ path, document }) => [path.slice(GS1_EXAMPLES.length + 1), document]))('captures the GS1 example %s', async (_, document) => {
		const { items, error } = await run({ resource: 'epcisEvent', operation: 'capture', input: 'document', document: JSON.stringify(document) });
		expect(error).toBeUndefined();
		const events = ((document as IDataObject).epcisBody as IDataObject).eventList as IDataObject[];
		expect(items[0].json).toMatchObject({ eventCount: events.length, finished: true, success: true });
		expect(captures()).toHaveLength(1);
		// Sent as it was given, envelope and all.
		expect(captures()[0].body).toEqual(document);
		expect(epcis.events).toHaveLength(events.length);
	});

	it('splits a document with more events than N, keeping its envelope', async () => {
		const document = JSON.parse(readFileSync(join(GS1_EXAMPLES, 'Example_9.6.1-ObjectEvent.jsonld'), 'utf8')) as IDataObject;
		const { items } = await run({ resource: 'epcisEvent', operation: 'capture', input: 'document', document: JSON.stringify(document), options: { eventsPerDocument: 1 } });
		const events = (document.epcisBody as IDataObject).eventList as IDataObject[];
		expect(captures()).toHaveLength(events.length);
		for (const request of captures()) expect((request.body as IDataObject)['@context']).toEqual(document['@context']);
		expect(items[0].json.captureJobIds).toHaveLength(events.length);
	});

	it('captures an event list, with the namespaces of the Context option', async () => {
		const events = [
			{ type: 'ObjectEvent', eventTime: '2026-01-01T00:00:00Z', eventTimeZoneOffset: '+00:00', action: 'OBSERVE', epcList: ['urn:epc:id:sgtin:0614141.107346.1'], 'example:note': 'hello' },
		];
		const { items, error } = await run({
			resource: 'epcisEvent',
			operation: 'capture',
			input: 'events',
			eventList: JSON.stringify(events),
			options: { context: '{"example": "http://ns.example.com/epcis/"}' },
		});
		expect(error).toBeUndefined();
		expect((captures()[0].body as IDataObject)['@context']).toEqual(['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { example: 'http://ns.example.com/epcis/' }]);
		expect(items[0].json.success).toBe(true);
	});

	it('keeps TrackVision\'s own message when it rejects a document', async () => {
		const document = { '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-01-01T00:00:00Z', epcisBody: { eventList: [{ type: 'ObjectEvent', action: 'ADD' }] } };
		const { error } = await run({ resource: 'epcisEvent', operation: 'capture', input: 'document', document: JSON.stringify(document) });
		expect(error?.message).toMatch(/^TrackVision EPCIS API error 400: The document does not conform to the EPCIS 2.0 JSON schema: /);
	});

	it('stops on a document that is not an EPCISDocument before any request', async () => {
		const { error } = await run({ resource: 'epcisEvent', operation: 'capture', input: 'document', document: '{"type": "EPCISQueryDocument"}' });
		expect(error?.message).toMatch(/Invalid "EPCIS Document" in item 0: its "type" is "EPCISQueryDocument"/);
		expect(sandbox.requestsTo('epcis')).toHaveLength(0);
	});
});

describe('EPCIS Event: Validate', () => {
	it('answers valid for a good event and stores nothing', async () => {
		const { items, error } = await run({ resource: 'epcisEvent', operation: 'validate', input: 'fields', eventType: 'ObjectEvent', epcisAction: 'OBSERVE', epcList: 'urn:epc:id:sgtin:0614141.107346.1' });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ valid: true, eventCount: 1 });
		expect(sandbox.requestsTo('epcis', '/v2/epcis/validate')).toHaveLength(1);
		expect(epcis.events).toHaveLength(0);
	});

	it('answers not valid, with TrackVision\'s reason, for a document the schema rejects', async () => {
		const document = { '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-01-01T00:00:00Z', epcisBody: { eventList: [{ type: 'ObjectEvent', action: 'ADD' }] } };
		const { items, error } = await run({ resource: 'epcisEvent', operation: 'validate', input: 'document', document: JSON.stringify(document) });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ valid: false, statusCode: 400 });
		expect(items[0].json.message).toMatch(/does not conform/);
	});

	it('is sent again after a server error: it stores nothing', async () => {
		sandbox.faults.inject({ service: 'epcis', method: 'POST', path: '/v2/epcis/validate', kind: '503', retryAfter: 0 });
		const { items } = await run({ resource: 'epcisEvent', operation: 'validate', input: 'fields', eventType: 'ObjectEvent', epcisAction: 'OBSERVE', epcList: 'urn:epc:id:sgtin:0614141.107346.1' });
		expect(items[0].json.valid).toBe(true);
		expect(sandbox.requestsTo('epcis', '/v2/epcis/validate')).toHaveLength(2);
	});
});

describe('EPCIS Event: Get Many', () => {
	const event = (index: number, extra: IDataObject = {}): IDataObject => ({
		type: 'ObjectEvent',
		eventTime: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
		eventTimeZoneOffset: '+00:00',
		action: index % 3 === 0 ? 'ADD' : 'OBSERVE',
		bizStep: index % 2 === 0 ? 'commissioning' : 'shipping',
		disposition: index % 2 === 0 ? 'active' : 'in_transit',
		epcList: [`urn:epc:id:sgtin:0614141.107346.${index}`],
		readPoint: { id: `urn:epc:id:sgln:0614141.00777.${index % 4}` },
		...extra,
	});

	it('pages through every event with Return All, following the Link header', async () => {
		epcis.addEvents(Array.from({ length: 250 }, (_, index) => event(index)));
		const { items, error } = await run({ resource: 'epcisEvent', operation: 'getMany', returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(250);
		expect(new Set(items.map((item) => item.json.eventID)).size).toBe(250);
		const pages = sandbox.requestsTo('epcis', '/v2/epcis/events');
		expect(pages).toHaveLength(3);
		expect(pages[0].query).toEqual({ perPage: '100' });
		expect(pages[1].query.nextPageToken).toBeDefined();
	});

	it('stops at the Limit', async () => {
		epcis.addEvents(Array.from({ length: 40 }, (_, index) => event(index)));
		const { items } = await run({ resource: 'epcisEvent', operation: 'getMany', returnAll: false, limit: 15 });
		expect(items).toHaveLength(15);
		expect(sandbox.requestsTo('epcis', '/v2/epcis/events')[0].query.perPage).toBe('15');
	});

	it('sends every filter as its standard parameter and returns only matching events', async () => {
		epcis.addEvents(Array.from({ length: 60 }, (_, index) => event(index)), '2026-01-02T00:00:00.000Z');
		epcis.addEvents([event(100, { bizStep: 'commissioning', action: 'ADD' })], '2026-01-05T00:00:00.000Z');
		const { items, error } = await run({
			resource: 'epcisEvent',
			operation: 'getMany',
			returnAll: true,
			filters: {
				eventTypes: ['ObjectEvent'],
				actions: ['ADD'],
				bizSteps: 'commissioning, receiving',
				dispositions: 'active',
				readPoints: 'urn:epc:id:sgln:0614141.00777.0,urn:epc:id:sgln:0614141.00777.2',
				eventTimeFrom: '2026-01-01T00:10:00Z',
				eventTimeBefore: '2026-01-01T00:50:00Z',
				recordTimeFrom: '2026-01-01T00:00:00Z',
				recordTimeBefore: '2026-01-03T00:00:00Z',
			},
		});
		expect(error).toBeUndefined();
		expect(sandbox.requestsTo('epcis', '/v2/epcis/events')[0].query).toEqual({
			perPage: '100',
			eventType: 'ObjectEvent',
			EQ_action: 'ADD',
			EQ_bizStep: 'commissioning|receiving',
			EQ_disposition: 'active',
			EQ_readPoint: 'urn:epc:id:sgln:0614141.00777.0|urn:epc:id:sgln:0614141.00777.2',
			GE_eventTime: '2026-01-01T00:10:00.000Z',
			LT_eventTime: '2026-01-01T00:50:00.000Z',
			GE_recordTime: '2026-01-01T00:00:00.000Z',
			LT_recordTime: '2026-01-03T00:00:00.000Z',
		});
		const expected = Array.from({ length: 60 }, (_, index) => index).filter((index) => index >= 10 && index < 50 && index % 6 === 0);
		expect(items.map((item) => (item.json.epcList as string[])[0])).toEqual(expected.map((index) => `urn:epc:id:sgtin:0614141.107346.${index}`));
	});

	it('filters by quantity and read point with descendants, and passes other parameters as they are', async () => {
		epcis.addEvents([
			event(1, { epcList: undefined, quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.012345.998877', quantity: 200, uom: 'KGM' }] }),
			event(2, { epcList: undefined, quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.012345.998877', quantity: 50, uom: 'KGM' }] }),
		]);
		const { items } = await run({
			resource: 'epcisEvent',
			operation: 'getMany',
			returnAll: true,
			filters: { quantityAtLeast: 100, readPointsWithDescendants: 'urn:epc:id:sgln:0614141.00777' },
			options: { parameters: { parameter: [{ name: 'EQ_eventID', value: String(epcis.events[0].eventID) }] } },
		});
		expect(items).toHaveLength(1);
		expect(sandbox.requestsTo('epcis', '/v2/epcis/events')[0].query).toMatchObject({ GE_quantity: '100', WD_readPoint: 'urn:epc:id:sgln:0614141.00777', EQ_eventID: String(epcis.events[0].eventID) });
	});

	it('outputs the raw EPCISQueryDocument of each page on request', async () => {
		epcis.addEvents(Array.from({ length: 120 }, (_, index) => event(index)));
		const { items } = await run({ resource: 'epcisEvent', operation: 'getMany', returnAll: true, options: { output: 'documents' } });
		expect(items).toHaveLength(2);
		expect(items[0].json).toMatchObject({ type: 'EPCISQueryDocument', schemaVersion: '2.0' });
		expect(validateSchema(items[0].json)).toEqual([]);
	});

	it('keeps the remote message of a parameter TrackVision refuses', async () => {
		const { error } = await run({ resource: 'epcisEvent', operation: 'getMany', returnAll: true, options: { parameters: { parameter: [{ name: 'EQ_unknownThing', value: 'x' }] } } });
		expect(error?.message).toMatch(/^TrackVision EPCIS API error 400: Invalid query parameter: The query parameter "EQ_unknownThing" is not supported/);
	});

	it('a failed page fails the whole read instead of returning fewer events', async () => {
		epcis.addEvents(Array.from({ length: 150 }, (_, index) => event(index)));
		sandbox.faults.inject({ service: 'epcis', method: 'GET', path: '/v2/epcis/events', kind: '500', skip: 1, times: 5 });
		const { error } = await run({ resource: 'epcisEvent', operation: 'getMany', returnAll: true });
		expect(error?.message).toMatch(/TrackVision EPCIS API error 500/);
	});
});

describe('Capture Job: Get and Get Many', () => {
	it('reads the capture jobs that Capture created', async () => {
		const captured = await run(commissioning(), { input: itemsOf(2) });
		const jobId = (captured.items[0].json.captureJobIds as string[])[0];
		const one = await run({ resource: 'captureJob', operation: 'get', captureJobId: { __rl: true, mode: 'id', value: jobId } });
		expect(one.error).toBeUndefined();
		expect(one.items[0].json).toMatchObject({ id: jobId, running: false, success: true, capture_error_behaviour: 'rollback' });
		const many = await run({ resource: 'captureJob', operation: 'getMany', returnAll: true, filters: { running: 'false', success: 'true' } });
		expect(many.items.map((item) => item.json.id)).toEqual([jobId]);
	});

	it('names the ID of a capture job that does not exist', async () => {
		const { error } = await run({ resource: 'captureJob', operation: 'get', captureJobId: { __rl: true, mode: 'id', value: '0f0f0f0f-0000-4000-a000-000000000000' } });
		expect(error?.message).toMatch(/The EPCIS capture job "0f0f0f0f-0000-4000-a000-000000000000" does not exist, or the token's role may not read it/);
	});
});

describe('example: completed workorder → every code commissioned in TrackVision EPCIS', () => {
	it('ships in the README exactly as npm run dev imports it, with the package node type names', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { codesToEpcisWorkflow } = require('../e2e/workflows') as { codesToEpcisWorkflow: (url: string, typeOf: (name: string) => string) => { name: string } };
		const example = codesToEpcisWorkflow('http://127.0.0.1:5703/events/traceability', (name) => `n8n-nodes-connected-packaging.${name}`);
		const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
		const blocks = [...readme.matchAll(/^```json\n([\s\S]*?)\n```$/gm)].map((match) => JSON.parse(match[1]) as { name: string });
		expect(blocks.find((block) => block.name === example.name)).toEqual(example);
	});
});
