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
const { isPublishedNodeType } = require('../packages/packages');

/** Every node of the package. A node the build does not have yet is skipped with a log line. */
const NODES = ['scantrust', 'trackVision', 'neoDay', 'scantrustTrigger', 'neoDayTrigger', 'trackVisionTrigger'];
/** Nodes whose editor use another file covers: the webhook trigger's "Listen for test event" (neoday-webhook.e2e.js). */
const COVERED_ELSEWHERE = ['neoDayWebhookTrigger'];
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
	for (const type of await r.getCredentialTypes(server.url, cookie)) credentialTypes.set(type.name, type);
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
	const ourTypes = [...nodeTypes.keys()].filter(isPublishedNodeType);
	// usableAsTool nodes also appear as <name>Tool: the same node for AI agents.
	const nodes = ourTypes.filter((name) => !(name.endsWith('Tool') && ourTypes.includes(name.slice(0, -4))));
	expect(nodes.sort()).toEqual([...present, ...COVERED_ELSEWHERE.filter((name) => hasNodeType(name))].map(w.nodeType).sort());
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

test('the node panel entry of each service reads as actions and as a trigger, in both panels', async () => {
	for (const action of ['scantrust', 'trackVision', 'neoDay'].filter((name) => present.includes(name))) {
		const trigger = nodeTypes.get(w.nodeType(`${action}Trigger`));
		const group = nodeTypes.get(w.nodeType(action)).displayName;
		// n8n lists a trigger and its action node as one entry and shows the trigger's description for it.
		const views = [
			['triggers', undefined],
			['what-happens-next', blankWorkflows.get(action)],
		];
		for (const [view, workflowId] of views) {
			await searchNodePanel(page, server.url, group, { workflowId });
			const description = (await nodePanelItem(page, group).first().locator(SEL.nodeItemDescription).innerText()).trim();
			expect(description).toBe(trigger.description);
			expect(description).toMatch(/^Actions .+; the trigger starts a workflow /);
			await screenshot(page, `panel-${action}-${view}`);
		}
	}
}, 300_000);

/** A workflow of a Manual Trigger and one of our nodes (version 2) with these parameters, created over REST. */
async function workflowWith(name, type, parameters) {
	const credential = w.CREDENTIALS[nodeTypes.get(w.nodeType(type)).credentials[0].name];
	const body = {
		name: `E2E locator: ${name}`,
		nodes: [
			{ id: 'manual', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'ours',
				name: 'Node',
				type: w.nodeType(type),
				typeVersion: 2,
				position: [260, 0],
				parameters,
				credentials: { [nodeTypes.get(w.nodeType(type)).credentials[0].name]: credential },
			},
		],
		connections: { Manual: { main: [[{ node: 'Node', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
	return (await r.rest(server.url, 'POST', '/workflows', { cookie, body })).body.data.id;
}

const emptyLocator = { __rl: true, mode: 'list', value: '' };

/** Each resource locator of the package: the list is read from the sandbox, searched, and an entry picked. */
const LOCATORS = [
	{ name: 'workorder', type: 'scantrust', parameters: { resource: 'workorder', operation: 'get', workorderId: emptyLocator }, field: 'workorderId', search: 'DONE', pick: 'WO-DONE-API (#5004)' },
	{
		name: 'template',
		type: 'scantrust',
		parameters: { resource: 'workorder', operation: 'createSsc', reference: 'E2E', quantity: 1, printingPartner: 346, additionalFields: { template: emptyLocator } },
		field: 'template',
		search: 'inside',
		pick: 'SG_Inside_Paper (sg-inside)',
	},
	{
		name: 'product-sku',
		type: 'scantrust',
		parameters: { resource: 'workorder', operation: 'createSsc', reference: 'E2E', quantity: 1, printingPartner: 346, additionalFields: { product: emptyLocator } },
		field: 'product',
		search: 'tea',
		pick: 'Premium Tea (P2)',
	},
	{
		name: 'product-id',
		type: 'scantrust',
		parameters: { resource: 'scan', operation: 'getMany', campaignId: { __rl: true, mode: 'id', value: '126' }, filters: { productId: emptyLocator } },
		field: 'productId',
		search: 'SS001',
		pick: 'SantiagoShoes2017 (SS001)',
	},
	{ name: 'integrity-check', type: 'trackVision', parameters: { resource: 'integrityCheck', operation: 'get', checkId: emptyLocator }, field: 'checkId' },
	{ name: 'integrity-check-result', type: 'trackVision', parameters: { resource: 'integrityCheckResult', operation: 'get', resultId: emptyLocator }, field: 'resultId', search: 'duplicated' },
	{ name: 'scan-event', type: 'trackVision', parameters: { resource: 'scanEvent', operation: 'get', scanEventId: emptyLocator }, field: 'scanEventId', search: 'Seoul' },
	{ name: 'export', type: 'neoDay', parameters: { resource: 'automatedExport', operation: 'getResults', exportName: emptyLocator }, field: 'exportName', search: 'win', pick: 'win-info' },
];

/** Opens a resource locator's list, searches it, picks an entry; returns the name picked. */
async function pickFromList(field, search, pick) {
	const input = page.locator(`${SEL.ndv} ${SEL.parameterInput(field)} ${SEL.locatorInput}`).first();
	await input.click();
	const items = page.locator(SEL.locatorItem);
	await items.first().waitFor({ timeout: 30_000 });
	if (search) {
		await page.keyboard.type(search);
		await page.waitForTimeout(1500);
	}
	const item = pick ? items.filter({ hasText: pick }).first() : items.first();
	await item.waitFor({ timeout: 30_000 });
	const picked = (await item.innerText()).split('\n')[0].trim();
	await screenshot(page, `locator-${field}-list`);
	await item.click();
	return picked;
}

describe.each(LOCATORS)('resource locator: $name', ({ name, type, parameters, field, search, pick }) => {
	(present.includes(type) ? test : test.skip)(
		'opens its list against the sandbox and picks an entry',
		async () => {
			const workflowId = await workflowWith(name, type, parameters);
			await page.goto(`${server.url}/workflow/${workflowId}/ours`, { waitUntil: 'domcontentloaded' });
			await page.locator(SEL.ndv).waitFor({ timeout: 60_000 });
			const picked = await pickFromList(field, search, pick);
			if (pick) expect(picked).toBe(pick);
			const input = page.locator(`${SEL.ndv} ${SEL.parameterInput(field)} ${SEL.locatorInput}`).first();
			await expect(input.inputValue()).resolves.toBe(picked);
			await screenshot(page, `locator-${name}-picked`);
			await page.locator(SEL.ndvClose).click();
		},
		120_000,
	);
});

test('a workorder picked from the list runs with Simplify on, then off', async () => {
	const workflowId = await workflowWith('simplify', 'scantrust', { resource: 'workorder', operation: 'get', workorderId: emptyLocator });
	await page.goto(`${server.url}/workflow/${workflowId}/ours`, { waitUntil: 'domcontentloaded' });
	await page.locator(SEL.ndv).waitFor({ timeout: 60_000 });
	await pickFromList('workorderId', 'DONE-API', 'WO-DONE-API (#5004)');
	/** Runs the node and returns the column headers of its output table, once `column` is among them. */
	const outputColumns = async (column) => {
		await page.locator(`${SEL.ndv} ${SEL.executeStep}`).first().click();
		const headers = page.locator(`${SEL.ndv} table th`);
		await headers.filter({ hasText: column }).first().waitFor({ timeout: 60_000 });
		return (await headers.allInnerTexts()).map((text) => text.trim()).filter(Boolean);
	};
	const simple = await outputColumns('codegen_file');
	await screenshot(page, 'simplify-on');
	expect(simple).toEqual(expect.arrayContaining(['id', 'reference', 'state', 'codegen_file']));
	expect(simple).not.toContain('company');
	await page.locator(`${SEL.ndv} ${SEL.parameterInput('simplify')} .el-switch`).click();
	const full = await outputColumns('company');
	await screenshot(page, 'simplify-off');
	expect(full).toEqual(expect.arrayContaining(['id', 'reference', 'company']));
	expect(full.length).toBeGreaterThan(simple.length);
	await page.locator(SEL.ndvClose).click();
}, 180_000);

test('the demo workflows show our nodes on the canvas', async () => {
	for (const demo of DEMOS) {
		await page.goto(`${server.url}/workflow/${demo.id}`, { waitUntil: 'domcontentloaded' });
		await page.locator(SEL.canvasNode).first().waitFor({ timeout: 60_000 });
		await page.locator(SEL.zoomToFit).click();
		// Sticky notes are not canvas nodes.
		const nodes = demo.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
		await expect(page.locator(SEL.canvasNode).count()).resolves.toBe(nodes.length);
		const ours = demo.nodes.filter((node) => isPublishedNodeType(node.type));
		for (const node of ours) await waitForIcon(page, SEL.canvas, `/${nodeTypes.get(node.type).iconUrl.light}`);
		const icons = await customIcons(page, SEL.canvas);
		expect(icons).toHaveLength(ours.length);
		expect(icons.every((icon) => icon.loaded)).toBe(true);
		await page.waitForTimeout(1000);
		await screenshot(page, `demo-${demo.id}`);
		// Every node label reads at first sight: on one line, and clear of the canvas' floating buttons.
		const named = nodes.map((node) => node.name);
		const labels = await nodeLabels(named);
		expect(labels.map((label) => label.name).sort()).toEqual(named.sort());
		expect(labels.filter((label) => label.lines > 1).map((label) => label.name)).toEqual([]);
		const buttons = await page.locator(`${SEL.executeWorkflow}, ${SEL.canvasControls}`).evaluateAll((elements) =>
			elements.map((element) => element.getBoundingClientRect().toJSON()),
		);
		const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
		expect(labels.filter((label) => buttons.some((button) => overlaps(label.rect, button))).map((label) => label.name)).toEqual([]);
	}
}, 120_000);

/** The label under each canvas node with one of these names: its box and how many lines it takes. */
async function nodeLabels(names) {
	return await page.locator(SEL.canvasNode).evaluateAll(
		(nodes, wanted) =>
			nodes.flatMap((node) => {
				const candidates = [...node.querySelectorAll('*')].filter(
					(element) => wanted.includes(element.textContent.trim()) && ![...element.children].some((child) => child.textContent.trim() === element.textContent.trim()),
				);
				return candidates.slice(0, 1).map((element) => {
					const rect = element.getBoundingClientRect();
					const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || rect.height;
					return { name: element.textContent.trim(), rect: rect.toJSON(), lines: Math.round(rect.height / lineHeight) };
				});
			}),
		names,
	);
}

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
