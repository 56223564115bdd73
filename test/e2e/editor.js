'use strict';
/**
 * The n8n 2.41 editor, driven by playwright-core: the selectors and the few
 * moves the e2e suite makes. n8n marks elements with `data-test-id`.
 */
const { DEFAULT_OWNER } = require('./n8n-runner');

const id = (testId) => `[data-test-id="${testId}"]`;

const SEL = {
	signInEmail: `${id('emailOrLdapLoginId')} input`,
	signInPassword: `${id('password')} input`,
	signInSubmit: id('form-submit-button'),
	// An empty workflow's "Add first step": opens the node panel on triggers.
	canvasPlus: id('canvas-plus-button'),
	// Top right "+" of a workflow that has a trigger: opens "What happens next?".
	nodeCreatorPlus: id('node-creator-plus-button'),
	nodeCreator: id('node-creator'),
	nodeSearch: `input${id('node-creator-search-bar')}`,
	nodeItemName: id('node-creator-item-name'),
	nodeItemDescription: id('node-creator-item-description'),
	ndv: id('ndv'),
	ndvClose: id('ndv-close-button'),
	parameterInput: (name) => id(`parameter-input-${name}`),
	credentialSelect: id('node-credentials-select'),
	credentialEdit: id('credential-edit-button'),
	credentialModal: id('editCredential-modal'),
	credentialTestSuccess: id('credentials-config-container-test-success'),
	canvas: id('canvas'),
	canvasNode: id('canvas-node'),
	zoomToFit: id('zoom-to-fit'),
	// The canvas' floating buttons: "Execute workflow" at the bottom, the zoom controls at the bottom left.
	executeWorkflow: id('execute-workflow-button'),
	canvasControls: id('canvas-controls'),
	// A resource locator: its text input, and the entries of its list.
	locatorInput: id('rlc-input'),
	locatorItem: id('rlc-item'),
	executeStep: id('node-execute-button'),
	// The options of an open dropdown (element-plus select).
	openOptions: '.el-select-dropdown:visible .el-select-dropdown__item',
};

/** Signs in through the sign-in form; lands on the workflows overview. */
async function signIn(page, baseUrl, { email, password } = DEFAULT_OWNER) {
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
	await page.locator(SEL.signInEmail).fill(email, { timeout: 60_000 });
	await page.locator(SEL.signInPassword).fill(password);
	await page.locator(SEL.signInSubmit).click();
	await page.waitForURL((url) => !/\/signin/.test(url.pathname), { timeout: 60_000 });
}

/**
 * Opens the node panel, searches for `query` and waits until an item named
 * `expected` is listed. On a new workflow (no `workflowId`) the panel offers
 * triggers; on a workflow that has a trigger, it offers actions. Returns the
 * names listed.
 */
async function searchNodePanel(page, baseUrl, query, { workflowId, expected = query } = {}) {
	await page.goto(`${baseUrl}/workflow/${workflowId ?? 'new'}`, { waitUntil: 'domcontentloaded' });
	await page.locator(workflowId ? SEL.nodeCreatorPlus : SEL.canvasPlus).click({ timeout: 60_000 });
	await page.locator(SEL.nodeCreator).waitFor({ timeout: 30_000 });
	await page.locator(SEL.nodeSearch).fill(query);
	await nodePanelItem(page, expected).first().waitFor({ timeout: 30_000 });
	return await page.locator(SEL.nodeItemName).allInnerTexts();
}

/** A node panel item, by its exact name. */
function nodePanelItem(page, name) {
	return page.locator(`${SEL.nodeCreator} ${id('item-iterator-item')}`).filter({
		has: page.locator(SEL.nodeItemName, { hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`) }),
	});
}

/** Icons of our packages (served under /icons/<package name>/) on the page: src and whether the browser could draw them. */
async function customIcons(page, scope = 'body') {
	return await page
		.locator(`${scope} img[src*="/icons/n8n-nodes-"]`)
		.evaluateAll((images) => images.map((img) => ({ src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0 })));
}

/**
 * Waits until an `<img>` with this src inside `scope` has loaded and has a
 * size, i.e. the browser could fetch and draw the icon.
 */
async function waitForIcon(page, scope, src, { timeout = 15_000 } = {}) {
	await page.waitForFunction(
		([scopeSelector, iconSrc]) =>
			[...document.querySelectorAll(`${scopeSelector} img`)].some(
				(img) => img.getAttribute('src') === iconSrc && img.complete && img.naturalWidth > 0,
			),
		[scope, src],
		{ timeout },
	);
}

/** Opens a dropdown parameter of the node panel and returns its option names. */
async function dropdownOptions(page, parameterName) {
	await page.locator(`${SEL.ndv} ${SEL.parameterInput(parameterName)}`).click();
	const options = page.locator(SEL.openOptions);
	await options.first().waitFor({ timeout: 10_000 });
	// Each option shows its name, then its description on the next line.
	return (await options.allInnerTexts()).map((text) => text.split('\n')[0].trim());
}

function escapeRegExp(text) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

module.exports = { SEL, signIn, searchNodePanel, nodePanelItem, customIcons, waitForIcon, dropdownOptions, escapeRegExp };
