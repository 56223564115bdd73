'use strict';
// The NeoDay Webhook Trigger in real n8n (`n8n start`), fed by the sandbox's
// sender of signed webhooks. A signed call to the production URL starts
// exactly one execution with one item per event; every wrong variant gets its
// status and starts none; "Listen for test event" takes a signed call on the
// test URL. n8n's own webhook server reads the body, so this is where the raw
// body the signature covers is proven to reach the node, on 2.41.1 and on
// 1.123.x (`npm run test:e2e:1x`).
const r = require('./n8n-runner');
const w = require('./workflows');
const { hasNodeType, newInstance, newSandbox, note, sinkEvents, waitFor } = require('./support');
const { EXAMPLE_EVENTS, neoDayWebhookRequest, sendNeoDayWebhook } = require('../sandbox/neoday-webhook');

const TRIGGER = 'neoDayWebhookTrigger';
const present = hasNodeType(TRIGGER);
if (!present) note(`skipping the NeoDay Webhook Trigger: node type ${w.nodeType(TRIGGER)} is not in the packed package yet`);

/** Every event, to the sink channel `neoday-webhook`. */
const ALL = { id: 'e2eNeoDayHook001', webhookId: '7c2b9f40-1d3e-4a5b-8c6d-0e1f2a3b4c01', channel: 'neoday-webhook' };
/** Survey answers only. */
const SURVEYS = { id: 'e2eNeoDayHook002', webhookId: '7c2b9f40-1d3e-4a5b-8c6d-0e1f2a3b4c02', channel: 'neoday-surveys' };

const both = [
	{ name: 'transaction-created', data: EXAMPLE_EVENTS['transaction-created'] },
	{ name: 'survey-answer-submitted', data: EXAMPLE_EVENTS['survey-answer-submitted'] },
];

let sandbox;
let inst;
let server;
let cookie;

const productionUrl = (webhookId) => `${server.url}/webhook/${webhookId}/neoday`;

async function executionsOf(workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	return (await r.rest(server.url, 'GET', `/executions?filter=${filter}`, { cookie })).body.data.results;
}

/** Waits until the workflow has `count` finished executions, then a little longer to see that no more come. */
async function settledExecutions(workflowId, count) {
	await waitFor(async () => (await executionsOf(workflowId)).filter((e) => !['new', 'running', 'waiting'].includes(e.status)).length >= count, {
		timeoutMs: 60_000,
		intervalMs: 500,
		what: `${count} finished executions of ${workflowId}`,
	});
	await new Promise((resolve) => setTimeout(resolve, 3000));
	return await executionsOf(workflowId);
}

beforeAll(async () => {
	if (!present) return;
	sandbox = await newSandbox();
	inst = newInstance();
	await r.importCredentials(inst, w.sandboxCredentials(sandbox.urls));
	const hook = ({ id, webhookId, channel }, parameters) =>
		w.triggerToSinkWorkflow({ id, name: `E2E NeoDay webhook ${channel}`, trigger: TRIGGER, credential: 'neoDayGatewayOAuth2Api', parameters, sinkUrl: sandbox.urls.sink, channel, webhookId });
	await r.importWorkflows(inst, [
		hook(ALL, { events: [], otherEvents: '' }),
		hook(SURVEYS, { events: ['survey-answer-submitted'], otherEvents: '' }),
		w.neoDayTransactionWorkflow(`${sandbox.urls.sink}/events/neoday-transactions`),
	]);
	server = await r.startN8n(inst);
	({ cookie } = await r.setupOwner(server.url));
	for (const id of [ALL.id, SURVEYS.id, 'exampleNeoDayTx1']) await r.activateWorkflow(server.url, cookie, id);
}, 180_000);

afterAll(async () => {
	await server?.stop();
	await sandbox?.close();
	if (inst) r.cleanupInstance(inst);
});

const maybe = present ? test : test.skip;

maybe('a signed call gets 200 and starts exactly one execution with one item per event', async () => {
	const answer = await sendNeoDayWebhook(productionUrl(ALL.webhookId), { events: both, locale: 'en_GB' });
	expect(answer.status).toBe(200);
	const executions = await settledExecutions(ALL.id, 1);
	expect(executions.map((e) => e.status)).toEqual(['success']);
	const received = await waitFor(async () => {
		const got = await sinkEvents(sandbox.urls, ALL.channel);
		return got.length >= 2 ? got : null;
	}, { timeoutMs: 30_000, what: 'both events at the sink' });
	expect(received.map((e) => e.body)).toEqual([
		{ name: 'transaction-created', data: EXAMPLE_EVENTS['transaction-created'], locale: 'en_GB' },
		{ name: 'survey-answer-submitted', data: EXAMPLE_EVENTS['survey-answer-submitted'], locale: 'en_GB' },
	]);
	// The trigger sends nothing of its own: the gateway never heard from n8n.
	expect(sandbox.requestsTo('neoday')).toHaveLength(0);
});

describe('wrong requests get their status and start no execution', () => {
	const cases = [
		['bad-signature', 401],
		['other-client', 401],
		['unsigned', 401],
		['tampered', 401],
		['not-json', 400],
		['too-large', 413],
		// n8n parses a body declared JSON before any node runs, and answers 422 itself.
		['malformed-json', 422],
	];
	const answers = {};

	beforeAll(async () => {
		if (!present) return;
		await settledExecutions(ALL.id, 1); // the signed call's execution is in
		for (const [variant] of cases) answers[variant] = await sendNeoDayWebhook(productionUrl(ALL.webhookId), { variant });
		// A multipart body: n8n parses the form and keeps no raw body, so there is nothing to verify.
		const { body, headers } = neoDayWebhookRequest();
		const form = new FormData();
		form.append('payload', new Blob([body], { type: 'application/json' }));
		const res = await fetch(productionUrl(ALL.webhookId), { method: 'POST', headers: { 'x-neoday-client-id': headers['x-neoday-client-id'], 'x-neoday-signature': headers['x-neoday-signature'] }, body: form });
		answers.multipart = { status: res.status, text: await res.text() };
	});

	(present ? test.each : test.skip.each)(cases)('%s: %i', (variant, status) => {
		expect(answers[variant].status).toBe(status);
		expect(answers[variant].text).not.toContain('sandbox-client-secret-7Qx9');
	});

	maybe('a multipart body is refused (400): its bytes as sent are not kept', () => {
		expect(answers.multipart.status).toBe(400);
	});

	maybe('none of them started an execution or reached the sink', async () => {
		const executions = await settledExecutions(ALL.id, 1);
		expect(executions).toHaveLength(1);
		expect(await sinkEvents(sandbox.urls, ALL.channel)).toHaveLength(2);
	});
});

maybe('Events: a call whose events are all filtered out gets 200 and starts nothing; a matching one starts one', async () => {
	const filtered = await sendNeoDayWebhook(productionUrl(SURVEYS.webhookId), { events: [both[0]] });
	expect(filtered.status).toBe(200);
	await new Promise((resolve) => setTimeout(resolve, 3000));
	expect(await executionsOf(SURVEYS.id)).toHaveLength(0);
	expect((await sendNeoDayWebhook(productionUrl(SURVEYS.webhookId), { events: both })).status).toBe(200);
	expect(await settledExecutions(SURVEYS.id, 1)).toHaveLength(1);
	const received = await waitFor(async () => {
		const got = await sinkEvents(sandbox.urls, SURVEYS.channel);
		return got.length ? got : null;
	}, { timeoutMs: 30_000, what: 'the survey event at the sink' });
	expect(received.map((e) => e.body.name)).toEqual(['survey-answer-submitted']);
});

maybe("the README's example: a transaction-created event becomes one message", async () => {
	const answer = await sendNeoDayWebhook(productionUrl(w.NEODAY_TRANSACTION_WEBHOOK_ID), { events: both, locale: 'de_DE' });
	expect(answer.status).toBe(200);
	const [message] = await waitFor(async () => {
		const got = await sinkEvents(sandbox.urls, 'neoday-transactions');
		return got.length ? got : null;
	}, { timeoutMs: 30_000, what: 'the message at the sink' });
	expect(message.body).toEqual({ text: 'NeoDay transaction mj1zlgp714al6iyzhjx5h0rjb: 100 points for user gylt92r3n6gtrt6ks4y1nxcpk (de_DE)' });
	await new Promise((resolve) => setTimeout(resolve, 2000));
	expect(await sinkEvents(sandbox.urls, 'neoday-transactions')).toHaveLength(1);
});

maybe('Listen for test event: a wrong call is refused and keeps listening; the signed call runs the workflow once', async () => {
	const workflowData = (await r.rest(server.url, 'GET', `/workflows/${ALL.id}`, { cookie })).body.data;
	// What the editor sends for "Listen for test event" (n8n 1.x reads workflowData; 2.x loads the workflow itself).
	const run = await r.rest(server.url, 'POST', `/workflows/${ALL.id}/run`, { cookie, body: { workflowData, triggerToStartFrom: { name: 'Trigger' } } });
	expect(run.body.data).toEqual({ waitingForWebhook: true });
	const testUrl = `${server.url}/webhook-test/${ALL.webhookId}/neoday`;
	expect((await sendNeoDayWebhook(testUrl, { variant: 'bad-signature' })).status).toBe(401);
	const before = (await sinkEvents(sandbox.urls, ALL.channel)).length;
	expect((await sendNeoDayWebhook(testUrl, { events: [both[1]] })).status).toBe(200);
	const received = await waitFor(async () => {
		const got = await sinkEvents(sandbox.urls, ALL.channel);
		return got.length > before ? got : null;
	}, { timeoutMs: 30_000, what: 'the test event at the sink' });
	expect(received.slice(before).map((e) => e.body)).toEqual([{ name: 'survey-answer-submitted', data: EXAMPLE_EVENTS['survey-answer-submitted'], locale: 'en_GB' }]);
	// The test URL served one call and stopped listening.
	expect((await sendNeoDayWebhook(testUrl)).status).toBe(404);
});
