'use strict';
/**
 * Scantrust part of smoke.js: runs CUSTOM.scantrust (from the packed tarball)
 * in the real n8n against the sandbox's fake Scantrust API.
 */
const r = require('./n8n-runner');

const SANDBOX_TOKEN = 'sandbox-uat-token';

function scantrustWorkflow(id, credentialId, parameters) {
	return {
		id,
		name: `E2E Scantrust ${id}`,
		active: false,
		nodes: [
			{ id: 's1', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 's2',
				name: 'Scantrust',
				type: 'CUSTOM.scantrust',
				typeVersion: 1,
				position: [220, 0],
				parameters,
				credentials: { scantrustApi: { id: credentialId, name: `cred ${credentialId}` } },
			},
		],
		connections: { Manual: { main: [[{ node: 'Scantrust', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

async function cli(inst, { assert, t }) {
	let startSandbox;
	try {
		({ startSandbox } = require('../sandbox'));
	} catch (e) {
		console.log(`  (no sandbox yet: ${e.message}) - skipping Scantrust execution`);
		return null;
	}
	const sandbox = await startSandbox({ listen: { host: '127.0.0.1' } });
	try {
		console.log(`# Scantrust against sandbox ${sandbox.urls.scantrust}`);
		await r.importCredentials(inst, [
			{ id: 'e2eScantrust01', name: 'Scantrust sandbox', type: 'scantrustApi', data: { baseUrl: sandbox.urls.scantrust, token: SANDBOX_TOKEN } },
			{ id: 'e2eScantrust02', name: 'Scantrust bad token', type: 'scantrustApi', data: { baseUrl: sandbox.urls.scantrust, token: 'wrong-token' } },
		]);
		const params = { resource: 'workorderTemplate', operation: 'getMany', returnAll: true };
		await r.importWorkflows(inst, [
			scantrustWorkflow('e2eScantrustOk1', 'e2eScantrust01', params),
			scantrustWorkflow('e2eScantrustBad', 'e2eScantrust02', params),
		]);
		const ok = await t('executeWorkflow(scantrust)', () => r.executeWorkflow(inst, 'e2eScantrustOk1'));
		if (!ok.ok) console.log(ok.stdout.slice(-4000));
		assert(ok.ok, 'Scantrust workflow succeeded against the sandbox');
		const templates = ok.items('Scantrust');
		console.log(`  templates: ${templates.map((x) => `${x.id}:${x.name}`).join(', ')}`);
		assert(templates.length === 3, 'Scantrust workorderTemplate getMany returned the 3 sandbox templates');
		const seen = sandbox.requestsTo('scantrust', '/api/v2/workorders/templates/');
		assert(seen.length > 0, `sandbox saw ${seen.length} request(s) from n8n`);
		const bad = await r.executeWorkflow(inst, 'e2eScantrustBad');
		console.log(`  bad token -> ok=${bad.ok} error=${bad.error && bad.error.message}`);
		assert(!bad.ok && bad.error, 'wrong token gives a failed execution with an error');
	} finally {
		await sandbox.close();
	}
	return {};
}

module.exports = { cli, scantrustWorkflow, SANDBOX_TOKEN };
