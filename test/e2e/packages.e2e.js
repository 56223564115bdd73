'use strict';
// The three per-service packages, as users install them, in real n8n (2.41.1, and 1.123.x in
// `npm run test:e2e:1x`): every node type they declare and its AI tool variant load, every credential loads,
// and nothing of one service sits in another's package. n8n runs with N8N_UNVERIFIED_PACKAGES_ENABLED=false,
// the default that n8n 3 announces, to show what a user then sees: packages in N8N_CUSTOM_EXTENSIONS still
// load, and the editor refuses to install an unverified package.
const fs = require('fs');
const path = require('path');
const r = require('./n8n-runner');
const { extensionsDir, newInstance } = require('./support');
const { PACKAGES } = require('../packages/packages');

let inst;
let server;
let cookie;
const nodeTypes = new Map();
const credentialTypes = new Set();

/** What each unpacked package declares: its node names (from the codex files) and credential names. */
function declared(spec) {
	const packageDir = path.join(extensionsDir(), spec.name);
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
	inst = newInstance({ env: { N8N_UNVERIFIED_PACKAGES_ENABLED: 'false' } });
	server = await r.startN8n(inst);
	({ cookie } = await r.setupOwner(server.url));
	for (const type of await r.getNodeTypes(server.url, cookie)) nodeTypes.set(type.name, type);
	for (const type of await r.getCredentialTypes(server.url, cookie)) credentialTypes.add(type.name);
}, 180_000);

afterAll(async () => {
	await server?.stop();
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
			expect([file, fs.existsSync(path.join(extensionsDir(), name, file))]).toEqual([file, true]);
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
			const type = nodeTypes.get(`CUSTOM.${node.name}`);
			expect([node.name, Boolean(type)]).toEqual([node.name, true]);
			if (!type.group.includes('trigger')) {
				expect([node.name, type.usableAsTool, nodeTypes.has(`CUSTOM.${node.name}Tool`)]).toEqual([node.name, true, true]);
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
