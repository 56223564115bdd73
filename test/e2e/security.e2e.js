'use strict';
// Credentials never leave their origin and a create is never applied twice,
// in real n8n (`n8n execute`) against the sandbox's fault switches. What
// reached the servers is checked, not only what the nodes printed.
const fs = require('fs');
const r = require('./n8n-runner');
const w = require('./workflows');
const { binaryFilePath, executeOk, newInstance, newSandbox, nodeOutput } = require('./support');

const SECRETS = ['sandbox-uat-token', 'sandbox-tv-token', 'sandbox-client-secret-7Qx9', 'Bearer ', 'UAT '];

let sandbox;
let inst;

/** A step that keeps going on error, so one workflow can show every case's outcome. */
const step = (name, type, credential, parameters) => ({ name, type, credential, parameters });

function keepGoing(workflow) {
	for (const node of workflow.nodes.slice(1)) node.onError = 'continueRegularOutput';
	return workflow;
}

beforeAll(async () => {
	sandbox = await newSandbox();
	inst = newInstance();
	await r.importCredentials(inst, w.sandboxCredentials(sandbox.urls));
	await r.importWorkflows(inst, [
		keepGoing(
			w.manualWorkflow({
				id: 'e2eRedirects0001',
				name: 'Redirects to another origin',
				steps: [
					step('Workorder moved away', 'scantrust', 'scantrustApi', { resource: 'workorder', operation: 'get', workorderId: 5001 }),
					step('Codes behind a redirect', 'scantrust', 'scantrustApi', { resource: 'workorder', operation: 'downloadCodes', workorderId: '5004' }),
					step('Checks moved away', 'trackVision', 'trackVisionApi', { resource: 'integrityCheck', operation: 'getMany', returnAll: false, limit: 5 }),
					step('Token endpoint moved away', 'neoDay', 'neoDayGatewayOAuth2Api', { resource: 'automatedExport', operation: 'getMany', returnAll: true }),
				],
			}),
		),
		keepGoing(
			w.manualWorkflow({
				id: 'e2eLostCreates01',
				name: 'Creates whose answer was lost',
				steps: [
					step('Create SID', 'scantrust', 'scantrustApi', {
						resource: 'workorder',
						operation: 'createSid',
						reference: 'E2E-SID-LOST-ANSWER',
						quantity: 5,
						activateOnComplete: true,
						useSerialNumber: true,
					}),
					step('Create check', 'trackVision', 'trackVisionApi', {
						resource: 'integrityCheck',
						operation: 'create',
						checkFields: { check_mode: 'scan_code', notes: 'e2e lost answer' },
					}),
				],
			}),
		),
	]);
}, 300_000);

afterAll(async () => {
	await sandbox?.close();
	r.cleanupInstance(inst);
});

beforeEach(() => sandbox.reset());

test('a redirect to another origin carries no credential; a redirect to presigned storage still downloads', async () => {
	const zip = Buffer.from('PK-e2e-redirected-zip');
	const presigned = sandbox.storage.put('e2e/redirected-codes.zip', { contentType: 'application/zip', body: zip });
	// Once each: the node reads a redirect's Location from the answer itself, on n8n 1.x as on 2.x.
	sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/workorders/5001/', kind: 'redirect', status: 302 });
	sandbox.faults.inject({ service: 'scantrust', path: '/media/', kind: 'redirect', location: presigned });
	sandbox.faults.inject({ service: 'trackvision', path: '/items/integrity_check', kind: 'redirect', status: 307 });
	sandbox.faults.inject({ service: 'neoday', method: 'POST', path: '/api/1/oauth2/access_token', kind: 'redirect', status: 307 });

	const result = await executeOk(inst, 'e2eRedirects0001');
	const foreign = sandbox.requestsTo('foreign');
	const foreignHost = new URL(sandbox.urls.foreign).host;

	// The API calls reached the foreign origin once each, bare; the token request never did.
	expect(foreign.map((request) => request.path).sort()).toEqual(['/api/v2/workorders/5001/', '/items/integrity_check']);
	for (const request of foreign) {
		expect(request.headers.authorization).toBeUndefined();
		for (const secret of SECRETS) expect(JSON.stringify(request)).not.toContain(secret);
	}
	expect(nodeOutput(result, 'Workorder moved away')[0].json.error).toBe(
		`${foreignHost} answered 401: Authentication credentials were not provided.`,
	);
	expect(nodeOutput(result, 'Token endpoint moved away')[0].json.error).toContain(`redirect to ${foreignHost}`);

	const [codes] = nodeOutput(result, 'Codes behind a redirect');
	expect(fs.readFileSync(binaryFilePath(inst, codes.binary.data))).toEqual(zip);
	expect(sandbox.requestsTo('scantrust', '/media/')[0].headers.authorization).toBe('UAT sandbox-uat-token');
	expect(sandbox.requestsTo('storage', '/objects/e2e/')[0].headers.authorization).toBeUndefined();
});

test('a create applied and then answered 502 is not applied twice', async () => {
	sandbox.faults.inject({ service: 'scantrust', method: 'POST', path: '/api/v2/workorders/create-sid/', kind: 'commitThen502' });
	sandbox.faults.inject({ service: 'trackvision', method: 'POST', path: '/items/integrity_check', kind: 'commitThen502' });
	const checksBefore = sandbox.trackvision.records.integrity_check.length;

	const result = await executeOk(inst, 'e2eLostCreates01');

	// Scantrust: the unique reference was looked up and the workorder it made is the output.
	const [sid] = nodeOutput(result, 'Create SID');
	expect(sid.json).toEqual(expect.objectContaining({ reference: 'E2E-SID-LOST-ANSWER', quantity: 5 }));
	expect(sandbox.scantrust.workorders.filter((workorder) => workorder.reference === 'E2E-SID-LOST-ANSWER')).toHaveLength(1);
	expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/create-sid/')).toHaveLength(1);

	// TrackVision: no natural key, so no second POST, and the error says how to check.
	const [check] = nodeOutput(result, 'Create check');
	expect(check.json.error).toMatch(/^TrackVision API error 502/);
	expect(check.json.description).toMatch(/may have been created, so it was not sent again/);
	expect(sandbox.requestsTo('trackvision', '/items/integrity_check').filter((request) => request.method === 'POST')).toHaveLength(1);
	expect(sandbox.trackvision.records.integrity_check).toHaveLength(checksBefore + 1);
});
