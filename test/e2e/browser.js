'use strict';
/**
 * Headless Chromium (Debian's `chromium` package) driven by playwright-core.
 *
 *   const { launchBrowser } = require('./browser');
 *   const { context, page, close } = await launchBrowser();
 *
 * Install once: apt-get update && apt-get install -y chromium
 * (playwright's own browser download cannot work here: no internet).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const ARTIFACTS_DIR = path.join(__dirname, 'artifacts');

/**
 * Launch Chromium with a fresh user-data dir (a persistent context).
 * @param {{ viewport?: {width:number,height:number}, headless?: boolean,
 *           baseURL?: string, cookies?: Array<object>, args?: string[] }} [opts]
 * @returns {Promise<{ context: import('playwright-core').BrowserContext,
 *                     page: import('playwright-core').Page,
 *                     userDataDir: string, close: () => Promise<void> }>}
 */
async function launchBrowser(opts = {}) {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} not found: apt-get update && apt-get install -y chromium`);
	}
	const { chromium } = require('playwright-core');
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: opts.headless !== false,
		args: [...CHROMIUM_ARGS, ...(opts.args || [])],
		viewport: opts.viewport || { width: 1440, height: 900 },
		baseURL: opts.baseURL,
	});
	if (opts.cookies && opts.cookies.length) await context.addCookies(opts.cookies);
	const page = context.pages()[0] || (await context.newPage());
	const close = async () => {
		await context.close().catch(() => {});
		fs.rmSync(userDataDir, { recursive: true, force: true });
	};
	return { context, page, userDataDir, close };
}

/** Screenshot into test/e2e/artifacts/<name>.png; returns the file path. */
async function screenshot(page, name, opts = {}) {
	fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
	const file = path.join(ARTIFACTS_DIR, name.endsWith('.png') ? name : `${name}.png`);
	// Finish CSS transitions first: the node panel slides in, dropdowns fade in.
	await page.screenshot({ path: file, fullPage: !!opts.fullPage, animations: 'disabled' });
	return file;
}

module.exports = { launchBrowser, screenshot, CHROMIUM, CHROMIUM_ARGS, ARTIFACTS_DIR };
