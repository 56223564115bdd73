'use strict';
// Our package in n8n's queue mode: Redis, Postgres, one main and two workers
// (./cluster.js), against the sandbox. Which process ran an execution comes
// from the debug logs: the main logs "Enqueued execution N", the worker that
// takes it "Worker started execution N".
//
// One cluster for the whole file: the cases run in order, the trigger case
// last (it kills and restarts a worker).
const path = require('path');
const r = require('../n8n-runner');
const w = require('../workflows');
const q = require('./workflows');
const { startCluster } = require('./cluster');
const { publishedNodeType } = require('../../packages/packages');
const { packagesDir, newSandbox, note, sandboxCall, sandboxRequests, sinkEvents, waitFor } = require('../support');
const { EXAMPLE_EVENTS, sendNeoDayWebhook } = require('../../sandbox/neoday-webhook');

/** N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE for the cluster, in MiB: above the small exports, below the 49.6 MB one. */
const MAX_FILE_MIB = 20;
const PARALLEL_NEODAY = 200;
const CONCURRENCY = 5;
const WORKERS = ['w1', 'w2'];

const NEODAY_PARALLEL_CREDENTIAL = { id: 'queueNeoDay00001', name: 'NeoDay sandbox (parallel runs)' };

const TRIGGERS = [
	{
		title: 'Scantrust Trigger: Workorder Completed',
		trigger: 'scantrustTrigger',
		credential: 'scantrustApi',
		parameters: { event: 'workorderCompleted' },
		polls: ['scantrust', '/api/v2/workorders/'],
		async createEvent(urls, round) {
			const workorder = await sandboxCall(urls.scantrust, 'POST', '/__sandbox/scantrust/workorders', { reference: `QUEUE-TRIGGER-${round}`, complete: true });
			return String(workorder.id);
		},
	},
	{
		title: 'NeoDay Trigger: New Export Result',
		trigger: 'neoDayTrigger',
		credential: 'neoDayGatewayOAuth2Api',
		parameters: {},
		polls: ['neoday', '/api/1/data-exporter/automated'],
		async createEvent(urls) {
			const [run] = await sandboxCall(urls.neoday, 'POST', '/__sandbox/neoday/exports/win-info/runs', {});
			return run.id;
		},
	},
	{
		title: 'TrackVision Trigger: New Integrity Check',
		trigger: 'trackVisionTrigger',
		credential: 'trackVisionApi',
		parameters: {},
		polls: ['trackvision', '/items/'],
		async createEvent(urls, round) {
			const [check] = await sandboxCall(urls.trackvision, 'POST', '/__sandbox/trackvision/checks', { code: `QUEUE-TRIGGER-${round}` });
			return check.id;
		},
	},
];
const triggerWorkflowId = (t) => `queueTrigger${String(TRIGGERS.indexOf(t)).padStart(4, '0')}`;

/** NeoDay Webhook Trigger → sink: every event, answered by the main, run on a worker. */
const NEODAY_HOOK = { id: 'queueNeoDayHook1', webhookId: '3a9e7d52-6b1c-4f08-9d2e-5c7b1a0f8e01', channel: 'queue-neoday-webhook' };

let sandbox;
let cluster;
let cookie;
let flatted;
const figures = {};

const workflowsToPublish = [];

beforeAll(async () => {
	sandbox = await newSandbox();
	cluster = await startCluster({
		packagesDir: packagesDir(),
		workers: WORKERS,
		concurrency: CONCURRENCY,
		env: { N8N_DEFAULT_BINARY_DATA_MODE: 'database', N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE: String(MAX_FILE_MIB) },
	});
	const { inst } = cluster.main;
	flatted = require(path.join(inst.n8nDir, 'node_modules', 'flatted'));
	await r.importCredentials(inst, [
		...w.sandboxCredentials(sandbox.urls),
		{
			...NEODAY_PARALLEL_CREDENTIAL,
			type: 'neoDayGatewayOAuth2Api',
			data: { gatewayUrl: sandbox.urls.neoday, clientId: 'sandbox-client', clientSecret: 'sandbox-client-secret-7Qx9' },
		},
	]);
	workflowsToPublish.push(
		...q.actionWorkflows(),
		q.exportThenReadWorkflow({ id: 'queueCsvSmall001', campaignId: 126 }),
		q.exportThenReadWorkflow({ id: 'queueCsvLarge001', campaignId: 777 }),
		q.neoDayListWorkflow({ id: 'queueNeoDay200x1', credential: NEODAY_PARALLEL_CREDENTIAL }),
		w.triggerToSinkWorkflow({
			id: NEODAY_HOOK.id,
			name: 'Queue NeoDay Webhook Trigger',
			trigger: 'neoDayWebhookTrigger',
			credential: 'neoDayGatewayOAuth2Api',
			parameters: { events: [], otherEvents: '' },
			sinkUrl: sandbox.urls.sink,
			channel: NEODAY_HOOK.channel,
			webhookId: NEODAY_HOOK.webhookId,
		}),
	);
	const triggerWorkflows = TRIGGERS.map((t) =>
		w.triggerToSinkWorkflow({ id: triggerWorkflowId(t), name: `Queue ${t.title}`, trigger: t.trigger, credential: t.credential, parameters: t.parameters, sinkUrl: sandbox.urls.sink, channel: t.trigger }),
	);
	await r.importWorkflows(inst, [...workflowsToPublish, ...triggerWorkflows]);
	figures.startMs = await cluster.start();
	note(`queue cluster up in ${(figures.startMs / 1000).toFixed(1)} s: main ${cluster.main.url}, workers ${WORKERS.join(', ')} (own hostnames: ${cluster.ownHostname}), Redis :${cluster.redisPort}, Postgres :${cluster.pgPort}`);
	({ cookie } = await r.setupOwner(cluster.main.url));
	for (const workflow of workflowsToPublish) await r.activateWorkflow(cluster.main.url, cookie, workflow.id);
}, 600_000); // the cluster alone took 164 s on the loaded shared machine

afterAll(async () => {
	await cluster?.stop();
	await sandbox?.close();
	note(`queue figures: ${JSON.stringify(figures)}`);
});

const rest = (method, urlPath, body) => r.rest(cluster.main.url, method, urlPath, { cookie, body });

/** A workflow's executions, newest first, from the database (the REST list stops at 100). */
async function executionsOf(workflowId) {
	return cluster.sql(`SELECT id, status FROM execution_entity WHERE "workflowId" = '${workflowId}' ORDER BY id DESC`).map(([id, status]) => ({ id, status }));
}

/** The execution with its run data (n8n keeps it `flatted`). */
async function execution(id) {
	const data = (await rest('GET', `/executions/${id}`)).body.data;
	return { ...data, data: typeof data.data === 'string' ? flatted.parse(data.data) : data.data };
}

async function callWebhook(workflowId, body = {}) {
	const res = await fetch(`${cluster.main.url}/webhook/${workflowId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await res.text();
	if (!res.ok) throw new Error(`webhook ${workflowId} -> ${res.status}: ${text}`);
	return text ? JSON.parse(text) : undefined;
}

/** Starts a workflow through its webhook and waits until its one execution has finished. */
async function runToEnd(workflowId, { timeoutMs = 180_000 } = {}) {
	await callWebhook(workflowId);
	const done = await waitFor(
		async () => {
			const [latest] = await executionsOf(workflowId);
			return latest && !['new', 'running', 'waiting'].includes(latest.status) ? latest : null;
		},
		{ timeoutMs, intervalMs: 500, what: `an execution of ${workflowId} to finish` },
	);
	return await execution(done.id);
}

const runData = (exec) => exec.data.resultData.runData;

/** Exactly one worker ran the execution, and the main enqueued it: returns that worker. */
function ranOnOneWorker(executionId) {
	const ran = cluster.workersOf(executionId);
	expect(ran).toHaveLength(1);
	expect(cluster.mainLog()).toMatch(new RegExp(`Enqueued execution ${executionId}\\b`));
	return ran[0];
}


test('every action node runs its workflow on a worker', async () => {
	const ours = new Set(['scantrust', 'trackVision', 'neoDay'].map(publishedNodeType));
	const workflows = q.actionWorkflows();
	const executions = await Promise.all(workflows.map((workflow) => runToEnd(workflow.id)));
	workflows.forEach((workflow, i) => {
		const exec = executions[i];
		const nodes = workflow.nodes.filter((node) => ours.has(node.type));
		expect({ workflow: workflow.id, status: exec.status, error: exec.data.resultData.error?.message }).toEqual({ workflow: workflow.id, status: 'success', error: undefined });
		for (const node of nodes) {
			const [run] = runData(exec)[node.name] ?? [];
			expect({ node: node.name, ran: !!run, error: run?.error?.message }).toEqual({ node: node.name, ran: true, error: undefined });
		}
		const worker = ranOnOneWorker(exec.id);
		note(`${workflow.name}: execution ${exec.id} (${nodes.length} nodes of ours) ran on worker ${worker}`);
	});
	// The NeoDay export saved as a file went to the database binary store and the main serves it whole.
	const neoDay = executions[workflows.findIndex((workflow) => workflow.id === 'demoNeoDay000001')];
	const [fileItem] = runData(neoDay)['All-time file'][0].data.main[0];
	expect(fileItem.binary.data.id).toMatch(/^database:/);
	const res = await fetch(`${cluster.main.url}/rest/binary-data?id=${encodeURIComponent(fileItem.binary.data.id)}&action=download`, { headers: { cookie, 'browser-id': 'e2e-browser-id' } });
	expect(res.status).toBe(200);
	expect(JSON.parse(await res.text()).win_info).toHaveLength(100_000);
}, 300_000);

describe('Scans Export CSV with binary data in the database (N8N_DEFAULT_BINARY_DATA_MODE=database)', () => {
	test(`a CSV under N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE (${MAX_FILE_MIB} MiB) is stored and read by the next node`, async () => {
		const exec = await runToEnd('queueCsvSmall001');
		expect(exec.status).toBe('success');
		const [exported] = runData(exec)['Export CSV'][0].data.main[0];
		expect(exported.binary.data).toEqual(expect.objectContaining({ id: expect.stringMatching(/^database:/), mimeType: 'text/csv' }));
		const rows = runData(exec)['Read the CSV'][0].data.main[0].map((item) => item.json);
		expect(rows).toHaveLength(30);
		expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['scan.uuid', 'scan.datetime']));
		note(`small CSV (${exported.binary.data.fileSize}) stored as ${exported.binary.data.id.split(':')[0]}, 30 rows read by Extract From File on ${ranOnOneWorker(exec.id)}`);
	});

	test('a CSV over the limit fails with an error naming N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE, and no file passes on', async () => {
		const exec = await runToEnd('queueCsvLarge001');
		expect(exec.status).toBe('error');
		const [exportRun] = runData(exec)['Export CSV'];
		expect(exportRun.error.message).toMatch(/N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE/);
		expect(exportRun.error.message).not.toMatch(/Could not reach/);
		expect(exportRun.data?.main?.[0] ?? []).toHaveLength(0);
		expect(runData(exec)['Read the CSV']).toBeUndefined();
		// nothing of the file is kept in the store for this execution
		expect(cluster.sql(`SELECT count(*) FROM binary_data WHERE "sourceId" = '${exec.id}'`)).toEqual([['0']]);
		note(`large CSV on ${ranOnOneWorker(exec.id)}: "${exportRun.error.message}"`);
	});
});

test(`${PARALLEL_NEODAY} parallel NeoDay executions over both workers make a bounded number of token requests`, async () => {
	const before = (await sandboxCall(sandbox.urls.neoday, 'GET', '/__sandbox/neoday/token-requests')).count;
	const started = Date.now();
	const answers = await Promise.all(Array.from({ length: PARALLEL_NEODAY }, () => callWebhook('queueNeoDay200x1')));
	figures.parallelNeoDayMs = Date.now() - started;
	expect(answers.every((answer) => typeof answer?.system_name === 'string')).toBe(true);
	const tokenRequests = (await sandboxCall(sandbox.urls.neoday, 'GET', '/__sandbox/neoday/token-requests')).count - before;

	const executions = await waitFor(
		async () => {
			const list = await executionsOf('queueNeoDay200x1');
			return list.length >= PARALLEL_NEODAY && list.every((e) => e.status === 'success') ? list : null;
		},
		{ timeoutMs: 60_000, what: `${PARALLEL_NEODAY} successful executions` },
	);
	const perWorker = Object.fromEntries(WORKERS.map((name) => [name, 0]));
	for (const e of executions) for (const name of cluster.workersOf(e.id)) perWorker[name] += 1;
	figures.parallelNeoDay = { executions: executions.length, perWorker, tokenRequests, seconds: figures.parallelNeoDayMs / 1000 };
	note(`${PARALLEL_NEODAY} parallel NeoDay executions: ${JSON.stringify(perWorker)} per worker, ${tokenRequests} token requests, ${(figures.parallelNeoDayMs / 1000).toFixed(1)} s`);
	expect(executions).toHaveLength(PARALLEL_NEODAY);
	for (const name of WORKERS) expect(perWorker[name]).toBeGreaterThan(0);
	// The token is cached in the credential: only executions that start before the first token is saved ask for one,
	// at most one per execution slot of the cluster.
	expect(tokenRequests).toBeGreaterThanOrEqual(1);
	expect(tokenRequests).toBeLessThanOrEqual(WORKERS.length * CONCURRENCY);
	const gatewayCalls = await sandboxRequests(sandbox.urls, 'neoday', '/api/1/data-exporter/automated');
	expect(gatewayCalls.filter((call) => call.headers.authorization?.startsWith('Bearer ')).length).toBeGreaterThanOrEqual(PARALLEL_NEODAY);
}, 300_000);

test('a signed NeoDay webhook to the main runs on one worker, exactly once; a forged one runs nowhere', async () => {
	const url = `${cluster.main.url}/webhook/${NEODAY_HOOK.webhookId}/neoday`;
	const events = [
		{ name: 'transaction-created', data: EXAMPLE_EVENTS['transaction-created'] },
		{ name: 'survey-answer-submitted', data: EXAMPLE_EVENTS['survey-answer-submitted'] },
	];
	expect((await sendNeoDayWebhook(url, { variant: 'bad-signature', events })).status).toBe(401);
	expect((await sendNeoDayWebhook(url, { events })).status).toBe(200);
	const [done] = await waitFor(
		async () => {
			const list = await executionsOf(NEODAY_HOOK.id);
			return list.length && list.every((e) => !['new', 'running', 'waiting'].includes(e.status)) ? list : null;
		},
		{ timeoutMs: 60_000, intervalMs: 500, what: 'the NeoDay webhook execution to finish' },
	);
	await new Promise((resolve) => setTimeout(resolve, 5000)); // time for a second execution, were there one
	const executions = await executionsOf(NEODAY_HOOK.id);
	expect(executions).toEqual([{ id: done.id, status: 'success' }]);
	const worker = ranOnOneWorker(done.id);
	const received = await sinkEvents(sandbox.urls, NEODAY_HOOK.channel);
	expect(received.map((e) => e.body)).toEqual(events.map((event) => ({ ...event, locale: 'en_GB' })));
	note(`NeoDay webhook: execution ${done.id} with ${received.length} items ran on worker ${worker}; the forged call started none`);
}, 120_000);

describe('polling triggers on the main, executions on the workers', () => {
	const DELIVERY_TIMEOUT_MS = 150_000;
	const delivered = async (t, id) => (await sinkEvents(sandbox.urls, t.trigger)).filter((e) => JSON.stringify(e.body).includes(id));
	const waitDelivered = (t, id) => waitFor(async () => (await delivered(t, id)).length > 0, { timeoutMs: DELIVERY_TIMEOUT_MS, what: `"${t.title}" to deliver ${id}` });

	test('each trigger fires each new event exactly once, also while a worker is killed and restarted', async () => {
		await sandboxCall(sandbox.urls.sink, 'DELETE', '/__sandbox/requests'); // the log keeps the last 5,000 requests: start counting polls from zero
		// Publishing runs each trigger's first poll on the main, which takes the baseline.
		for (const t of TRIGGERS) await r.activateWorkflow(cluster.main.url, cookie, triggerWorkflowId(t));
		expect(cluster.mainLog()).toMatch(/Registered cron/);

		// Round 1: events created, then worker w1 is killed (SIGKILL) before the next poll; w2 alone runs the executions.
		const round1 = await Promise.all(TRIGGERS.map((t) => t.createEvent(sandbox.urls, 1)));
		await cluster.worker('w1').kill();
		await Promise.all(TRIGGERS.map((t, i) => waitDelivered(t, round1[i])));
		// Round 2: w1 back; the next events go through the restarted cluster.
		await cluster.worker('w1').start();
		const round2 = await Promise.all(TRIGGERS.map((t) => t.createEvent(sandbox.urls, 2)));
		await Promise.all(TRIGGERS.map((t, i) => waitDelivered(t, round2[i])));

		// A second delivery could only come from a later poll: wait for one more poll of every trigger, plus its execution.
		const pollCounts = () => Promise.all(TRIGGERS.map(async (t) => (await sandboxRequests(sandbox.urls, ...t.polls)).length));
		const seen = await pollCounts();
		await waitFor(async () => (await pollCounts()).every((count, i) => count > seen[i]), { timeoutMs: DELIVERY_TIMEOUT_MS, what: 'one more poll of every trigger' });
		await new Promise((resolve) => setTimeout(resolve, 5000));

		for (const [i, t] of TRIGGERS.entries()) {
			expect({ trigger: t.title, round1: (await delivered(t, round1[i])).length, round2: (await delivered(t, round2[i])).length }).toEqual({ trigger: t.title, round1: 1, round2: 1 });
			expect((await sinkEvents(sandbox.urls, t.trigger)).length).toBe(2);
			const executions = await executionsOf(triggerWorkflowId(t));
			expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
			note(`${t.title}: events ${round1[i]} and ${round2[i]} delivered once each; executions ${executions.map((e) => `${e.id} on ${cluster.workersOf(e.id).join('+') || '?'}`).join(', ')}`);
		}
	}, 600_000);
});
