'use strict';
/**
 * A real Directus (npm, see directus-install.js) on a database of its own:
 * Debian's Postgres in a private cluster (as the queue-mode suite starts it)
 * or a SQLite file, bootstrapped with an admin whose static token the suite
 * uses, on a free loopback port, its files in one temp dir.
 *
 *   const directus = await startDirectus('postgres');  // or 'sqlite'
 *   await directus.api('GET', '/items/integrity_check?limit=-1');  // { status, body }
 *   await directus.stop();  // always: Directus, Postgres, then the temp dir
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureDirectus } = require('./directus-install');
const { launch, removeDir, startPostgres, stopProcs, waitUntil } = require('../e2e/queue/cluster');
const { getFreePort } = require('../e2e/n8n-runner');

const ADMIN_TOKEN = 'directus-suite-admin-token';

/** Runs `directus <args>` to its end; throws with its output when it fails. */
async function directusCommand(install, args, { env, cwd, logFile }) {
	const proc = launch(`directus ${args.join(' ')}`, install.nodeBin, [install.cli, ...args], { env, cwd, logFile });
	const { code, signal } = await proc.exited;
	await proc.stop();
	if (code !== 0) throw new Error(`directus ${args.join(' ')} failed (${code ?? signal}):\n${proc.output().slice(-4000)}`);
}

/** @param {'postgres' | 'sqlite'} database */
async function startDirectus(database) {
	const install = ensureDirectus();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `directus-${database}-`));
	fs.chmodSync(dir, 0o755); // the postgres user must reach its data folder below
	const logDir = path.join(dir, 'logs');
	for (const sub of ['logs', 'uploads', 'extensions']) fs.mkdirSync(path.join(dir, sub));
	const procs = [];
	let pgData;
	try {
		const port = await getFreePort();
		const url = `http://127.0.0.1:${port}`;
		const env = {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			TMPDIR: os.tmpdir(),
			LANG: 'C.UTF-8',
			SECRET: 'directus-suite-secret-0123456789abcdef',
			ADMIN_EMAIL: 'admin@example.com',
			ADMIN_PASSWORD: 'directus-suite-admin-password',
			ADMIN_TOKEN,
			HOST: '127.0.0.1',
			PORT: String(port),
			PUBLIC_URL: url,
			TELEMETRY: 'false',
			LOG_LEVEL: 'warn',
			LOG_STYLE: 'raw',
			EXTENSIONS_PATH: path.join(dir, 'extensions'),
			STORAGE_LOCATIONS: 'local',
			STORAGE_LOCAL_ROOT: path.join(dir, 'uploads'),
			// Seeding sends batches of a few hundred records.
			MAX_PAYLOAD_SIZE: '10mb',
			// Directus answers 503 "Under pressure" when its event loop lags, as it does on a loaded CI
			// machine; the tests compare answers, they do not measure load.
			PRESSURE_LIMITER_ENABLED: 'false',
		};
		if (database === 'postgres') {
			const pg = await startPostgres({ dir, logDir, procs, user: 'directus', database: 'directus' });
			pgData = pg.pgData;
			Object.assign(env, { DB_CLIENT: 'pg', DB_HOST: '127.0.0.1', DB_PORT: String(pg.port), DB_DATABASE: 'directus', DB_USER: 'directus', DB_PASSWORD: '' });
		} else {
			Object.assign(env, { DB_CLIENT: 'sqlite3', DB_FILENAME: path.join(dir, 'directus.db') });
		}
		const started = Date.now();
		await directusCommand(install, ['bootstrap'], { env, cwd: dir, logFile: path.join(logDir, 'bootstrap.log') });
		const server = launch('directus', install.nodeBin, [install.cli, 'start'], { env, cwd: dir, logFile: path.join(logDir, 'directus.log') });
		procs.push(server);
		await waitUntil('Directus to answer /server/ping', async () => (await fetch(`${url}/server/ping`)).ok, { proc: server, timeoutMs: 180_000 });
		const startSeconds = Math.round((Date.now() - started) / 1000);

		/** One request with the admin token unless `token` is given (null: none); the body parsed when there is one. */
		async function api(method, pathAndQuery, { body, token = ADMIN_TOKEN } = {}) {
			const headers = { 'content-type': 'application/json' };
			if (token) headers.authorization = `Bearer ${token}`;
			const response = await fetch(`${url}${pathAndQuery}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
			const text = await response.text();
			return { status: response.status, body: text ? JSON.parse(text) : undefined };
		}

		/** Like api, but the answer must be 2xx; returns its `data`. */
		async function data(method, pathAndQuery, options) {
			const { status, body } = await api(method, pathAndQuery, options);
			if (status >= 300) throw new Error(`${method} ${pathAndQuery} answered ${status}: ${JSON.stringify(body)}`);
			return body?.data;
		}

		return {
			database,
			url,
			adminToken: ADMIN_TOKEN,
			version: install.version,
			startSeconds,
			api,
			data,
			log: () => fs.readFileSync(path.join(logDir, 'directus.log'), 'utf8'),
			async stop() {
				try {
					await stopProcs(procs);
				} finally {
					if (process.env.DIRECTUS_KEEP_LOGS) fs.cpSync(logDir, process.env.DIRECTUS_KEEP_LOGS, { recursive: true });
					removeDir(dir);
					if (pgData) removeDir(path.dirname(pgData));
				}
			},
		};
	} catch (error) {
		await stopProcs(procs);
		removeDir(dir);
		if (pgData) removeDir(path.dirname(pgData));
		throw error;
	}
}

module.exports = { startDirectus };
