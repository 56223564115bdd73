'use strict';
// The same behaviour on every n8n we support (`npm run test:e2e` on 2.41.x,
// `npm run test:e2e:1x` on 1.123.x): a remote error keeps the API's own
// message and status, a 429's Retry-After is waited out (in seconds and as an
// HTTP date), and a connection that breaks is retried by the node itself, for
// one operation of each service and for NeoDay's keyed POSTs. What reached
// the sandbox, and when, is checked as well as what the nodes put out.
const r = require('./n8n-runner');
const w = require('./workflows');
const { executeOk, newInstance, newSandbox, nodeOutput } = require('./support');

const USER = 'r8d0h8nfx09w23o64g63rvk7q';
const OTHER_USER = 'gfi80lee86qbl98axhb7jboc4';
const MISSING_CHECK = '0f0f0f0f-0000-4000-a000-000000000000';
const READONLY = { id: 'e2eTrackVisionRO', name: 'TrackVision read-only', type: 'trackVisionApi' };
const PREDEFINED = '/api/1/coupon/predefined-code/consume';
const UNLIMITED = '/api/1/coupon/unlimited-single-code/consume';
const eventPath = (user, name) => `/api/1/terminal/${user}/events/${name}`;

let sandbox;
let inst;

const step = (name, type, credential, parameters) => ({ name, type, credential, parameters });
const neoDay = (name, parameters) => step(name, 'neoDay', 'neoDayGatewayOAuth2Api', parameters);
const sendEvent = (user, eventName) => ({ resource: 'customEvent', operation: 'send', eventName, userId: user, eventData: '{"scan_uuid": "e2e-fidelity"}' });

/** Every step goes on after an error, so one execution shows every case's outcome. */
function keepGoing(workflow) {
	for (const node of workflow.nodes.slice(1)) node.onError = 'continueRegularOutput';
	return workflow;
}

/**
 * Steps run in order, top to bottom (execution order v1). A fault applies to
 * the first request that matches it, so a step with a fault comes before any
 * other step on the same path.
 */
function fidelityWorkflow() {
	const workflow = w.manualWorkflow({
		id: 'e2eFidelity00001',
		name: 'Remote errors, Retry-After and resets',
		steps: [
			step('Scantrust 429', 'scantrust', 'scantrustApi', { resource: 'workorder', operation: 'get', workorderId: 5004 }),
			step('Scantrust reset', 'scantrust', 'scantrustApi', { resource: 'product', operation: 'getMany', returnAll: true }),
			step('Scantrust 404', 'scantrust', 'scantrustApi', { resource: 'workorder', operation: 'get', workorderId: 4242 }),
			step('TrackVision 429 date', 'trackVision', 'trackVisionApi', { resource: 'integrityCheck', operation: 'getMany', returnAll: false, limit: 1 }),
			step('TrackVision reset', 'trackVision', 'trackVisionApi', { resource: 'scanEvent', operation: 'getMany', returnAll: false, limit: 1 }),
			step('TrackVision 403', 'trackVision', 'trackVisionApi', { resource: 'integrityCheck', operation: 'get', checkId: w.locator(MISSING_CHECK) }),
			step('TrackVision 403 read-only', 'trackVision', 'trackVisionApi', { resource: 'integrityCheck', operation: 'delete', checkId: w.locator(MISSING_CHECK) }),
			neoDay('Consume 429', { resource: 'coupon', operation: 'consume', ticketIssuer: 'unlimitedSingleCode', code: 'WELCOME10', userId: USER }),
			neoDay('Consume reset', { resource: 'coupon', operation: 'consume', ticketIssuer: 'predefinedCode', code: 'GENUINE-0001', reference: 'genuine-reward' }),
			neoDay('Consume 404', { resource: 'coupon', operation: 'consume', ticketIssuer: 'predefinedCode', code: 'NO-SUCH-CODE', reference: 'genuine-reward' }),
			neoDay('Event 429 date', sendEvent(USER, 'genuine_scan')),
			neoDay('Event early close', sendEvent(OTHER_USER, 'genuine_scan')),
			neoDay('Event 404', sendEvent(USER, 'not_defined')),
		],
	});
	workflow.nodes.find((node) => node.name === 'TrackVision 403 read-only').credentials = { trackVisionApi: { id: READONLY.id, name: READONLY.name } };
	return keepGoing(workflow);
}

beforeAll(async () => {
	sandbox = await newSandbox();
	inst = newInstance();
	await r.importCredentials(inst, [...w.sandboxCredentials(sandbox.urls), { ...READONLY, data: { url: sandbox.urls.trackvision, token: 'sandbox-tv-readonly' } }]);
	await r.importWorkflows(inst, [fidelityWorkflow()]);
}, 120_000);

afterAll(async () => {
	await sandbox?.close();
	r.cleanupInstance(inst);
});

/** The requests of one step, and the pause between its first and second. */
function attempts(service, path, method) {
	const requests = sandbox.requestsTo(service, path).filter((request) => request.path === path && (!method || request.method === method));
	return { requests, gapMs: requests.length > 1 ? requests[1].at - requests[0].at : undefined };
}

test(`every service keeps the API's message and status, waits out Retry-After and retries a reset`, async () => {
	// Seconds, and an HTTP date two seconds ahead (rounded up to the whole second).
	sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/workorders/5004/', kind: '429', retryAfter: 2 });
	sandbox.faults.inject({ service: 'trackvision', path: '/items/integrity_check', kind: '429', retryAfter: 2, retryAfterDate: true });
	sandbox.faults.inject({ service: 'neoday', method: 'POST', path: UNLIMITED, kind: '429', retryAfter: 2 });
	sandbox.faults.inject({ service: 'neoday', method: 'POST', path: eventPath(USER, 'genuine_scan'), kind: '429', retryAfter: 2, retryAfterDate: true });
	// A reset before any answer, on GETs; on keyed POSTs, after the gateway applied them: the answer is lost.
	sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/products/', kind: 'reset' });
	sandbox.faults.inject({ service: 'trackvision', path: '/items/scan_event', kind: 'reset' });
	sandbox.faults.inject({ service: 'neoday', method: 'POST', path: PREDEFINED, kind: 'commitThenReset' });
	// Headers sent, then the connection closes before the body.
	sandbox.faults.inject({ service: 'neoday', method: 'POST', path: eventPath(OTHER_USER, 'genuine_scan'), kind: 'drop', afterBytes: 0 });

	const result = await executeOk(inst, 'e2eFidelity00001');
	const output = (name) => nodeOutput(result, name).map((item) => item.json);

	// The remote's own message and status, as 2.x has always shown them.
	expect(output('Scantrust 404')).toEqual([expect.objectContaining({ error: 'Scantrust API error 404: Not found.' })]);
	// Directus answers 403 for a missing item, to an admin too.
	const directus = "(TrackVision API error 403: You don't have permission to access this. [FORBIDDEN])";
	expect(output('TrackVision 403')[0].error).toBe(`The integrity check "${MISSING_CHECK}" does not exist, or the token's role may not read it ${directus}`);
	expect(output('TrackVision 403 read-only')[0].error).toBe(
		`The integrity check "${MISSING_CHECK}" does not exist, or the token's role may not delete it ${directus}`,
	);
	expect(output('Consume 404')[0].error).toBe('NeoDay API error 404: No code "NO-SUCH-CODE" under the reference "genuine-reward".');
	expect(output('Event 404')[0].error).toBe('NeoDay API error 404: Event "not_defined" is not defined.');

	// Retry-After: the second attempt waited the two seconds asked for, and succeeded.
	const scantrust429 = attempts('scantrust', '/api/v2/workorders/5004/');
	const trackVision429 = attempts('trackvision', '/items/integrity_check', 'GET');
	const consume429 = attempts('neoday', UNLIMITED);
	const event429 = attempts('neoday', eventPath(USER, 'genuine_scan'));
	for (const { requests, gapMs } of [scantrust429, trackVision429, consume429, event429]) {
		expect(requests).toHaveLength(2);
		expect(gapMs).toBeGreaterThanOrEqual(1900);
	}
	expect(output('Scantrust 429')[0].id).toBe(5004);
	expect(output('TrackVision 429 date')).toHaveLength(1);
	expect(output('Consume 429')[0]).toEqual(expect.objectContaining({ consumed: true }));
	expect(output('Event 429 date')[0]).toEqual(expect.objectContaining({ accepted: true }));
	// A keyed POST sent again carries the same key.
	expect(consume429.requests[1].headers['idempotency-key']).toBe(consume429.requests[0].headers['idempotency-key']);
	expect(event429.requests[1].headers['idempotency-key']).toBe(event429.requests[0].headers['idempotency-key']);

	// Resets: the node sent each request again itself (no step has Retry On Fail), and each write was applied once.
	expect(attempts('scantrust', '/api/v2/products/').requests).toHaveLength(2);
	expect(output('Scantrust reset').length).toBeGreaterThan(0);
	expect(attempts('trackvision', '/items/scan_event').requests).toHaveLength(2);
	expect(output('TrackVision reset')).toHaveLength(1);
	for (const [name, path, field] of [
		['Consume reset', PREDEFINED, 'consumed'],
		['Event early close', eventPath(OTHER_USER, 'genuine_scan'), 'accepted'],
	]) {
		const { requests } = attempts('neoday', path);
		// The keyed step's requests: the lost one and the one sent again (Consume 404 comes after, on the same path).
		expect(requests[1].headers['idempotency-key']).toBe(requests[0].headers['idempotency-key']);
		expect(output(name)[0]).toEqual(expect.objectContaining({ [field]: true, idempotency_key: requests[0].headers['idempotency-key'] }));
	}
	expect(sandbox.neoday.consumptions.filter((entry) => entry.code === 'GENUINE-0001')).toHaveLength(1);
	expect(sandbox.neoday.events.filter((event) => event.user_id === OTHER_USER)).toHaveLength(1);
	expect(sandbox.neoday.replays).toBe(2);
});
