#!/usr/bin/env node
'use strict';
/**
 * `npm run dev`: a real n8n with this package and the sandbox, ready to try.
 *
 *   npm run dev [-- --fresh]
 *
 * 1. builds and packs the three per-service packages (`npm run packages`,
 *    what we would publish) and installs them in the dev n8n's ~/.n8n/nodes;
 * 2. installs n8n and its Node 24 on the first run (n8n-install.js, about
 *    4 minutes and 3 GB, once per machine);
 * 3. starts the sandbox (`test/sandbox/cli.js`, ports 5701-5707, or
 *    SANDBOX_BASE_PORT), or uses one that is already running;
 * 4. imports the sandbox credentials and the demo workflows (again only when
 *    they changed, so a second run starts in seconds);
 * 5. starts n8n on http://127.0.0.1:5678 (N8N_DEV_PORT), creates the owner
 *    the first time, publishes the MCP server demo and prints the editor URL,
 *    the login and the MCP server's URL and token.
 * Ctrl-C stops n8n and the sandbox it started. n8n loads our code at start:
 * after a change, stop and run it again.
 *
 * n8n's data (database, encryption key, binary files, n8n.log) lives in
 * <cache>/dev-<checkout>/ next to the installed n8n, outside the clone;
 * `--fresh` starts over with an empty one.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { ensureN8n, cacheRoot, REPO_ROOT } = require('./n8n-install');
const r = require('./n8n-runner');
const w = require('./workflows');

const PORT = Number(process.env.N8N_DEV_PORT || 5678);
const SANDBOX_PORTS = { scantrust: 5701, storage: 5702, sink: 5703, trackvision: 5704, neoday: 5705, foreign: 5706, epcis: 5707 };
const checkoutKey = `${path.basename(REPO_ROOT)}-${crypto.createHash('sha1').update(REPO_ROOT).digest('hex').slice(0, 8)}`;
const DATA_DIR = path.join(cacheRoot(), `dev-${checkoutKey}`);
const USER_FOLDER = path.join(DATA_DIR, 'n8n');
const PACKAGES_DIR = path.join(DATA_DIR, 'packages');
const PID_FILE = path.join(DATA_DIR, 'dev.pids.json');
const SEED_FILE = path.join(USER_FOLDER, 'dev-seed.json');
const LOG_FILE = path.join(USER_FOLDER, 'n8n.log');

const say = (message) => process.stdout.write(`[dev] ${message}\n`);

function sandboxScantrustUrl() {
	const base = Number(process.env.SANDBOX_BASE_PORT || 0);
	return `http://127.0.0.1:${base || SANDBOX_PORTS.scantrust}`;
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** A previous `npm run dev` that was killed without cleaning up leaves its process groups running: stop them. */
async function stopLeftovers() {
	let pids;
	try {
		pids = JSON.parse(fs.readFileSync(PID_FILE, 'utf8'));
	} catch {
		return;
	}
	// Only our own processes: a PID could have been reused since.
	const commandOf = (pid) => (fs.existsSync(`/proc/${pid}/cmdline`) ? fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '');
	if (pids.dev && commandOf(pids.dev).includes('dev.js')) {
		throw new Error(`npm run dev is already running (pid ${pids.dev}): stop it first`);
	}
	for (const what of ['n8n', 'sandbox']) {
		const pid = pids[what];
		if (!pid || !/n8n|sandbox/.test(commandOf(pid))) continue;
		say(`stopping the ${what} left over by an earlier run (process group ${pid})`);
		r.killGroup(pid, 'SIGTERM');
		for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
		r.killGroup(pid, 'SIGKILL');
	}
	fs.rmSync(PID_FILE, { force: true });
}

/** The sandbox already listening (e.g. `npm run sandbox` in another terminal), or null. */
async function runningSandbox() {
	try {
		const res = await fetch(`${sandboxScantrustUrl()}/__sandbox/urls`, { signal: AbortSignal.timeout(1000) });
		return res.ok ? await res.json() : null;
	} catch {
		return null;
	}
}

/** Starts `node test/sandbox/cli.js` in its own process group; `ready` resolves with its URLs. */
function startSandbox() {
	const child = spawn(process.execPath, [path.join(REPO_ROOT, 'test', 'sandbox', 'cli.js')], {
		stdio: ['ignore', 'pipe', 'inherit'],
		detached: true,
	});
	const ready = new Promise((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (chunk) => {
			out += chunk;
			const line = out.split('\n').find((l) => l.startsWith('{'));
			if (line) resolve(JSON.parse(line).sandbox);
		});
		child.on('exit', (code) => reject(new Error(`the sandbox exited (${code}) before it was ready; are ports 5701-5707 in use? (SANDBOX_BASE_PORT moves them)`)));
	});
	return { child, ready };
}

/** Imports credentials and demo workflows when they differ from what the last run imported. */
async function seed(inst, urls, hasNode) {
	const credentials = [...w.sandboxCredentials(urls), w.MCP_CREDENTIAL];
	const workflows = [...w.actionWorkflows(), ...w.triggerDemos(urls.sink, hasNode), w.mcpServerWorkflow()];
	if (hasNode('scantrustTrigger') && hasNode('trackVision')) workflows.push(w.counterfeitAlertWorkflow(`${urls.sink}/events/brand-protection`));
	if (hasNode('neoDayWebhookTrigger')) workflows.push(w.neoDayTransactionWorkflow(`${urls.sink}/events/neoday-transactions`));
	if (hasNode('scantrustTrigger') && hasNode('trackVision')) workflows.push(w.codesToEpcisWorkflow(`${urls.sink}/events/traceability`));
	const digest = (value) => crypto.createHash('sha1').update(JSON.stringify(value)).digest('hex');
	const wanted = { credentials: digest(credentials), workflows: digest(workflows) };
	let last = {};
	try {
		last = JSON.parse(fs.readFileSync(SEED_FILE, 'utf8'));
	} catch {
		/* first run */
	}
	if (last.credentials !== wanted.credentials) {
		say('importing the sandbox credentials...');
		await r.importCredentials(inst, credentials);
	}
	if (last.workflows !== wanted.workflows) {
		say(last.workflows ? 'updating the demo workflows...' : 'importing the demo workflows...');
		await r.importWorkflows(inst, workflows);
	}
	fs.writeFileSync(SEED_FILE, JSON.stringify(wanted, null, 2));
	return workflows;
}

async function main() {
	const started = Date.now();
	fs.mkdirSync(DATA_DIR, { recursive: true });
	await stopLeftovers();
	if (!(await r.isPortFree(PORT))) throw new Error(`port ${PORT} is in use (another n8n?); set N8N_DEV_PORT to use another one`);
	if (process.argv.includes('--fresh')) {
		say(`--fresh: removing ${USER_FOLDER}`);
		fs.rmSync(USER_FOLDER, { recursive: true, force: true });
	}
	fs.mkdirSync(USER_FOLDER, { recursive: true });

	const n8n = ensureN8n(); // prints its progress when it has to install
	fs.rmSync(PACKAGES_DIR, { recursive: true, force: true });
	const packStarted = Date.now();
	const ext = r.unpackServicePackages({ packagesDir: PACKAGES_DIR });
	say(
		`built and packed ${ext.packages.map((p) => p.name).join(', ')} into ${PACKAGES_DIR} ` +
			`in ${((Date.now() - packStarted) / 1000).toFixed(1)} s`,
	);

	const processes = { dev: process.pid };
	const savePids = () => fs.writeFileSync(PID_FILE, JSON.stringify(processes));
	let sandbox = null;
	let server = null;
	let stopping = false;
	const stop = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		say('stopping...');
		if (server) await server.stop();
		await r.stopAll(); // an n8n still starting, or an import under way
		if (sandbox) {
			const exited = new Promise((resolve) => sandbox.child.once('exit', resolve));
			r.killGroup(sandbox.child.pid, 'SIGTERM');
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
			r.killGroup(sandbox.child.pid, 'SIGKILL');
		}
		fs.rmSync(PID_FILE, { force: true });
		say('stopped');
		process.exit(code);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			if (stopping) {
				// a second Ctrl-C: do not wait any longer
				r.killAll('SIGKILL');
				if (sandbox) r.killGroup(sandbox.child.pid, 'SIGKILL');
				process.exit(130);
			}
			void stop(0);
		});
	}

	try {
		let urls = await runningSandbox();
		if (urls) {
			say(`using the sandbox that is already running (${urls.scantrust}); it keeps running after Ctrl-C`);
		} else {
			sandbox = startSandbox();
			processes.sandbox = sandbox.child.pid;
			savePids();
			urls = await sandbox.ready;
			sandbox.child.on('exit', (code) => {
				if (!stopping) {
					console.error(`[dev] the sandbox exited unexpectedly (${code})`);
					void stop(1);
				}
			});
		}

		const inst = r.createInstance({ userFolder: USER_FOLDER, packagesDir: PACKAGES_DIR });
		const workflows = await seed(inst, urls, (name) => r.packageHasNode(ext.packagesDir, name));
		say(`starting n8n ${n8n.version} (log: ${LOG_FILE})...`);
		server = await r.startN8n(inst, { port: PORT, logFile: LOG_FILE });
		processes.n8n = server.pid;
		savePids();
		server.child.on('exit', (code, signal) => {
			if (!stopping) {
				console.error(`[dev] n8n exited unexpectedly (${code ?? signal}); the end of ${LOG_FILE}:\n${server.logs().slice(-3000)}`);
				void stop(1);
			}
		});
		let cookie;
		try {
			({ cookie } = await r.setupOwner(server.url));
			say('owner account created');
		} catch (e) {
			if (e.status !== 400) throw e; // 400: the owner exists already
			({ cookie } = await r.login(server.url));
		}
		const mcpUrl = `${server.url}/mcp/${w.MCP_PATH}`;
		// Published, so that any MCP client can connect right away; the editor can unpublish it.
		await r.activateWorkflow(server.url, cookie, w.mcpServerWorkflow().id);

		const ports = Object.entries(urls).sort((a, b) => a[1].localeCompare(b[1])).map(([name, url]) => `${name} ${url.replace('http://127.0.0.1:', ':')}`);
		process.stdout.write(
			[
				'',
				`n8n ${n8n.version} with ${ext.packages.map((p) => `${p.name} ${p.version}`).join(', ')} is ready (${((Date.now() - started) / 1000).toFixed(1)} s):`,
				'',
				`  editor:   ${server.url}`,
				`  login:    ${r.DEFAULT_OWNER.email} / ${r.DEFAULT_OWNER.password}`,
				`  sandbox:  ${ports.join(', ')}`,
				`  credentials: ${Object.values(w.CREDENTIALS).map((c) => c.name).join(', ')}`,
				`  workflows:   ${workflows.map((wf) => wf.name).join('; ')}`,
				`  MCP server:  ${mcpUrl} (Streamable HTTP or SSE), header "Authorization: Bearer ${w.MCP_DEMO_TOKEN}"`,
				`  data:     ${USER_FOLDER} (npm run dev -- --fresh starts over)`,
				'',
				'Ctrl-C stops n8n and the sandbox. After changing the code, stop and run npm run dev again.',
				'',
			].join('\n'),
		);
	} catch (e) {
		console.error(`[dev] ${e.message}`);
		await stop(1);
	}
}

main().catch((e) => {
	console.error(`[dev] ${e.message}`);
	process.exit(1);
});
