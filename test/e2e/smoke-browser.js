'use strict';
/**
 * Browser part of smoke.js: sign in to the n8n editor through the UI as the
 * owner, open a new workflow, open the node panel, search for a node, take
 * screenshots into test/e2e/artifacts/.
 *
 * Selectors (n8n 2.41 editor; n8n uses the `data-test-id` attribute):
 *   sign-in email     [data-test-id="emailOrLdapLoginId"] input
 *   sign-in password  [data-test-id="password"] input
 *   sign-in submit    [data-test-id="form-submit-button"]
 *   empty canvas "Add first step"   [data-test-id="canvas-plus-button"]
 *   node panel "+" (top right)      [data-test-id="node-creator-plus-button"]
 *   node panel                      [data-test-id="node-creator"]
 *   node panel search input         input[data-test-id="node-creator-search-bar"] (the input itself)
 *   result item / its name          [data-test-id="node-creator-node-item"] / [data-test-id="node-creator-item-name"]
 */
const { launchBrowser, screenshot } = require('./browser');
const { DEFAULT_OWNER } = require('./n8n-runner');

const SEL = {
	email: '[data-test-id="emailOrLdapLoginId"] input',
	password: '[data-test-id="password"] input',
	submit: '[data-test-id="form-submit-button"]',
	canvasPlus: '[data-test-id="canvas-plus-button"]',
	nodeCreatorPlus: '[data-test-id="node-creator-plus-button"]',
	nodeCreator: '[data-test-id="node-creator"]',
	nodeSearch: 'input[data-test-id="node-creator-search-bar"]',
	nodeItem: '[data-test-id="node-creator-node-item"]',
	nodeItemName: '[data-test-id="node-creator-item-name"]',
};

/** Sign in through the UI. */
async function signIn(page, baseUrl, { email, password } = DEFAULT_OWNER) {
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
	await page.locator(SEL.email).fill(email, { timeout: 60000 });
	await page.locator(SEL.password).fill(password);
	await page.locator(SEL.submit).click();
	await page.waitForURL((u) => !/\/signin/.test(u.pathname), { timeout: 60000 });
}

/**
 * Open the node panel and search; returns the item names shown.
 * Without workflowId: a new workflow, where the panel opens in "trigger" mode
 * (only trigger nodes are offered). With workflowId of a workflow that has a
 * trigger: the "+" at the top right opens the regular panel (action nodes).
 */
async function searchNode(page, baseUrl, query, { workflowId } = {}) {
	await page.goto(`${baseUrl}/workflow/${workflowId || 'new'}`, { waitUntil: 'domcontentloaded' });
	const plus = workflowId
		? page.locator(SEL.nodeCreatorPlus)
		: page.locator(`${SEL.canvasPlus}, ${SEL.nodeCreatorPlus}`).first();
	await plus.click({ timeout: 60000 });
	await page.locator(SEL.nodeCreator).waitFor({ timeout: 30000 });
	await page.locator(SEL.nodeSearch).fill(query);
	await page.waitForTimeout(500);
	return page.locator(SEL.nodeItemName).allInnerTexts();
}

/** Click a search result by its visible name (adds the node, opens its panel). */
async function pickNode(page, name) {
	await page.locator(SEL.nodeItemName, { hasText: name }).first().click();
	await page.waitForTimeout(1000);
}

async function run(baseUrl, { assert, t, ...opts } = {}) {
	const b = await launchBrowser();
	try {
		const page = b.page;
		const doSignIn = () => signIn(page, baseUrl);
		if (t) await t('browser signIn', doSignIn);
		else await doSignIn();
		await page.waitForTimeout(2000);
		const f1 = await screenshot(page, 'editor-after-login');
		console.log(`  screenshot ${f1} (${page.url()})`);
		const query = process.env.E2E_SEARCH || 'Scantrust';
		const names = await searchNode(page, baseUrl, query, { workflowId: opts.workflowId });
		console.log(`  node panel search "${query}": ${JSON.stringify(names)}`);
		const f2 = await screenshot(page, 'node-panel-search');
		console.log(`  screenshot ${f2}`);
		if (assert) assert(names.length > 0, 'node panel search shows results');
		if (names.length) {
			await pickNode(page, names[0]);
			// the node's panel (NDV) may offer a list of actions first; take whatever shows
			const f3 = await screenshot(page, 'node-picked');
			console.log(`  screenshot ${f3}`);
		}
		return { names };
	} finally {
		await b.close();
	}
}

module.exports = { run, signIn, searchNode, pickNode, SEL };
