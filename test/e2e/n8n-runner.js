'use strict';
/**
 * Helpers to drive a real n8n (installed by ./n8n-install.js, run on Node 24)
 * from plain Node 20 scripts / jest.
 *
 *   const r = require('./n8n-runner');
 *   const ext = r.unpackServicePackages();            // build + unpack the three per-service packages
 *   const inst = r.createInstance({ packagesDir: ext.packagesDir });
 *   await r.importWorkflows(inst, [workflowJson]);
 *   const run = await r.executeWorkflow(inst, workflowJson.id);
 *   const server = await r.startN8n(inst);
 *   const { cookie } = await r.setupOwner(server.url);
 *   await r.activateWorkflow(server.url, cookie, id);
 *   await server.stop();
 *   r.cleanupInstance(inst); ext.cleanup();
 *
 * Every n8n CLI call gets the same env (see buildEnv): its own user folder
 * (sqlite DB, encryption key), our packages in its ~/.n8n/nodes, telemetry off.
 */
const fs = require('fs');
const os = require('os');
const net = require('net');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { ensureN8n, n8nVersion, REPO_ROOT } = require('./n8n-install');

const DEFAULT_OWNER = Object.freeze({
	email: 'owner@e2e.test',
	password: 'E2eOwner-Passw0rd',
	firstName: 'E2E',
	lastName: 'Owner',
});
// Fixed so that exported/imported encrypted data is reproducible between runs.
const DEFAULT_ENCRYPTION_KEY = 'e2e-connected-packaging-not-a-secret';

// ---------------------------------------------------------------- utilities

function tmpDir(prefix) {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A free TCP port on 127.0.0.1 (there is a tiny race until the caller binds it). */
function getFreePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------ (a) user folder / env

/** (a) A fresh, empty N8N_USER_FOLDER (n8n creates <folder>/.n8n/ in it). */
function createUserFolder() {
	return tmpDir('n8n-e2e-user-');
}

// Modules that fetch from api.n8n.io at start (mcp-registry: the MCP server list, with a stack trace in the log when offline).
const MODULES_CALLING_N8N = ['mcp-registry'];

/** Which of `names` the installed n8n has: an unknown name in N8N_DISABLED_MODULES stops n8n, and 1.x has none of them. */
function installedModules(inst, names) {
	const file = path.join(inst.n8nDir || '', 'node_modules', '@n8n', 'backend-common', 'dist', 'modules', 'modules.config.js');
	const source = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
	return names.filter((name) => source.includes(`'${name}'`));
}

function instanceTmpDir(inst) {
	const dir = path.join(inst.userFolder, 'tmp');
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

/** n8n 2.x reads N8N_WEBHOOK_URL and calls WEBHOOK_URL deprecated; 1.x knows only WEBHOOK_URL. */
function webhookUrlVariable(inst) {
	const file = path.join(inst.n8nDir || '', 'node_modules', '@n8n', 'config', 'dist', 'index.js');
	return fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes("'N8N_WEBHOOK_URL'") ? 'N8N_WEBHOOK_URL' : 'WEBHOOK_URL';
}

/**
 * Environment for any n8n process of an instance.
 * @param {{userFolder:string, packagesDir?:string, env?:object}} inst
 */
function buildEnv(inst, extra = {}) {
	// extra must carry N8N_RUNNERS_BROKER_PORT (runN8n/startN8n pick a free one)
	const env = { ...process.env };
	// Don't leak npm/jest/node settings of the caller into n8n (Node 24).
	for (const k of Object.keys(env)) {
		if (/^npm_/i.test(k) || k === 'NODE_OPTIONS' || k === 'NODE_PATH' || k === 'NODE_ENV') delete env[k];
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$)/.test(k)) delete env[k];
	}
	Object.assign(env, {
		// n8n spawns its JS task runner (Code node) as plain `node` from PATH:
		// put Node 24 first, or the runner silently runs on the system Node 20
		PATH: `${path.dirname(inst.nodeBin)}${path.delimiter}${process.env.PATH}`,
		N8N_USER_FOLDER: inst.userFolder,
		// n8n writes to os.tmpdir() too (n8nDataTableUploads/): keep that with the instance
		TMPDIR: instanceTmpDir(inst),
		N8N_ENCRYPTION_KEY: DEFAULT_ENCRYPTION_KEY,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// no calls home / no noise
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		// the list of verified community nodes comes from api.n8n.io; ours are installed from their tarballs
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		// n8n 2.x warns about these defaults, which a later version changes: set, they stay as today
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(2 * 1024 ** 3),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '5000',
		// our fake vendor APIs live on 127.0.0.1: keep SSRF protection off (default, made explicit)
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		// plain http: a Secure auth cookie would not be sent back by browsers on non-localhost hosts
		N8N_SECURE_COOKIE: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		// 2.x's default in regular mode; 1.x's default keeps binary data in memory (and in `n8n execute`'s output)
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
	});
	const quietModules = installedModules(inst, MODULES_CALLING_N8N);
	if (quietModules.length) env.N8N_DISABLED_MODULES = quietModules.join(',');
	if (inst.packagesDir && inst.loadPackagesAs === 'custom extensions') env.N8N_CUSTOM_EXTENSIONS = inst.packagesDir;
	Object.assign(env, inst.env || {}, extra);
	if (!env.N8N_RUNNERS_BROKER_PORT) {
		throw new Error('buildEnv: N8N_RUNNERS_BROKER_PORT missing (every n8n process needs its own; default 5679 collides)');
	}
	return env;
}

/**
 * An n8n "instance": a user folder (sqlite DB, encryption key) + env + our
 * packages. No process yet; every CLI call / server start spawns one.
 * The packages unpacked in `packagesDir` are, by default, installed as a user's `npm install` in
 * `~/.n8n/nodes` (or the editor's installer) puts them: copied into `<user folder>/.n8n/nodes/node_modules`,
 * where n8n loads them as community packages (node types `n8n-nodes-scantrust.scantrust`, …).
 * `loadPackagesAs: 'custom extensions'` loads them through N8N_CUSTOM_EXTENSIONS instead (types `CUSTOM.…`).
 * @param {{ packagesDir?: string, loadPackagesAs?: 'installed' | 'custom extensions', userFolder?: string, env?: object }} [opts]
 * @returns {{ nodeBin, n8nBin, n8nDir, n8nVersion, userFolder, packagesDir, loadPackagesAs, env }}
 */
function createInstance(opts = {}) {
	const { nodeBin, n8nBin, dir, version } = ensureN8n();
	const inst = {
		nodeBin,
		n8nBin,
		n8nDir: dir,
		n8nVersion: version,
		userFolder: opts.userFolder || createUserFolder(),
		packagesDir: opts.packagesDir,
		loadPackagesAs: opts.loadPackagesAs ?? 'installed',
		env: opts.env || {},
	};
	if (inst.packagesDir && inst.loadPackagesAs === 'installed') installPackages(inst);
	return inst;
}

/** Copies every package of `inst.packagesDir` into the instance's `~/.n8n/nodes/node_modules`, replacing an older copy. */
function installPackages(inst) {
	const nodeModules = path.join(inst.userFolder, '.n8n', 'nodes', 'node_modules');
	fs.mkdirSync(nodeModules, { recursive: true });
	for (const entry of fs.readdirSync(inst.packagesDir)) {
		if (!fs.existsSync(path.join(inst.packagesDir, entry, 'package.json'))) continue;
		const target = path.join(nodeModules, entry);
		fs.rmSync(target, { recursive: true, force: true });
		fs.cpSync(path.join(inst.packagesDir, entry), target, { recursive: true });
	}
}

function cleanupInstance(inst) {
	if (inst && inst.userFolder && inst.userFolder.startsWith(os.tmpdir())) {
		fs.rmSync(inst.userFolder, { recursive: true, force: true });
	}
}

// ------------------------------------------------------------ (b) the packages

/**
 * Assembles, builds and packs the three per-service packages (`npm run packages -- --skip-checks`:
 * `npm run packages` itself also lints and scans them) and returns their tarballs: what users install.
 * With E2E_PREBUILT_PACKAGES=1 (CI, right after `npm run packages`) it takes the tarballs already there.
 * @returns {string[]}
 */
function buildServicePackages({ repoRoot = REPO_ROOT } = {}) {
	const { PACKAGES, packagePaths } = require(path.join(repoRoot, 'test', 'packages', 'packages.js'));
	const tarballs = PACKAGES.map((spec) => packagePaths(spec.name).tarball);
	if (process.env.E2E_PREBUILT_PACKAGES === '1') {
		const missing = tarballs.filter((file) => !fs.existsSync(file));
		if (missing.length) throw new Error(`E2E_PREBUILT_PACKAGES=1 but ${missing.join(', ')} missing: run \`npm run packages\``);
		return tarballs;
	}
	const env = { ...process.env };
	for (const k of Object.keys(env)) if (/^npm_/i.test(k)) delete env[k];
	const res = spawnSync(process.execPath, [path.join(repoRoot, 'test', 'packages', 'build.js'), '--skip-checks'], {
		cwd: repoRoot,
		encoding: 'utf8',
		env,
	});
	if (res.status !== 0) throw new Error(`npm run packages failed:\n${res.stdout}\n${res.stderr}`);
	return tarballs;
}

/** Unpacks one npm tarball as `<packagesDir>/<package name>/`, the layout of a `node_modules` folder and of n8n's custom extensions folder. */
function unpackInto(tarball, packagesDir) {
	const unpackDir = fs.mkdtempSync(path.join(packagesDir, '.unpack-'));
	const res = spawnSync('tar', ['-xzf', tarball, '-C', unpackDir], { encoding: 'utf8' });
	if (res.status !== 0) throw new Error(`tar failed: ${res.stderr}`);
	// npm tarballs unpack into "package/"
	const pkg = JSON.parse(fs.readFileSync(path.join(unpackDir, 'package', 'package.json'), 'utf8'));
	const packageDir = path.join(packagesDir, pkg.name);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.renameSync(path.join(unpackDir, 'package'), packageDir);
	fs.rmSync(unpackDir, { recursive: true, force: true });
	// Runtime dependencies (none; n8n-workflow is a peer provided by n8n) are installed as n8n would.
	if (pkg.dependencies && Object.keys(pkg.dependencies).length) {
		const inst = spawnSync(
			'npm',
			['install', '--omit=dev', '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'],
			{ cwd: packageDir, encoding: 'utf8' },
		);
		if (inst.status !== 0) throw new Error(`npm install in ${packageDir} failed:\n${inst.stderr}`);
	}
	return { name: pkg.name, version: pkg.version, packageDir };
}

/**
 * (b) Unpack the packages: <tmp>/n8n-e2e-packages-xxx/<package name>/... for each of
 * `tarballs` (default: the three per-service packages, built now), side by side as a user installs them.
 * createInstance installs them from there (or loads the folder as N8N_CUSTOM_EXTENSIONS).
 * n8n itself makes `n8n-workflow` resolvable for community and custom nodes (it puts its own
 * module paths on NODE_PATH), so nothing else is placed next to the packages.
 * The folder is deliberately OUTSIDE the repo: inside it, `require('n8n-workflow')`
 * would resolve to the repo's node_modules copy instead of n8n's.
 * @param {{ tarballs?: string[], repoRoot?: string, packagesDir?: string }} [opts]
 * @returns {{ packagesDir: string, packages: {name, version, packageDir}[], cleanup: () => void }}
 */
function unpackServicePackages(opts = {}) {
	const tarballs = opts.tarballs ?? buildServicePackages({ repoRoot: opts.repoRoot });
	const packagesDir = opts.packagesDir || tmpDir('n8n-e2e-packages-');
	fs.mkdirSync(packagesDir, { recursive: true });
	const packages = tarballs.map((tarball) => unpackInto(tarball, packagesDir));
	return {
		packagesDir,
		packages,
		cleanup() {
			fs.rmSync(packagesDir, { recursive: true, force: true });
		},
	};
}

/**
 * Whether a package unpacked in `packagesDir` has a node named `name` (e.g. `neoDayTrigger`),
 * read from its compiled files as n8n's loader would find them.
 */
function packageHasNode(packagesDir, name) {
	const pattern = new RegExp(`\\bname\\s*[:=]\\s*['"]${name}['"]`);
	return fs
		.readdirSync(packagesDir)
		.filter((entry) => fs.existsSync(path.join(packagesDir, entry, 'package.json')))
		.some((entry) => {
			const packageDir = path.join(packagesDir, entry);
			const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
			return (pkg.n8n?.nodes ?? []).some((file) => pattern.test(fs.readFileSync(path.join(packageDir, file), 'utf8')));
		});
}

// ------------------------------------------------------------- CLI runner

/**
 * Run `n8n <args>` to completion with the instance's env.
 * @returns {Promise<{ code: number|null, signal: string|null, stdout: string, stderr: string }>}
 */
async function runN8n(inst, args, { timeoutMs = 180000, env } = {}) {
	// each process gets its own task-broker port: the default 5679 would collide
	// with a running `n8n start` or with parallel jest workers
	const brokerPort = await getFreePort();
	return new Promise((resolve, reject) => {
		const child = track(spawn(inst.nodeBin, [inst.n8nBin, ...args], {
			cwd: inst.userFolder,
			env: buildEnv(inst, { N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...env }),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true, // own process group: the task runner child dies with it
		}));
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => {
			killGroup(child.pid, 'SIGKILL');
			reject(new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`));
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

async function runN8nOk(inst, args, opts = {}) {
	const r = await runN8n(inst, args, opts);
	const out = r.stdout + r.stderr;
	// n8n CLI commands log some errors but still exit 0: check known failure lines too.
	const failed = /An error occurred while importing|Error updating database|There was an error|Failed to find owner/i.test(out);
	// rare SIGSEGV during teardown after the work was done: accept when the success line is there
	const crashedAfterSuccess = r.signal !== null && opts.successPattern && opts.successPattern.test(out);
	if (failed || (r.code !== 0 && !crashedAfterSuccess)) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${r.code}, signal ${r.signal}):\n${out}`);
	}
	return r;
}

/** Runs `n8n <command> --input=<file>` on `data` written to a file that is removed afterwards (it may hold secrets). */
async function importFile(inst, command, data) {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-import-')), 'input.json');
	fs.writeFileSync(file, JSON.stringify(data, null, 2), { mode: 0o600 });
	try {
		return await runN8nOk(inst, [command, `--input=${file}`], { successPattern: /Successfully imported/ });
	} finally {
		fs.rmSync(path.dirname(file), { recursive: true, force: true });
	}
}

// ------------------------------------------- (c) import credentials / workflows

/**
 * (c) Import credentials given in clear text. Format (array):
 *   [{ id: 'scantrustE2e01', name: 'Scantrust sandbox', type: 'scantrustApi',
 *      data: { baseUrl: 'http://127.0.0.1:1234', token: 't' } }]
 * `data` as an object is encrypted by n8n on import (a string is taken as
 * already-encrypted). id is optional but lets workflows reference it.
 * Needs no owner account: imports go to the instance owner (a shell owner
 * exists from the first migration on).
 */
async function importCredentials(inst, credentials) {
	const list = Array.isArray(credentials) ? credentials : [credentials];
	return importFile(inst, 'import:credentials', list);
}

/**
 * (c) Import workflows (object or array, in n8n's export format: id, name,
 * nodes, connections, settings...). Imported workflows are inactive
 * (--activeState=fromJson only works in queue mode). Returns the ids.
 */
async function importWorkflows(inst, workflows) {
	const list = Array.isArray(workflows) ? workflows : [workflows];
	for (const wf of list) {
		if (!wf.id) throw new Error(`workflow "${wf.name}" needs an id to be executed by id later`);
	}
	await importFile(inst, 'import:workflow', list);
	return list.map((w) => w.id);
}

// ----------------------------------------------------------- (d) execute

/** Extract the run JSON printed by `n8n execute --rawOutput` (logs share stdout). */
function parseExecuteOutput(stdout) {
	const lines = stdout.split('\n');
	for (let i = 0; i < lines.length; i++) {
		if (lines[i] !== '{') continue;
		// try from this '{' to each later top-level '}' line
		for (let j = lines.length - 1; j > i; j--) {
			if (lines[j] !== '}') continue;
			try {
				return JSON.parse(lines.slice(i, j + 1).join('\n'));
			} catch {
				/* keep looking */
			}
		}
	}
	return null;
}

/**
 * (d) `n8n execute --id <id> --rawOutput`.
 * Resolves with { ok, run, error, code, signal, stdout, stderr, items(nodeName) }:
 *   run   = the IRun object (run.data.resultData.runData[node][0].data.main[0] = items)
 *   items = helper returning the json of the first output of the node's last run
 * On a failed execution n8n logs the run (with resultData.error) and exits 1;
 * ok is false then and `error` holds resultData.error when it could be parsed.
 */
async function executeWorkflow(inst, id, opts = {}) {
	const r = await runN8n(inst, ['execute', `--id=${id}`, '--rawOutput'], opts);
	const run = parseExecuteOutput(r.stdout);
	const error = run && run.data && run.data.resultData && run.data.resultData.error;
	// n8n occasionally dies with SIGSEGV while tearing down AFTER printing the
	// complete run (seen ~1 in 15 runs on Node 24): a fully parsed run counts.
	const ok = !!run && !error && run.status === 'success' && (r.code === 0 || r.signal !== null);
	const items = (nodeName, output = 0) => {
		const runs = run && run.data.resultData.runData[nodeName];
		if (!runs || !runs.length) return undefined;
		const last = runs[runs.length - 1];
		const main = last.data && last.data.main && last.data.main[output];
		return main ? main.map((i) => i.json) : [];
	};
	return { ok, run, error: error || null, items, code: r.code, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

// -------------------------------------------------- (e) n8n start / stop

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		/* already gone */
	}
}

/** Every n8n process group this process started and that has not exited yet. */
const running = new Set();

function track(child) {
	running.add(child);
	child.on('exit', () => running.delete(child));
	return child;
}

/** Sends `signal` to every n8n process group this process started that is still running. */
function killAll(signal) {
	for (const child of running) killGroup(child.pid, signal);
}

/**
 * Stops every n8n process this process started (servers and CLI calls, e.g.
 * an import still under way when Ctrl-C comes): SIGTERM, then SIGKILL after
 * `timeoutMs`.
 */
async function stopAll({ timeoutMs = 15000 } = {}) {
	const children = [...running];
	const exited = Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', resolve)))));
	for (const child of children) killGroup(child.pid, 'SIGTERM');
	let timer;
	await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
	clearTimeout(timer);
	for (const child of children) killGroup(child.pid, 'SIGKILL'); // leftovers of the groups (task runner)
}

/**
 * (e) `n8n start` on a free port; resolves when /healthz/readiness is 200.
 * @returns {Promise<{ url, port, pid, child, logs: () => string, stop: () => Promise<void> }>}
 */
async function startN8n(inst, { port, timeoutMs = 120000, env, logFile } = {}) {
	port = port || (await getFreePort());
	if (!(await isPortFree(port))) throw new Error(`port ${port} is in use`);
	const brokerPort = await getFreePort();
	const url = `http://127.0.0.1:${port}`;
	const child = track(spawn(inst.nodeBin, [inst.n8nBin, 'start'], {
		cwd: inst.userFolder,
		env: buildEnv(inst, {
			N8N_PORT: String(port),
			N8N_HOST: '127.0.0.1',
			N8N_EDITOR_BASE_URL: `${url}/`,
			[webhookUrlVariable(inst)]: `${url}/`,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			...env,
		}),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true, // own process group, so stop() also ends the task runner
	}));
	let out = '';
	const logStream = logFile ? fs.createWriteStream(logFile) : null;
	const onData = (d) => {
		out += d;
		if (out.length > 2e6) out = out.slice(-1e6);
		if (logStream) logStream.write(d);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	let exited = null;
	const exitPromise = new Promise((resolve) =>
		child.on('exit', (code, signal) => {
			exited = { code, signal };
			resolve(exited);
		}),
	);

	const stop = async ({ timeoutMs: stopTimeout = 15000 } = {}) => {
		if (!exited) {
			killGroup(child.pid, 'SIGTERM');
			const t = setTimeout(() => killGroup(child.pid, 'SIGKILL'), stopTimeout);
			await exitPromise;
			clearTimeout(t);
		}
		killGroup(child.pid, 'SIGKILL'); // leftovers of the group (task runner)
		if (logStream) logStream.end();
	};

	const started = Date.now();
	for (;;) {
		if (exited) {
			throw new Error(`n8n start exited early (${JSON.stringify(exited)}):\n${out.slice(-5000)}`);
		}
		try {
			// n8n 1.x is "ready" once its database is migrated, before its REST routes exist: wait for those too
			const res = await fetch(`${url}/healthz/readiness`);
			if (res.status === 200 && (await fetch(`${url}/rest/settings`)).status !== 404) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() - started > timeoutMs) {
			await stop();
			throw new Error(`n8n start not ready after ${timeoutMs} ms:\n${out.slice(-5000)}`);
		}
		await sleep(250);
	}
	return {
		url,
		port,
		pid: child.pid,
		child,
		startupMs: Date.now() - started,
		logs: () => out,
		stop,
	};
}

function isPortFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

// ----------------------------------------------------- (f) REST: owner/login

/**
 * Minimal REST client for n8n's internal API (/rest/...). Responses are
 * `{ data: ... }`; returns the parsed body. Throws on HTTP >= 400.
 */
async function rest(baseUrl, method, urlPath, { cookie, body, headers = {} } = {}) {
	const res = await fetch(`${baseUrl}/rest${urlPath}`, {
		method,
		headers: {
			'content-type': 'application/json',
			accept: 'application/json',
			// n8n checks that browser-id matches the one bound into the auth cookie
			'browser-id': 'e2e-browser-id',
			...(cookie ? { cookie } : {}),
			...headers,
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = text;
	}
	if (res.status >= 400) {
		const err = new Error(`${method} /rest${urlPath} -> ${res.status}: ${text.slice(0, 500)}`);
		err.status = res.status;
		err.body = json;
		throw err;
	}
	return { status: res.status, body: json, headers: res.headers };
}

function authCookieFrom(headers) {
	const set = headers.getSetCookie ? headers.getSetCookie() : [headers.get('set-cookie')];
	const c = set.filter(Boolean).find((s) => s.startsWith('n8n-auth='));
	return c ? c.split(';')[0] : null;
}

/**
 * (f) Create the owner account (POST /rest/owner/setup, no auth needed, only
 * once per instance). Returns { cookie, user } where cookie = 'n8n-auth=...'.
 * Password rules: 8-64 chars, >= 1 digit, >= 1 uppercase letter.
 */
async function setupOwner(baseUrl, owner = DEFAULT_OWNER) {
	const o = { ...DEFAULT_OWNER, ...owner };
	const r = await rest(baseUrl, 'POST', '/owner/setup', {
		body: { email: o.email, password: o.password, firstName: o.firstName, lastName: o.lastName },
	});
	return { cookie: authCookieFrom(r.headers), user: r.body.data };
}

/** (f) POST /rest/login -> { cookie, user }. Rate limit: 5 logins/min per email. */
async function login(baseUrl, { email, password } = DEFAULT_OWNER) {
	const r = await rest(baseUrl, 'POST', '/login', { body: { emailOrLdapLoginId: email, password } });
	return { cookie: authCookieFrom(r.headers), user: r.body.data };
}

// ------------------------------------------------- (g) publish / activate

/**
 * (g) Activate (= publish, in n8n 2.x) a workflow on a RUNNING server (n8n 1.123 has the same endpoint, synchronous):
 * GET /rest/workflows/:id for its versionId, then
 * POST /rest/workflows/:id/activate { versionId }.
 * In 2.x the triggers/webhooks are registered ASYNCHRONOUSLY afterwards (a
 * "publication outbox"), so by default this also polls
 * GET /rest/workflows/:id/publication-status until status is no longer
 * 'in_progress' and liveVersionId === versionId; throws if a trigger failed.
 * @returns {Promise<{ workflow: object, publication: object|null }>}
 */
async function activateWorkflow(baseUrl, cookie, id, { wait = true, timeoutMs = 30000, version = n8nVersion() } = {}) {
	const wf = (await rest(baseUrl, 'GET', `/workflows/${id}`, { cookie })).body.data;
	const r = await rest(baseUrl, 'POST', `/workflows/${id}/activate`, {
		cookie,
		body: { versionId: wf.versionId },
	});
	const workflow = r.body.data;
	// n8n 1.x registers the triggers before it answers (an error answer when one fails); it has no publication status.
	if (Number(version.split('.')[0]) < 2) {
		if (!workflow.active) throw new Error(`workflow ${id} is still inactive after activation: ${JSON.stringify(workflow).slice(0, 500)}`);
		return { workflow, publication: null };
	}
	if (!wait) return { workflow, publication: null };
	const publication = await waitForPublication(baseUrl, cookie, id, wf.versionId, { timeoutMs });
	return { workflow, publication };
}

/** Poll GET /rest/workflows/:id/publication-status until versionId is live. */
async function waitForPublication(baseUrl, cookie, id, versionId, { timeoutMs = 30000 } = {}) {
	const started = Date.now();
	for (;;) {
		const st = (await rest(baseUrl, 'GET', `/workflows/${id}/publication-status`, { cookie })).body.data;
		const failed = (st.triggers || []).filter((t) => t.status === 'failed');
		if (failed.length) {
			const err = new Error(`publishing workflow ${id} failed: ${failed.map((f) => f.errorMessage).join('; ')}`);
			err.publication = st;
			throw err;
		}
		if (st.status !== 'in_progress' && st.liveVersionId === versionId) return st;
		if (Date.now() - started > timeoutMs) {
			throw new Error(`workflow ${id} not live after ${timeoutMs} ms: ${JSON.stringify(st)}`);
		}
		await sleep(200);
	}
}

/** GET /types/nodes.json (needs the auth cookie in 2.x): list of node descriptions. */
async function getNodeTypes(baseUrl, cookie) {
	const res = await fetch(`${baseUrl}/types/nodes.json`, { headers: cookie ? { cookie } : {} });
	if (res.status !== 200) throw new Error(`/types/nodes.json -> ${res.status}`);
	return res.json();
}

/** GET /types/credentials.json (a kept-alive socket that n8n has just closed fails the first try now and then). */
async function getCredentialTypes(baseUrl, cookie) {
	const request = () => fetch(`${baseUrl}/types/credentials.json`, { headers: cookie ? { cookie } : {} });
	const res = await request().catch(request);
	if (res.status !== 200) throw new Error(`/types/credentials.json -> ${res.status}`);
	return res.json();
}

module.exports = {
	DEFAULT_OWNER,
	// (a)
	createUserFolder,
	createInstance,
	cleanupInstance,
	buildEnv,
	// (b)
	buildServicePackages,
	unpackServicePackages,
	packageHasNode,
	// CLI
	runN8n,
	runN8nOk,
	// (c)
	importCredentials,
	importWorkflows,
	// (d)
	executeWorkflow,
	parseExecuteOutput,
	// (e)
	startN8n,
	killGroup,
	killAll,
	stopAll,
	getFreePort,
	isPortFree,
	// (f)
	rest,
	setupOwner,
	login,
	// (g)
	activateWorkflow,
	waitForPublication,
	getNodeTypes,
	getCredentialTypes,
};
