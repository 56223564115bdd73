'use strict';
/**
 * n8n in queue mode on this machine: Redis and Postgres (Debian's packages)
 * on loopback ports of their own with their data in one temp dir, one n8n
 * main (`n8n start`, EXECUTIONS_MODE=queue) and workers (`n8n worker`), each
 * n8n process with its own user folder, task-broker port and, for workers,
 * health-check port and hostname. Our packages are installed in every
 * process's `~/.n8n/nodes`, as the README's "Running at scale" section tells users.
 *
 *   const cluster = await startCluster({ packagesDir, workers: ['w1', 'w2'] });
 *   await r.importCredentials(cluster.main.inst, ...);  // before cluster.start()
 *   await cluster.start();
 *   await cluster.worker('w1').kill(); await cluster.worker('w1').start();
 *   cluster.workerOf(executionId);   // 'w1', from the workers' debug logs
 *   await cluster.stop();            // always: every process, then the temp dir
 *
 * Everything it spawns is tracked; stop() ends it, and so does an exit or a
 * SIGINT/SIGTERM/SIGHUP of this process (SIGKILL to each process group).
 */
const fs = require('fs');
const os = require('os');
const net = require('net');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const r = require('../n8n-runner');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Process groups started here and still running: pid -> label. */
const alive = new Map();
const tempDirs = new Set();

function killEverythingNow() {
	for (const pid of alive.keys()) r.killGroup(pid, 'SIGKILL');
	alive.clear();
	for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
	tempDirs.clear();
}

let handlersInstalled = false;
function installExitHandlers() {
	if (handlersInstalled) return;
	handlersInstalled = true;
	process.on('exit', killEverythingNow);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.once(signal, () => {
			killEverythingNow();
			process.exit(128 + os.constants.signals[signal]);
		});
	}
}

/** A long-running process in its own process group, its output in `logFile` and in memory. */
function launch(label, command, args, { env, cwd, uid, gid, logFile }) {
	const child = spawn(command, args, { env, cwd, uid, gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	alive.set(child.pid, label);
	const log = fs.createWriteStream(logFile, { flags: 'a' });
	let output = '';
	const onData = (chunk) => {
		output += chunk;
		if (output.length > 4e6) output = output.slice(-2e6);
		log.write(chunk);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const exited = new Promise((resolve) =>
		child.on('exit', (code, signal) => {
			alive.delete(child.pid);
			resolve({ code, signal });
		}),
	);
	let exitStatus = null;
	exited.then((status) => (exitStatus = status));
	return {
		label,
		pid: child.pid,
		output: () => output,
		exitStatus: () => exitStatus,
		exited,
		/** `signal` to the group, SIGKILL after `timeoutMs`, then SIGKILL to what is left of the group. */
		async stop(signal = 'SIGTERM', timeoutMs = 15_000) {
			if (!exitStatus) {
				r.killGroup(child.pid, signal);
				const timer = setTimeout(() => r.killGroup(child.pid, 'SIGKILL'), timeoutMs);
				await exited;
				clearTimeout(timer);
			}
			r.killGroup(child.pid, 'SIGKILL');
			await new Promise((resolve) => log.end(resolve));
		},
	};
}

async function waitUntil(what, check, { timeoutMs = 120_000, proc } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (proc?.exitStatus()) throw new Error(`${proc.label} exited (${JSON.stringify(proc.exitStatus())}) before ${what}:\n${proc.output().slice(-4000)}`);
		try {
			if (await check()) return;
		} catch {
			/* not yet */
		}
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${proc ? `:\n${proc.output().slice(-4000)}` : ''}`);
		await sleep(300);
	}
}

/** Sends one inline command to Redis and resolves with the first reply line. */
function redisCommand(port, command) {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		let reply = '';
		socket.setTimeout(2000, () => socket.destroy(new Error('redis timeout')));
		socket.on('connect', () => socket.write(`${command}\r\n`));
		socket.on('data', (chunk) => {
			reply += chunk;
			if (reply.includes('\r\n')) {
				socket.end();
				resolve(reply.split('\r\n')[0]);
			}
		});
		socket.on('error', reject);
	});
}

/** Debian's Postgres binaries: the newest /usr/lib/postgresql/<major>/bin, or PATH. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'bin', 'postgres'))) : [];
	majors.sort((a, b) => Number(a) - Number(b));
	if (majors.length) return path.join(root, majors.pop(), 'bin');
	const which = spawnSync('sh', ['-c', 'command -v postgres'], { encoding: 'utf8' });
	if (which.status === 0) return path.dirname(which.stdout.trim());
	throw new Error('Postgres is missing: apt-get install -y postgresql (the .ci/run script does)');
}

/** Postgres refuses to run as root: as root, run it as the `postgres` user the Debian package creates. */
function postgresUser() {
	if (process.getuid() !== 0) return {};
	const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
	const uid = id('-u');
	if (!uid) throw new Error('running as root, but there is no postgres user to run Postgres as');
	return { uid, gid: id('-g') };
}

/** Whether a user other than the owner can pass through every folder from the root down to `dir`. */
function passableByOthers(dir) {
	for (let current = path.resolve(dir); ; current = path.dirname(current)) {
		if ((fs.statSync(current).mode & 0o001) === 0) return false;
		if (current === path.dirname(current)) return true;
	}
}

/**
 * Where Postgres's data folder goes: in the cluster's temp dir, unless Postgres runs as another user
 * who cannot pass through a folder above it (TMPDIR may be a 0700 folder, as .ci/run makes it, or lie in
 * a clone made with `mktemp -d`): then in a temp dir of its own under /tmp, removed with the cluster.
 */
function postgresParent(clusterDir, pgUser) {
	if (!pgUser.uid || passableByOthers(clusterDir)) return clusterDir;
	const own = fs.mkdtempSync(path.join('/tmp', 'n8n-queue-pg-'));
	tempDirs.add(own);
	fs.chmodSync(own, 0o755);
	return own;
}

function runChecked(command, args, opts) {
	const res = spawnSync(command, args, { encoding: 'utf8', ...opts });
	if (res.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${res.status}): ${res.stderr || res.stdout}${res.error ?? ''}`);
	return res.stdout;
}

/**
 * A Postgres cluster of its own under `dir` (trust auth on loopback, socket in
 * its data folder, no fsync), with `database` owned by the superuser `user`.
 * Its process goes into `procs`; stop it with the others.
 */
async function startPostgres({ dir, logDir, procs, user, database }) {
	installExitHandlers();
	const bin = postgresBinDir();
	const pgUser = postgresUser();
	const pgData = path.join(postgresParent(dir, pgUser), 'postgres');
	fs.mkdirSync(pgData, { mode: 0o700 });
	if (pgUser.uid) fs.chownSync(pgData, pgUser.uid, pgUser.gid);
	const pgEnv = { PATH: process.env.PATH, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
	runChecked(path.join(bin, 'initdb'), ['-D', pgData, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-sync'], { ...pgUser, env: pgEnv, cwd: pgData });
	const port = await r.getFreePort();
	const postgres = launch(
		'postgres',
		path.join(bin, 'postgres'),
		['-D', pgData, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${pgData}`, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
		{ ...pgUser, env: pgEnv, cwd: pgData, logFile: path.join(logDir, 'postgres.log') },
	);
	procs.push(postgres);
	// SIGINT is Postgres's fast shutdown (SIGTERM would wait for clients).
	postgres.stopSignal = 'SIGINT';
	await waitUntil(
		'Postgres to accept connections',
		async () => spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { env: pgEnv }).status === 0,
		{ proc: postgres, timeoutMs: 60_000 },
	);
	runChecked(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database], { env: pgEnv });
	/** Runs one SQL statement; returns the rows, each an array of column texts. */
	const sql = (query) =>
		runChecked(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-AtF', '\t', '-c', query], { env: pgEnv })
			.split('\n')
			.filter(Boolean)
			.map((line) => line.split('\t'));
	return { port, pgData, sql, proc: postgres };
}

/**
 * Starts Redis and Postgres and prepares the n8n instances (nothing of n8n
 * runs yet: import credentials and workflows into `cluster.main.inst`, then
 * call `cluster.start()`).
 * @param {{ packagesDir: string, workers?: string[], env?: object, concurrency?: number }} opts
 */
async function startCluster({ packagesDir, workers = ['w1', 'w2'], env = {}, concurrency = 5 }) {
	installExitHandlers();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-'));
	tempDirs.add(dir);
	fs.chmodSync(dir, 0o755); // the postgres user must reach its data folder below
	const logDir = path.join(dir, 'logs');
	fs.mkdirSync(logDir);
	const procs = [];
	const cluster = { dir, logDir, procs, main: null, workers: [] };

	try {
		// Redis: no persistence, loopback only, in the foreground of its own process group.
		const redisPort = await r.getFreePort();
		const redisDir = path.join(dir, 'redis');
		fs.mkdirSync(redisDir);
		const redis = launch('redis', 'redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir, '--daemonize', 'no'], {
			env: process.env,
			cwd: redisDir,
			logFile: path.join(logDir, 'redis.log'),
		});
		procs.push(redis);
		await waitUntil('Redis to answer PING', async () => (await redisCommand(redisPort, 'PING')) === '+PONG', { proc: redis, timeoutMs: 30_000 });

		const { port: pgPort, pgData, sql } = await startPostgres({ dir, logDir, procs, user: 'n8n', database: 'n8n' });

		const shared = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pgPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			// "Enqueued execution N" (main), "Worker started execution N" (worker)
			N8N_LOG_LEVEL: 'debug',
			// n8n 3 makes this the only behaviour (the v3 rule offload-manual-executions): manual runs go to workers too
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			...env,
		};
		const instance = (name) => {
			const userFolder = path.join(dir, name);
			fs.mkdirSync(userFolder);
			return r.createInstance({ packagesDir, userFolder, env: { ...shared } });
		};

		cluster.main = { name: 'main', inst: instance('main'), proc: null, url: null };
		cluster.workers = workers.map((name) => ({ name, inst: instance(name), proc: null, healthPort: null }));
		cluster.pgData = pgData;
		cluster.redisPort = redisPort;
		cluster.pgPort = pgPort;
		/** Runs one SQL statement in n8n's database; returns the rows, each an array of column texts. */
		cluster.sql = sql;
		cluster.shared = shared;
		cluster.concurrency = concurrency;
		Object.assign(cluster, methods(cluster));
		return cluster;
	} catch (error) {
		await stopProcs(procs);
		for (const leftover of [...tempDirs]) removeDir(leftover);
		throw error;
	}
}

async function stopProcs(procs) {
	for (const proc of [...procs].reverse()) await proc.stop(proc.stopSignal ?? 'SIGTERM');
}

function removeDir(dir) {
	fs.rmSync(dir, { recursive: true, force: true });
	tempDirs.delete(dir);
}

/** Whether this process may give a child its own UTS namespace (hostname). */
function canUnshareHostname() {
	return spawnSync('unshare', ['-u', 'true']).status === 0;
}

function methods(cluster) {
	const ownHostname = canUnshareHostname();

	async function startMain() {
		const { main } = cluster;
		const port = await r.getFreePort();
		const brokerPort = await r.getFreePort();
		const url = `http://127.0.0.1:${port}`;
		const env = r.buildEnv(main.inst, {
			N8N_PORT: String(port),
			N8N_HOST: '127.0.0.1',
			N8N_EDITOR_BASE_URL: `${url}/`,
			WEBHOOK_URL: `${url}/`,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		});
		main.proc = launch('n8n main', main.inst.nodeBin, [main.inst.n8nBin, 'start'], { env, cwd: main.inst.userFolder, logFile: path.join(cluster.logDir, 'main.log') });
		cluster.procs.push(main.proc);
		main.url = url;
		await waitUntil('the n8n main to be ready', async () => (await fetch(`${url}/healthz/readiness`)).status === 200, { proc: main.proc });
	}

	/** Starts (or restarts) a worker: its own hostname when possible, broker and health-check ports. */
	async function startWorker(worker) {
		worker.healthPort = await r.getFreePort();
		const env = r.buildEnv(worker.inst, {
			N8N_RUNNERS_BROKER_PORT: String(await r.getFreePort()),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(worker.healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		});
		const n8nArgs = [worker.inst.n8nBin, 'worker', `--concurrency=${cluster.concurrency}`];
		const [command, args] = ownHostname
			? ['unshare', ['-u', 'sh', '-c', 'hostname "$0" && exec "$@"', worker.name, worker.inst.nodeBin, ...n8nArgs]]
			: [worker.inst.nodeBin, n8nArgs];
		worker.proc = launch(`n8n worker ${worker.name}`, command, args, { env, cwd: worker.inst.userFolder, logFile: path.join(cluster.logDir, `${worker.name}.log`) });
		cluster.procs.push(worker.proc);
		await waitUntil(`worker ${worker.name} to be ready`, async () => (await fetch(`http://127.0.0.1:${worker.healthPort}/healthz/readiness`)).status === 200, { proc: worker.proc });
	}

	const worker = (name) => {
		const found = cluster.workers.find((w) => w.name === name);
		if (!found) throw new Error(`no worker ${name}`);
		return {
			...found,
			start: () => startWorker(found),
			/** SIGKILL, as a crash or an OOM kill would: no graceful shutdown. */
			kill: async () => {
				await found.proc.stop('SIGKILL');
				cluster.procs.splice(cluster.procs.indexOf(found.proc), 1);
			},
		};
	};

	return {
		ownHostname,
		worker,
		/** Main first (it runs the migrations), then the workers. Returns the time it took. */
		async start() {
			const started = Date.now();
			await startMain();
			await Promise.all(cluster.workers.map(startWorker));
			return Date.now() - started;
		},
		/** Which worker logged "Worker started execution <id>" (every start, when it was started again). */
		workersOf(executionId) {
			const pattern = new RegExp(`Worker started execution ${executionId}\\b`);
			return cluster.workers.filter((w) => pattern.test(fs.readFileSync(path.join(cluster.logDir, `${w.name}.log`), 'utf8'))).map((w) => w.name);
		},
		mainLog: () => fs.readFileSync(path.join(cluster.logDir, 'main.log'), 'utf8'),
		/** Stops n8n (workers, then the main), Postgres and Redis, and removes the temp dir. */
		async stop() {
			try {
				await stopProcs(cluster.procs);
			} finally {
				if (process.env.E2E_QUEUE_KEEP_LOGS) {
					fs.cpSync(cluster.logDir, process.env.E2E_QUEUE_KEEP_LOGS, { recursive: true });
				}
				removeDir(cluster.dir);
				removeDir(path.dirname(cluster.pgData));
			}
		},
	};
}

module.exports = { startCluster, startPostgres, launch, waitUntil, stopProcs, removeDir, postgresBinDir };
