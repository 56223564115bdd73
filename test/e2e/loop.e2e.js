'use strict';
// The loop from printed codes to traceability in real n8n (`n8n start`): the README's example
// workflow (Scantrust Trigger, workorder completed → Download Codes → unzip → one item per code
// → TrackVision EPCIS Capture, one commissioning ObjectEvent per code in batches, waiting for the
// capture jobs → a Slack-style message to the sandbox sink) is published; then a workorder of
// 230 codes completes in the sandbox. Every code must arrive in TrackVision's EPCIS store as
// exactly one commissioning event, and the message must give the counts.
const r = require('./n8n-runner');
const w = require('./workflows');
const { readZip } = require('../sandbox/zip');
const { hasNodeType, newInstance, newSandbox, note, sandboxCall, sinkEvents, waitFor } = require('./support');

const CODES = 230;
const CHANNEL = 'traceability';
const present = ['scantrustTrigger', 'scantrust', 'trackVision'].every(hasNodeType);

let sandbox;
let inst;
let server;

beforeAll(async () => {
	if (!present) return;
	sandbox = await newSandbox();
	inst = newInstance();
	await r.importCredentials(inst, w.sandboxCredentials(sandbox.urls));
	await r.importWorkflows(inst, [w.codesToEpcisWorkflow(`${sandbox.urls.sink}/events/${CHANNEL}`)]);
	server = await r.startN8n(inst);
}, 300_000);

afterAll(async () => {
	await server?.stop();
	await sandbox?.close();
	if (inst) r.cleanupInstance(inst);
});

/** The Full URL column of the workorder's codes.csv, read from its codes file as the sandbox serves it. */
async function codesOf(workorder) {
	const response = await fetch(workorder.codegen_file);
	const files = readZip(Buffer.from(await response.arrayBuffer()));
	const [header, ...rows] = files['codes.csv'].toString('utf8').trim().split('\n');
	const column = header.split(',').indexOf('Full URL');
	return rows.map((row) => row.split(',')[column]);
}

(present ? test : test.skip)(
	'a completed workorder commissions every code as exactly one EPCIS event, and the message gives the counts',
	async () => {
		const { cookie } = await r.setupOwner(server.url);
		// Publishing runs the trigger's first poll, which takes the baseline.
		await r.activateWorkflow(server.url, cookie, 'exampleCodesEpcs');
		const workorder = await sandboxCall(sandbox.urls.scantrust, 'POST', '/__sandbox/scantrust/workorders', {
			reference: 'E2E-LOOP-1',
			quantity: CODES,
			complete: true,
		});
		const codes = await codesOf(workorder);
		expect(codes).toHaveLength(CODES);

		const [message] = await waitFor(async () => {
			const got = await sinkEvents(sandbox.urls, CHANNEL);
			return got.length ? got : null;
		}, { timeoutMs: 180_000, what: 'the loop to post its message' });
		note(`loop: ${message.body.text}`);
		expect(message.body.text).toBe(
			`:package: Workorder E2E-LOOP-1 (${workorder.id}): ${CODES} codes commissioned in TrackVision, ${CODES} confirmed, 0 not confirmed, in 3 capture jobs.`,
		);

		const events = await sandboxCall(sandbox.urls.epcis, 'GET', '/__sandbox/epcis/events');
		expect(events).toHaveLength(CODES);
		for (const event of events) {
			expect(event).toMatchObject({ type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', disposition: 'active' });
			expect(event.eventID).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
		}
		const arrived = events.flatMap((event) => event.epcList);
		expect(arrived.slice().sort()).toEqual(codes.slice().sort());
		expect(new Set(events.map((event) => event.eventID)).size).toBe(CODES);
		// Three documents of up to 100 events, each a capture job TrackVision finished.
		const captures = await sandboxCall(sandbox.urls.epcis, 'GET', '/__sandbox/requests?service=epcis&path=/v2/epcis/capture');
		expect(captures.filter((request) => request.method === 'POST').map((request) => request.body.epcisBody.eventList.length)).toEqual([100, 100, 30]);

		const executions = (await r.rest(server.url, 'GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: 'exampleCodesEpcs' }))}`, { cookie })).body.data;
		expect(executions.results.map((execution) => execution.status)).toEqual(['success']);
	},
	6 * 60_000,
);
