'use strict';
// The polling triggers in real n8n: `n8n start` runs the scheduler. Each
// trigger's workflow (trigger → HTTP Request to the sandbox sink) is
// published over the REST API; then one event is created in the sandbox, and
// the sink must receive it exactly once.
//
// n8n's shortest poll interval is one minute (`everyMinute`, the same as
// `everyX` 1 minute; anything under a minute is refused), at a random second.
// So all triggers run at once in one server: about 2 minutes for the lot.
//
// A trigger is one entry in TRIGGERS. Entries whose node type is not in the
// packed package yet are skipped with a log line, so they can be written
// before their trigger is merged.
const r = require('./n8n-runner');
const w = require('./workflows');
const { hasNodeType, newInstance, newSandbox, note, sandboxCall, sandboxRequests, sinkEvents, waitFor } = require('./support');

/**
 * @typedef {object} TriggerCase
 * @property {string} title
 * @property {string} trigger      node name (type n8n-nodes-<service>.<trigger>)
 * @property {string} [channel]    sink channel, when two cases use the same trigger (default: the trigger)
 * @property {string} credential   credential type, from workflows.CREDENTIALS
 * @property {object} parameters   trigger parameters besides pollTimes
 * @property {[string, string]} polls  [sandbox service, path prefix] one poll requests, to see that a poll happened
 * @property {(urls: object) => Promise<string[]>} createEvent  creates one event; returns the IDs that identify it
 */

/** @type {TriggerCase[]} */
const TRIGGERS = [
	{
		title: 'Scantrust Trigger: Workorder Completed',
		trigger: 'scantrustTrigger',
		credential: 'scantrustApi',
		parameters: { event: 'workorderCompleted' },
		polls: ['scantrust', '/api/v2/workorders/'],
		async createEvent(urls) {
			const workorder = await sandboxCall(urls.scantrust, 'POST', '/__sandbox/scantrust/workorders', { reference: 'E2E-TRIGGER-1', complete: true });
			return [String(workorder.id)];
		},
	},
	{
		title: 'Scantrust Trigger: New Scan, counterfeit only',
		trigger: 'scantrustTrigger',
		channel: 'scantrust-new-scan',
		credential: 'scantrustApi',
		parameters: { event: 'newScan', campaignId: '543', filters: { flags: ['counterfeit'] } },
		polls: ['scantrust', '/api/v2/dashboard/scans/'],
		async createEvent(urls) {
			const [genuine, counterfeit] = await sandboxCall(urls.scantrust, 'POST', '/__sandbox/scantrust/scans', {
				campaign_id: 543,
				scans: [{ flags: [] }, { flags: ['counterfeit'] }],
			});
			expect(genuine.uuid).not.toBe(counterfeit.uuid);
			return [counterfeit.uuid];
		},
	},
	{
		// feature/nd-trigger: "New Export Result", all exports by default.
		title: 'NeoDay Trigger: New Export Result',
		trigger: 'neoDayTrigger',
		credential: 'neoDayGatewayOAuth2Api',
		parameters: {},
		polls: ['neoday', '/api/1/data-exporter/automated'],
		async createEvent(urls) {
			const [run] = await sandboxCall(urls.neoday, 'POST', '/__sandbox/neoday/exports/win-info/runs', {});
			return [run.id];
		},
	},
	{
		// feature/tv-trigger: a new check with a result, so either event of the trigger sees one new record.
		title: 'TrackVision Trigger: a new integrity check',
		trigger: 'trackVisionTrigger',
		credential: 'trackVisionApi',
		parameters: {},
		polls: ['trackvision', '/items/'],
		async createEvent(urls) {
			const [check] = await sandboxCall(urls.trackvision, 'POST', '/__sandbox/trackvision/checks', {
				code: 'E2E-TRIGGER-1',
				result: { result: 'duplicated', status: 'new', check_source: 'inspector' },
			});
			return [check.id, check.result?.id].filter(Boolean);
		},
	},
	{
		title: 'TrackVision Trigger: a new EPCIS event',
		trigger: 'trackVisionTrigger',
		channel: 'trackvision-epcis',
		credential: 'trackVisionApi',
		parameters: { event: 'newEpcisEvent', filters: { bizSteps: 'shipping' } },
		polls: ['epcis', '/v2/epcis/events'],
		async createEvent(urls) {
			const event = (bizStep, serial) => ({
				type: 'ObjectEvent',
				eventTime: new Date().toISOString(),
				eventTimeZoneOffset: '+00:00',
				action: 'OBSERVE',
				bizStep,
				epcList: [`https://id.gs1.org/01/09521234543213/21/${serial}`],
			});
			const [, shipped] = await sandboxCall(urls.epcis, 'POST', '/__sandbox/epcis/events', [event('receiving', 'E2E-RCV'), event('shipping', 'E2E-SHP')]);
			return [shipped.eventID];
		},
	},
];

const DELIVERY_TIMEOUT_MS = 150_000;

const present = TRIGGERS.filter((t) => hasNodeType(t.trigger));
for (const t of TRIGGERS) {
	if (!present.includes(t)) note(`skipping "${t.title}": node type ${w.nodeType(t.trigger)} is not in the packed package yet`);
}

let sandbox;
let inst;
let server;
/** title -> promise of { events, matching, ms } */
const outcomes = new Map();

const channelOf = (t) => t.channel ?? t.trigger;
const workflowIdOf = (t) => `e2eTrigger${String(TRIGGERS.indexOf(t)).padStart(6, '0')}`;

/** Waits for the event, then for one more poll of the same trigger, and returns what the sink holds. */
async function watch(t, ids, createdAt) {
	const [service, pollPath] = t.polls;
	const polls = async () => (await sandboxRequests(sandbox.urls, service, pollPath)).length;
	const events = await waitFor(async () => {
		const got = await sinkEvents(sandbox.urls, channelOf(t));
		return got.length ? got : null;
	}, { timeoutMs: DELIVERY_TIMEOUT_MS, what: `"${t.title}" to reach the sink` });
	const ms = events[0].at - createdAt;
	// A second delivery could only come from a later poll: wait for one, plus time for its execution.
	const seen = await polls();
	await waitFor(async () => (await polls()) > seen, { timeoutMs: DELIVERY_TIMEOUT_MS, what: `another poll of "${t.title}"` });
	await new Promise((resolve) => setTimeout(resolve, 5000));
	const all = await sinkEvents(sandbox.urls, channelOf(t));
	const matching = all.filter((e) => ids.some((id) => JSON.stringify(e.body).includes(id)));
	return { events: all, matching, ms };
}

beforeAll(async () => {
	if (!present.length) return;
	sandbox = await newSandbox();
	inst = newInstance();
	await r.importCredentials(inst, w.sandboxCredentials(sandbox.urls));
	await r.importWorkflows(
		inst,
		present.map((t) =>
			w.triggerToSinkWorkflow({
				id: workflowIdOf(t),
				name: `E2E ${t.title}`,
				trigger: t.trigger,
				credential: t.credential,
				parameters: t.parameters,
				sinkUrl: sandbox.urls.sink,
				channel: channelOf(t),
			}),
		),
	);
	server = await r.startN8n(inst);
	const { cookie } = await r.setupOwner(server.url);
	// Publishing runs each trigger's first poll, which takes the baseline.
	await Promise.all(present.map((t) => r.activateWorkflow(server.url, cookie, workflowIdOf(t))));
	for (const t of present) {
		const createdAt = Date.now();
		const ids = await t.createEvent(sandbox.urls);
		const outcome = watch(t, ids, createdAt).then((o) => ({ ...o, ids, cookie }));
		outcome.catch(() => {}); // awaited by its test
		outcomes.set(t.title, outcome);
	}
}, 300_000);

afterAll(async () => {
	await server?.stop();
	await sandbox?.close();
	if (inst) r.cleanupInstance(inst);
});

describe.each(TRIGGERS.map((t) => [t.title, t]))('%s', (title, t) => {
	(present.includes(t) ? test : test.skip)(
		'a published workflow delivers one new event to the sink exactly once',
		async () => {
			const { events, matching, ms, cookie } = await outcomes.get(title);
			note(`${title}: delivered ${Math.round(ms / 1000)} s after the event was created`);
			expect(matching).toHaveLength(1);
			expect(events).toHaveLength(1); // nothing from the history before publishing
			const executions = (await r.rest(server.url, 'GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: workflowIdOf(t) }))}`, { cookie })).body.data;
			expect(executions.results.map((e) => e.status)).toEqual(['success']);
		},
		2 * DELIVERY_TIMEOUT_MS + 30_000,
	);
});
