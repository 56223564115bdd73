#!/usr/bin/env node
'use strict';
/**
 * Manual proof that the e2e helpers work against a real n8n (not a jest test).
 *
 *   node test/e2e/smoke.js [--probe-only] [--browser] [--keep]
 *
 * - builds the custom extensions folder from `npm pack` of the repo (needs
 *   dist/, i.e. `npm run build`), plus a tiny "probe" node package that
 *   reports where its `require('n8n-workflow')` resolves;
 * - CLI: import credentials + workflows, `n8n execute --rawOutput`;
 * - CLI: publish:workflow before start;
 * - server: start (timed), owner setup, login, /types/nodes.json has our
 *   nodes, activate a webhook workflow over REST and call it, stop, start again (timed);
 * - --browser: log into the editor with Chromium, screenshot to test/e2e/artifacts/.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { ensureN8n, REPO_ROOT } = require('./n8n-install');
const r = require('./n8n-runner');

const args = new Set(process.argv.slice(2));
const timings = {};
const t = async (name, fn) => {
	const t0 = Date.now();
	try {
		return await fn();
	} finally {
		timings[name] = Date.now() - t0;
		console.log(`  ${name}: ${timings[name]} ms`);
	}
};
const assert = (cond, msg) => {
	if (!cond) throw new Error(`ASSERTION FAILED: ${msg}`);
	console.log(`  ok - ${msg}`);
};

/** A tarball of a minimal custom node package that requires n8n-workflow. */
function makeProbeTarball() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-probe-src-'));
	const pkg = path.join(dir, 'package');
	fs.mkdirSync(path.join(pkg, 'dist', 'nodes', 'E2eProbe'), { recursive: true });
	fs.writeFileSync(
		path.join(pkg, 'package.json'),
		JSON.stringify({ name: 'n8n-nodes-e2e-probe', version: '0.0.1', n8n: { nodes: ['dist/nodes/E2eProbe/E2eProbe.node.js'] } }),
	);
	fs.writeFileSync(
		path.join(pkg, 'dist', 'nodes', 'E2eProbe', 'E2eProbe.node.js'),
		`'use strict';
const { NodeConnectionTypes, NodeOperationError } = require('n8n-workflow');
class E2eProbe {
	constructor() {
		this.description = {
			displayName: 'E2E Probe', name: 'e2eProbe', group: ['transform'], version: 1,
			description: 'reports module resolution', defaults: { name: 'E2E Probe' },
			inputs: [NodeConnectionTypes.Main], outputs: [NodeConnectionTypes.Main], properties: [],
		};
	}
	async execute() {
		const items = this.getInputData();
		if (typeof NodeOperationError !== 'function') throw new Error('n8n-workflow incomplete');
		return [items.map((i) => ({ json: { ...i.json, probe: true,
			n8nWorkflowPath: require.resolve('n8n-workflow'),
			n8nWorkflowVersion: require('n8n-workflow/package.json').version,
			nodeVersion: process.version } }))];
	}
}
module.exports = { E2eProbe };
`,
	);
	const tarball = path.join(dir, 'probe.tgz');
	const res = spawnSync('tar', ['-czf', tarball, '-C', dir, 'package']);
	if (res.status !== 0) throw new Error('tar failed');
	return { tarball, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const manualSetWorkflow = (extraNodes = [], extraConnections = {}) => ({
	id: 'e2eManualSet01',
	name: 'E2E Manual Set',
	active: false,
	nodes: [
		{ id: 'n1', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'n2', name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [220, 0],
			parameters: { mode: 'raw', jsonOutput: '{"hello":"world","n":42}' },
		},
		...extraNodes,
	],
	connections: { Manual: { main: [[{ node: 'Set', type: 'main', index: 0 }]] }, ...extraConnections },
	settings: { executionOrder: 'v1' },
});

const webhookWorkflow = (id, webhookPath) => ({
	id,
	name: `E2E Webhook ${webhookPath}`,
	active: false,
	nodes: [
		{
			id: 'w1', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0],
			webhookId: `${webhookPath}-0000-4000-8000-000000000000`.slice(0, 36),
			parameters: { path: webhookPath, httpMethod: 'GET', responseMode: 'lastNode', options: {} },
		},
		{
			id: 'w2', name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [220, 0],
			parameters: { mode: 'raw', jsonOutput: `{"pong":"${webhookPath}"}` },
		},
	],
	connections: { Webhook: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
});

async function main() {
	console.log('# install');
	const install = await t('ensureN8n', async () => ensureN8n());
	console.log(`  n8n ${install.version} in ${install.dir}`);

	const hasDist = fs.existsSync(path.join(REPO_ROOT, 'dist', 'nodes'));
	const probe = makeProbeTarball();
	const probeExt = r.prepareCustomExtensions({ tarball: probe.tarball });
	let ourExt = null;
	if (hasDist && !args.has('--probe-only')) {
		console.log('# npm pack our package');
		ourExt = await t('packAndUnpack', async () => r.prepareCustomExtensions({ extensionsDir: probeExt.extensionsDir }));
		console.log(`  ${ourExt.tarball}\n  files: ${fs.readdirSync(ourExt.packageDir).join(', ')}`);
		console.log(`  extensions folder: ${fs.readdirSync(probeExt.extensionsDir).join(', ')}`);
	} else {
		console.log('# no dist/ (or --probe-only): testing with the probe package only');
	}
	// one folder for both packages: with several ';'-separated folders only the last is used
	const extensionsDir = probeExt.extensionsDir;
	const inst = await r.createInstanceAsync({ extensionsDir });
	console.log(`  user folder ${inst.userFolder}\n  extensions ${extensionsDir}`);

	console.log('# CLI: import credentials + workflows, execute');
	await t('importCredentials(first CLI call, runs migrations)', () =>
		r.importCredentials(inst, [
			{ id: 'e2eHeaderAuth01', name: 'E2E header auth', type: 'httpHeaderAuth', data: { name: 'X-Test', value: 's3cret' } },
		]),
	);
	const wf = manualSetWorkflow(
		[
			{
				id: 'n4', name: 'Code', type: 'n8n-nodes-base.code', typeVersion: 2, position: [440, 0],
				parameters: { jsCode: 'return $input.all().map((i) => ({ json: { ...i.json, doubled: i.json.n * 2 } }));' },
			},
			{ id: 'n3', name: 'Probe', type: 'CUSTOM.e2eProbe', typeVersion: 1, position: [660, 0], parameters: {} },
		],
		{
			Set: { main: [[{ node: 'Code', type: 'main', index: 0 }]] },
			Code: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] },
		},
	);
	await t('importWorkflows', () => r.importWorkflows(inst, [wf]));
	const exec = await t('executeWorkflow', () => r.executeWorkflow(inst, wf.id));
	if (!exec.ok) console.log(exec.stdout.slice(-3000), exec.stderr.slice(-3000));
	assert(exec.ok, 'n8n execute succeeded');
	assert(exec.items('Set')[0].hello === 'world', 'Set node output parsed');
	assert(exec.items('Code')[0].doubled === 84, 'Code node ran in the task runner');
	const probeOut = exec.items('Probe')[0];
	console.log(`  probe: ${JSON.stringify(probeOut)}`);
	assert(probeOut.probe === true, 'CUSTOM.e2eProbe ran (custom node loaded from the tarball)');
	assert(probeOut.n8nWorkflowPath.startsWith(install.dir), "custom node's n8n-workflow resolves to n8n's own copy");

	// failing execution is reported, not thrown
	const bad = {
		id: 'e2eFailing0001', name: 'E2E failing', active: false,
		nodes: [
			{ id: 'f1', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'f2', name: 'Boom', type: 'n8n-nodes-base.stopAndError', typeVersion: 1, position: [220, 0], parameters: { errorMessage: 'boom from e2e' } },
		],
		connections: { Manual: { main: [[{ node: 'Boom', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
	await r.importWorkflows(inst, bad);
	const badRun = await t('executeWorkflow(failing)', () => r.executeWorkflow(inst, bad.id));
	console.log(`  failing run: code=${badRun.code} error=${badRun.error && badRun.error.message}`);
	assert(!badRun.ok && badRun.error && /boom from e2e/.test(badRun.error.message), 'failed execution -> ok=false with error message');

	let scantrustChecks = null;
	if (ourExt) scantrustChecks = await require('./smoke-scantrust').cli(inst, { assert, t });

	// publish with the CLI before the server starts
	await r.importWorkflows(inst, [webhookWorkflow('e2eWebhookCli1', 'e2e-cli'), webhookWorkflow('e2eWebhookRst1', 'e2e-rest')]);
	await t('publishWorkflowCli', () => r.publishWorkflowCli(inst, 'e2eWebhookCli1'));

	console.log('# server');
	const logFile = path.join(inst.userFolder, 'n8n-start-1.log');
	const server = await t('start#1', () => r.startN8n(inst, { logFile }));
	try {
		console.log(`  ${server.url} (ready in ${server.startupMs} ms)`);
		const owner = await t('setupOwner', () => r.setupOwner(server.url));
		assert(owner.cookie && owner.cookie.startsWith('n8n-auth='), 'owner setup returned an auth cookie');
		const { cookie } = await t('login', () => r.login(server.url));
		assert(!!cookie, 'login returned an auth cookie');
		const me = await r.rest(server.url, 'GET', '/login', { cookie });
		assert(me.body.data.email === r.DEFAULT_OWNER.email, 'GET /rest/login shows the owner');

		const types = await t('getNodeTypes', () => r.getNodeTypes(server.url, cookie));
		const custom = types.filter((n) => n.name.startsWith('CUSTOM.')).map((n) => n.name);
		console.log(`  custom node types: ${custom.join(', ')}`);
		assert(custom.includes('CUSTOM.e2eProbe'), '/types/nodes.json lists CUSTOM.e2eProbe');
		if (ourExt) assert(custom.includes('CUSTOM.scantrust'), '/types/nodes.json lists CUSTOM.scantrust');
		const creds = await r.rest(server.url, 'GET', '/credentials', { cookie });
		assert(creds.body.data.some((c) => c.id === 'e2eHeaderAuth01'), 'imported credential visible over REST');

		const cliHook = await fetch(`${server.url}/webhook/e2e-cli`);
		const cliBody = await cliHook.text();
		console.log(`  GET /webhook/e2e-cli -> ${cliHook.status} ${cliBody}`);
		assert(cliHook.status === 200 && /e2e-cli/.test(cliBody), 'workflow published with the CLI before start is active');

		const before = await fetch(`${server.url}/webhook/e2e-rest`);
		assert(before.status === 404, `inactive webhook is 404 before activation (${before.status})`);
		const { workflow: act, publication } = await t('activateWorkflow', () => r.activateWorkflow(server.url, cookie, 'e2eWebhookRst1'));
		console.log(`  publication: ${JSON.stringify(publication)}`);
		assert(act.active === true || !!act.activeVersionId, 'activate returned an active workflow');
		const after = await fetch(`${server.url}/webhook/e2e-rest`);
		const afterBody = await after.text();
		console.log(`  GET /webhook/e2e-rest -> ${after.status} ${afterBody}`);
		assert(after.status === 200 && /e2e-rest/.test(afterBody), 'workflow activated over REST answers its webhook');
		const deact = await t('deactivateWorkflow', () => r.deactivateWorkflow(server.url, cookie, 'e2eWebhookCli1'));
		console.log(`  deactivated: ${JSON.stringify(deact.publication)}`);
		const gone = await fetch(`${server.url}/webhook/e2e-cli`);
		assert(gone.status === 404, `deactivated workflow's webhook is 404 (${gone.status})`);

		if (args.has('--browser')) await require('./smoke-browser').run(server.url, { assert, t, workflowId: 'e2eManualSet01' });
	} finally {
		await t('stop#1', () => server.stop());
	}
	const server2 = await t('start#2', () => r.startN8n(inst, { logFile: path.join(inst.userFolder, 'n8n-start-2.log') }));
	try {
		const { cookie } = await r.login(server2.url);
		assert(!!cookie, 'login works after restart');
		const hook = await fetch(`${server2.url}/webhook/e2e-rest`);
		assert(hook.status === 200, 'REST-activated workflow is still active after restart');
		if (scantrustChecks && scantrustChecks.server) await scantrustChecks.server(server2.url, cookie);
	} finally {
		await t('stop#2', () => server2.stop());
	}

	console.log('# timings (ms)');
	console.log(JSON.stringify(timings, null, 2));
	if (!args.has('--keep')) {
		r.cleanupInstance(inst);
		probeExt.cleanup();
		probe.cleanup();
		if (ourExt) ourExt.cleanup(); // same folder: removes the pack dir
	} else {
		console.log(`kept: ${inst.userFolder} ${extensionsDir}`);
	}
	console.log('SMOKE OK');
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
