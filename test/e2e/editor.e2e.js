'use strict';
// Our nodes in the n8n editor, in a real browser (Debian's chromium through
// playwright-core). The owner is created over REST, then the test signs in
// through the form, finds each node in the node panel, adds it, and checks
// that its icon loads, its operations (or events) are listed and its
// credential dialog opens and tests the sandbox connection successfully.
// Screenshots go to test/e2e/artifacts/ (git-ignored).
const r = require('./n8n-runner');
const w = require('./workflows');
const { launchBrowser, screenshot } = require('./browser');
const { SEL, signIn, searchNodePanel, nodePanelItem, customIcons, waitForIcon, dropdownOptions, escapeRegExp } = require('./editor');
const { hasNodeType, newInstance, newSandbox, note } = require('./support');

/** Every node of the package. A node the build does not have yet is skipped with a log line. */
const NODES = ['scantrust', 'trackVision', 'neoDay', 'scantrustTrigger', 'neoDayTrigger', 'trackVisionTrigger'];
const DEMOS = [w.scantrustWorkflow(), w.trackVisionWorkflow(), w.neoDayWorkflow()];
// Added by n8n to every credential that authenticates HTTP requests.
const N8N_CREDENTIAL_FIELDS = new Set(['allowedHttpRequestDomains', 'allowedDomains']);

const present = NODES.filter((name) => hasNodeType(name));
for (const name of NODES) if (!present.includes(name)) note(`skipping the editor check of ${w.nodeType(name)}: not in the packed package yet`);

let sandbox;
let inst;
let server;
let cookie;
let browser;
let page;
/** node name -> description from /types/nodes.json */
const nodeTypes = new Map();
/** credential name -> description from /types/credentials.json */
const credentialTypes = new Map();
/** action node name -> ID of an empty workflow (a Manual Trigger only) to add it to */
const blankWorkflows = new Map();

beforeAll(async () => {
	sandbox = await newSandbox();
	inst = newInstance();
	await r.importCredentials(inst, w.sandboxCredentials(sandbox.urls));
	await r.importWorkflows(inst, DEMOS);
	server = await r.startN8n(inst);
	({ cookie } = await r.setupOwner(server.url));
	for (const type of await r.getNodeTypes(server.url, cookie)) nodeTypes.set(type.name, type);
	const credentials = await (await fetch(`${server.url}/types/credentials.json`, { headers: { cookie } })).json();
	for (const type of credentials) credentialTypes.set(type.name, type);
	for (const name of present) {
		if (isTrigger(nodeTypes.get(w.nodeType(name)))) continue;
		const body = {
			name: `E2E editor: ${name}`,
			nodes: [{ id: 'manual', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
			connections: {},
			settings: { executionOrder: 'v1' },
		};
		blankWorkflows.set(name, (await r.rest(server.url, 'POST', '/workflows', { cookie, body })).body.data.id);
	}
	({ page, ...browser } = await launchBrowser());
	await signIn(page, server.url);
	await page.waitForTimeout(1500);
	await screenshot(page, 'editor-signed-in');
}, 180_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await sandbox?.close();
	if (inst) r.cleanupInstance(inst);
});

const isTrigger = (type) => type.group.includes('trigger');

test('n8n lists every node of the package, and this test covers each', () => {
	const custom = [...nodeTypes.keys()].filter((name) => name.startsWith('CUSTOM.'));
	// usableAsTool nodes also appear as <name>Tool: the same node for AI agents.
	const nodes = custom.filter((name) => !(name.endsWith('Tool') && custom.includes(name.slice(0, -4))));
	expect(nodes.sort()).toEqual(present.map(w.nodeType).sort());
});

test('the icons of our nodes and credentials are served, light and dark', async () => {
	const urls = new Set();
	for (const name of present) Object.values(nodeTypes.get(w.nodeType(name)).iconUrl).forEach((u) => urls.add(u));
	for (const name of Object.keys(w.CREDENTIALS)) Object.values(credentialTypes.get(name).iconUrl).forEach((u) => urls.add(u));
	expect(urls.size).toBeGreaterThanOrEqual(6);
	for (const url of urls) {
		const res = await fetch(`${server.url}/${url}`);
		expect([url, res.status, res.headers.get('content-type')]).toEqual([url, 200, expect.stringContaining('image/svg+xml')]);
		expect(await res.text()).toContain('<svg');
	}
});

describe.each(NODES)('%s in the editor', (name) => {
	(present.includes(name) ? test : test.skip)(
		'found in the node panel with its icon, added, operations and credential dialog render',
		async () => {
			const type = nodeTypes.get(w.nodeType(name));
			const trigger = isTrigger(type);
			// Triggers are grouped with the action node of the same service in the panel.
			const group = type.displayName.replace(/ Trigger$/, '');
			const names = await searchNodePanel(page, server.url, group, { workflowId: blankWorkflows.get(name) });
			expect(names).toContain(group);
			const item = nodePanelItem(page, group);
			await waitForIcon(page, SEL.nodeCreator, `/${type.iconUrl.light}`);
			await screenshot(page, `${name}-1-search`);

			// The node's actions (or trigger events), as n8n derives them from its description.
			await item.first().click();
			const choice = trigger ? 'event' : 'operation';
			const expected = trigger
				? optionsOf(type, 'event').map((o) => o.name.toLowerCase())
				: type.properties.filter((p) => p.name === 'operation').flatMap((p) => p.options.filter((o) => o.action).map((o) => o.action));
			if (expected.length) {
				const first = page.locator(SEL.nodeItemName, { hasText: new RegExp(escapeRegExp(expected[0]), 'i') }).first();
				await first.waitFor({ timeout: 30_000 });
				const listed = (await page.locator(SEL.nodeItemName).allInnerTexts()).map((t) => t.trim().toLowerCase());
				for (const action of expected) expect(listed.some((t) => t.includes(action.toLowerCase()))).toBe(true);
				await screenshot(page, `${name}-2-actions`);
				await first.click();
			}

			// The node's panel: our icon, and the operations of the chosen resource (or the events).
			await page.locator(SEL.ndv).waitFor({ timeout: 30_000 });
			await waitForIcon(page, SEL.ndv, `/${type.iconUrl.light}`);
			if (optionsOf(type, choice).length) {
				const shown = await dropdownOptions(page, choice);
				const resource = trigger ? undefined : await currentOption(type, 'resource');
				const wanted = optionsOf(type, choice, resource).map((o) => o.name);
				expect(shown).toEqual(expect.arrayContaining(wanted));
				expect(shown.length).toBeLessThanOrEqual(wanted.length + 1); // + "Custom API Call"
				await screenshot(page, `${name}-3-operations`);
				await page.keyboard.press('Escape');
			}

			// The credential: our sandbox credential is selected; its dialog shows the fields and tests the connection.
			const credentialName = type.credentials[0].name;
			expect(await page.locator(`${SEL.ndv} ${SEL.credentialSelect} input`).inputValue()).toBe(w.CREDENTIALS[credentialName].name);
			await page.locator(`${SEL.ndv} ${SEL.credentialEdit}`).click();
			const modal = page.locator(SEL.credentialModal);
			await modal.waitFor({ timeout: 30_000 });
			await modal.locator(SEL.credentialTestSuccess).waitFor({ timeout: 30_000 });
			const fields = credentialTypes.get(credentialName).properties.filter((p) => p.type !== 'hidden' && !N8N_CREDENTIAL_FIELDS.has(p.name));
			for (const field of fields) await expect(modal.locator(SEL.parameterInput(field.name)).count()).resolves.toBe(1);
			await waitForIcon(page, SEL.credentialModal, `/${credentialTypes.get(credentialName).iconUrl.light}`);
			await screenshot(page, `${name}-4-credential`);
			// Escape closes the dialog (and, depending on focus, the node panel too).
			await page.keyboard.press('Escape');
			await modal.waitFor({ state: 'hidden', timeout: 10_000 });
			if (await page.locator(SEL.ndv).isVisible()) await page.locator(SEL.ndvClose).click();
			await page.locator(SEL.ndv).waitFor({ state: 'hidden', timeout: 10_000 });
		},
		120_000,
	);
});

test('the demo workflows show our nodes on the canvas', async () => {
	for (const demo of DEMOS) {
		await page.goto(`${server.url}/workflow/${demo.id}`, { waitUntil: 'domcontentloaded' });
		await page.locator(SEL.canvasNode).first().waitFor({ timeout: 60_000 });
		await page.locator(SEL.zoomToFit).click();
		await expect(page.locator(SEL.canvasNode).count()).resolves.toBe(demo.nodes.length);
		const ours = demo.nodes.filter((node) => node.type.startsWith('CUSTOM.'));
		for (const node of ours) await waitForIcon(page, SEL.canvas, `/${nodeTypes.get(node.type).iconUrl.light}`);
		const icons = await customIcons(page, SEL.canvas);
		expect(icons).toHaveLength(ours.length);
		expect(icons.every((icon) => icon.loaded)).toBe(true);
		await screenshot(page, `demo-${demo.id}`);
	}
}, 120_000);

/** Options of a node's options-parameter, of the variant shown for `resource` when given. */
function optionsOf(type, parameterName, resource) {
	return type.properties
		.filter((p) => p.name === parameterName && p.type === 'options')
		.filter((p) => resource === undefined || p.displayOptions?.show?.resource?.includes(resource))
		.flatMap((p) => p.options)
		.filter((o) => o.value !== '__CUSTOM_API_CALL__');
}

/** The value of the option a dropdown of the open node panel shows. */
async function currentOption(type, parameterName) {
	const shown = await page.locator(`${SEL.ndv} ${SEL.parameterInput(parameterName)} input`).inputValue();
	return optionsOf(type, parameterName).find((o) => o.name === shown)?.value;
}
