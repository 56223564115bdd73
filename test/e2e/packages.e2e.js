'use strict';
// The three per-service packages, as users install them, in real n8n (2.41.1, and 1.123.x in
// `npm run test:e2e:1x`): every node type they declare and its AI tool variant load, every credential loads,
// and nothing of one service sits in another's package. n8n runs with N8N_UNVERIFIED_PACKAGES_ENABLED=false,
// the default that n8n 3 announces, to show what a user then sees: packages installed in ~/.n8n/nodes and
// packages in N8N_CUSTOM_EXTENSIONS still load, and the editor refuses to install an unverified package.
// The TrackVision credential's test reaches both of its origins when installed as a package. The examples that chain services run across
// the packages: genuine scan (Scantrust) → NeoDay custom event through `n8n execute`, and counterfeit scan
// (Scantrust Trigger) → TrackVision check → Slack-style alert published in the running n8n.
const fs = require('fs');
const path = require('path');
const r = require('./n8n-runner');
const w = require('./workflows');
const { executeOk, packagesDir, newInstance, newSandbox, nodeOutput, sandboxCall, sandboxRequests, sinkEvents, waitFor } = require('./support');
const { PACKAGES, isPublishedNodeType, publishedNodeType } = require('../packages/packages');

const ALERT_CHANNEL = 'brand-protection';

let sandbox;
let inst;
let server;
let cookie;
let genuineScanRun;
const nodeTypes = new Map();
const credentialTypes = new Set();

/** What each unpacked package declares: its node names (from the codex files) and credential names. */
function declared(spec) {
	const packageDir = path.join(packagesDir(), spec.name);
	const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const nodes = pkg.n8n.nodes.map((file) => {
		const codex = JSON.parse(fs.readFileSync(path.join(packageDir, file.replace(/\.js$/, '.json')), 'utf8'));
		return { file, codexNode: codex.node, name: codex.node.slice(codex.node.indexOf('.') + 1) };
	});
	const credentials = pkg.n8n.credentials.map((file) => {
		const source = fs.readFileSync(path.join(packageDir, file), 'utf8');
		// n8n's lint makes every credential name end in Api (cred-class-field-name-unsuffixed).
		return /\bname = '([A-Za-z0-9]+Api)'/.exec(source)[1];
	});
	return { pkg, nodes, credentials, files: fs.readdirSync(path.join(packageDir, 'dist', 'nodes')) };
}

beforeAll(async () => {
	sandbox = await newSandbox();
	inst = newInstance({ env: { N8N_UNVERIFIED_PACKAGES_ENABLED: 'false' } });
	await r.importCredentials(inst, w.sandboxCredentials(sandbox.urls));
	await r.importWorkflows(inst, [w.genuineScanToNeoDayWorkflow(), w.counterfeitAlertWorkflow(`${sandbox.urls.sink}/events/${ALERT_CHANNEL}`)]);
	// `n8n execute` before `n8n start`: both would use the one SQLite database.
	genuineScanRun = await executeOk(inst, 'exampleGenuine01');
	server = await r.startN8n(inst);
	({ cookie } = await r.setupOwner(server.url));
	for (const type of await r.getNodeTypes(server.url, cookie)) nodeTypes.set(type.name, type);
	for (const type of await r.getCredentialTypes(server.url, cookie)) credentialTypes.add(type.name);
}, 420_000);

afterAll(async () => {
	await server?.stop();
	await sandbox?.close();
	if (inst) r.cleanupInstance(inst);
});

describe.each(PACKAGES.map((spec) => [spec.name, spec]))('%s', (name, spec) => {
	test('is a standard n8n-node package: strict, no runtime dependency, n8n-workflow the only peer', () => {
		const { pkg } = declared(spec);
		expect(pkg.n8n.strict).toBe(true);
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.repository.directory).toBe(`nodes/${spec.service}`);
		expect(pkg.keywords).toContain('n8n-community-node-package');
		for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE']) {
			expect([file, fs.existsSync(path.join(packagesDir(), name, file))]).toEqual([file, true]);
		}
	});

	test('holds its own service only', () => {
		const { files } = declared(spec);
		expect(files.sort()).toEqual([spec.service, 'shared'].sort());
	});

	test('every node loads in n8n, and every action node as an AI tool too; every credential loads', () => {
		const { nodes, credentials } = declared(spec);
		expect(nodes.length).toBeGreaterThanOrEqual(2);
		for (const node of nodes) {
			expect(node.codexNode).toBe(`${name}.${node.name}`);
			const type = nodeTypes.get(publishedNodeType(node.name));
			expect([node.name, Boolean(type)]).toEqual([node.name, true]);
			if (!type.group.includes('trigger')) {
				expect([node.name, type.usableAsTool, nodeTypes.has(publishedNodeType(`${node.name}Tool`))]).toEqual([node.name, true, true]);
			}
		}
		for (const credential of credentials) expect([credential, credentialTypes.has(credential)]).toEqual([credential, true]);
	});
});

test('with N8N_UNVERIFIED_PACKAGES_ENABLED=false the editor refuses to install an unverified package', async () => {
	const settings = await r.rest(server.url, 'GET', '/settings', { cookie });
	expect(settings.body.data.unverifiedCommunityNodesEnabled).toBe(false);
	const install = r.rest(server.url, 'POST', '/community-packages', { cookie, body: { name: PACKAGES[0].name } });
	await expect(install).rejects.toThrow(/Installation of unverified community packages is forbidden/);
}, 60_000);

/** The editor's Test button for the TrackVision sandbox credential (id, name and data as imported). */
async function testTrackVisionCredential(url, sessionCookie) {
	const credential = w.sandboxCredentials(sandbox.urls).find((each) => each.type === 'trackVisionApi');
	const { body } = await r.rest(url, 'POST', '/credentials/test', { cookie: sessionCookie, body: { credentials: credential } });
	return body.data ?? body;
}

test('the TrackVision credential test checks the instance URL and the EPCIS URL', async () => {
	const before = {
		instance: (await sandboxRequests(sandbox.urls, 'trackvision', '/users/me')).length,
		epcis: (await sandboxRequests(sandbox.urls, 'epcis', '/v2/epcis/events')).length,
	};
	const result = await testTrackVisionCredential(server.url, cookie);
	expect(result).toEqual({ status: 'OK', message: 'Connection successful: the instance URL and the EPCIS URL' });
	expect((await sandboxRequests(sandbox.urls, 'trackvision', '/users/me')).length).toBe(before.instance + 1);
	expect((await sandboxRequests(sandbox.urls, 'epcis', '/v2/epcis/events')).length).toBe(before.epcis + 1);
}, 60_000);

describe('the same packages through N8N_CUSTOM_EXTENSIONS', () => {
	let customInst;
	let customServer;
	let customCookie;
	const customTypes = new Set();

	beforeAll(async () => {
		customInst = newInstance({ loadPackagesAs: 'custom extensions', env: { N8N_UNVERIFIED_PACKAGES_ENABLED: 'false' } });
		await r.importCredentials(customInst, w.sandboxCredentials(sandbox.urls));
		customServer = await r.startN8n(customInst);
		({ cookie: customCookie } = await r.setupOwner(customServer.url));
		for (const type of await r.getNodeTypes(customServer.url, customCookie)) customTypes.add(type.name);
	}, 420_000);

	afterAll(async () => {
		await customServer?.stop();
		if (customInst) r.cleanupInstance(customInst);
	});

	test('every node loads, as CUSTOM.<name>, with N8N_UNVERIFIED_PACKAGES_ENABLED=false', () => {
		const expected = [...nodeTypes.keys()].filter(isPublishedNodeType).map((type) => `CUSTOM.${type.slice(type.indexOf('.') + 1)}`);
		expect(expected.length).toBeGreaterThan(PACKAGES.length * 2);
		expect(expected.filter((type) => !customTypes.has(type))).toEqual([]);
	});

	// n8n's CustomDirectoryLoader lists a credential's nodes without their CUSTOM. prefix, so n8n does not find
	// the nodes' test function: what the README says about testing the credential in this install mode.
	test('the TrackVision credential has no test there, as the README says', async () => {
		expect(await testTrackVisionCredential(customServer.url, customCookie)).toEqual({
			status: 'Error',
			message: 'No testing function found for this credential.',
		});
	}, 60_000);
});

describe('the examples that chain services, with the three packages side by side', () => {
	test('genuine scan (Scantrust) → NeoDay custom event: one event per genuine scan reached NeoDay', async () => {
		const genuine = nodeOutput(genuineScanRun, 'Genuine only');
		expect(genuine.length).toBeGreaterThan(0);
		const sent = nodeOutput(genuineScanRun, 'Send genuine_scan');
		expect(sent).toHaveLength(genuine.length);
		const posts = (await sandboxRequests(sandbox.urls, 'neoday', '/api/1/terminal/')).filter((req) => req.method === 'POST');
		expect(posts).toHaveLength(genuine.length);
	});

	test('counterfeit scan (Scantrust Trigger) → TrackVision check → one Slack-style alert', async () => {
		await r.activateWorkflow(server.url, cookie, 'exampleCounterft');
		const [scan] = await sandboxCall(sandbox.urls.scantrust, 'POST', '/__sandbox/scantrust/scans', {
			campaign_id: 126,
			scans: [{ flags: ['counterfeit'] }],
		});
		const alerts = await waitFor(async () => {
			const got = await sinkEvents(sandbox.urls, ALERT_CHANNEL);
			return got.length ? got : null;
		}, { timeoutMs: 150_000, what: 'the counterfeit alert to reach the sink' });
		expect(alerts).toHaveLength(1);
		expect(alerts[0].body.text).toContain(String(scan.serial_number));
		const checks = (await sandboxRequests(sandbox.urls, 'trackvision', '/items/integrity_check')).filter((req) => req.method === 'POST');
		expect(checks).toHaveLength(1);
	}, 240_000);
});
