#!/usr/bin/env node
'use strict';
/**
 * `npm run dev` candidate: the real n8n editor with our nodes and the sandbox.
 *
 *   npm run build && node test/e2e/dev.js [--fresh] [--no-sandbox]
 *
 * - installs n8n once (test/e2e/n8n-install.js, ~4 min the first time);
 * - packs this repo (`npm pack`, needs dist/) into a custom extensions folder;
 * - starts the sandbox (`node test/sandbox/cli.js`, fixed ports 5701...) unless --no-sandbox;
 * - keeps n8n's data in .cache/dev-n8n-user/ (--fresh wipes it);
 * - imports a "Scantrust sandbox" credential pointing at the sandbox;
 * - starts n8n on http://127.0.0.1:5678 (N8N_DEV_PORT) and sets up the owner
 *   (owner@e2e.test / E2eOwner-Passw0rd) the first time.
 * Ctrl-C stops everything. Re-run after `npm run build` to load new code.
 */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { ensureN8n, REPO_ROOT } = require('./n8n-install');
const r = require('./n8n-runner');

const args = new Set(process.argv.slice(2));
const PORT = Number(process.env.N8N_DEV_PORT || 5678);
const USER_FOLDER = path.join(REPO_ROOT, '.cache', 'dev-n8n-user');

function startSandboxProcess() {
	const cli = path.join(REPO_ROOT, 'test', 'sandbox', 'cli.js');
	if (!fs.existsSync(cli)) return Promise.resolve(null);
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cli], { stdio: ['ignore', 'pipe', 'inherit'] });
		let buf = '';
		child.stdout.on('data', (d) => {
			buf += d;
			const line = buf.split('\n').find((l) => l.startsWith('{'));
			if (line) {
				try {
					resolve({ child, urls: JSON.parse(line).sandbox });
				} catch (e) {
					reject(e);
				}
			}
		});
		child.on('exit', (code) => reject(new Error(`sandbox exited (${code}) before printing its urls`)));
	});
}

async function main() {
	const install = ensureN8n();
	if (args.has('--fresh')) fs.rmSync(USER_FOLDER, { recursive: true, force: true });
	fs.mkdirSync(USER_FOLDER, { recursive: true });
	const ext = r.prepareCustomExtensions();
	const inst = await r.createInstanceAsync({ userFolder: USER_FOLDER, extensionsDir: ext.extensionsDir });

	let sandbox = null;
	if (!args.has('--no-sandbox')) {
		sandbox = await startSandboxProcess();
		if (sandbox) {
			console.log(`sandbox: ${JSON.stringify(sandbox.urls)}`);
			const creds = [];
			if (sandbox.urls.scantrust) {
				creds.push({
					id: 'devScantrustSbx1',
					name: 'Scantrust sandbox',
					type: 'scantrustApi',
					data: { baseUrl: sandbox.urls.scantrust, token: 'sandbox-uat-token' },
				});
			}
			if (creds.length) await r.importCredentials(inst, creds);
		} else {
			console.log('(no test/sandbox/cli.js: running without the sandbox)');
		}
	}

	const server = await r.startN8n(inst, { port: PORT, logFile: path.join(USER_FOLDER, 'n8n.log') });
	try {
		await r.setupOwner(server.url);
		console.log('owner account created');
	} catch (e) {
		if (e.status !== 400) throw e; // 400 = owner already set up
	}
	console.log(`\nn8n ${install.version} ready: ${server.url}`);
	console.log(`login: ${r.DEFAULT_OWNER.email} / ${r.DEFAULT_OWNER.password}`);
	console.log(`n8n log: ${path.join(USER_FOLDER, 'n8n.log')}\nCtrl-C to stop.`);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await server.stop();
		if (sandbox) sandbox.child.kill('SIGTERM');
		ext.cleanup();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	server.child.on('exit', (code) => {
		if (!stopping) {
			console.error(`n8n exited (${code}); see ${path.join(USER_FOLDER, 'n8n.log')}`);
			stop();
		}
	});
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
