'use strict';
/**
 * Helpers shared by the e2e test files (*.e2e.js): a sandbox and an n8n
 * instance per test file, the sandbox's control routes over HTTP, n8n's
 * binary files on disk, and waiting with a deadline.
 */
const fs = require('fs');
const path = require('path');
const r = require('./n8n-runner');
const { startSandbox } = require('../sandbox');

/**
 * The folder global-setup.js unpacked the three per-service tarballs into. Test files
 * only read it; each n8n instance gets its own user folder.
 */
function packagesDir() {
	const dir = process.env.E2E_PACKAGES_DIR;
	if (!dir || !fs.existsSync(dir)) {
		throw new Error('E2E_PACKAGES_DIR is not set: run the e2e suite with `npm run test:e2e`');
	}
	return dir;
}

/** Whether a packed package has a node named `name`: lets a test of a node that lands later skip until it exists. */
function hasNodeType(name) {
	return r.packageHasNode(packagesDir(), name);
}

/** An n8n instance (fresh user folder) with our package loaded. */
function newInstance(opts = {}) {
	return r.createInstance({ packagesDir: packagesDir(), ...opts });
}

/** The sandbox, in this process, on free ports of 127.0.0.1. */
async function newSandbox(options = {}) {
	return await startSandbox({ listen: { host: '127.0.0.1' }, workorderCompletionMs: 0, ...options });
}

/** Calls a sandbox route (control routes live under /__sandbox/ on every origin). */
async function sandboxCall(origin, method, urlPath, body) {
	const res = await fetch(`${origin}${urlPath}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`${method} ${origin}${urlPath} -> ${res.status}: ${text}`);
	return text ? JSON.parse(text) : undefined;
}

/** Requests a sandbox service received (`GET /__sandbox/requests`), oldest first. */
async function sandboxRequests(urls, service, pathPrefix = '') {
	const qs = new URLSearchParams({ service, path: pathPrefix });
	return await sandboxCall(urls[service], 'GET', `/__sandbox/requests?${qs}`);
}

/** What the sink received on a channel (`GET /__sandbox/sink/<channel>`). */
async function sinkEvents(urls, channel) {
	return await sandboxCall(urls.sink, 'GET', `/__sandbox/sink/${encodeURIComponent(channel)}`);
}

/**
 * Where n8n keeps a binary in filesystem mode (its default in 2.x): the ID
 * `filesystem-v2:workflows/<wf>/executions/<ex>/binary_data/<uuid>` is a path
 * below `<N8N_USER_FOLDER>/.n8n/storage/` (n8n's StorageConfig; 1.x:
 * `.n8n/binaryData/`), or N8N_BINARY_DATA_STORAGE_PATH when that is set.
 */
function binaryFilePath(inst, binary) {
	if (!binary || typeof binary.id !== 'string') throw new Error(`not a binary stored on disk: ${JSON.stringify(binary)}`);
	const [mode, fileId] = binary.id.split(/:(.*)/s);
	if (!/^filesystem/.test(mode)) throw new Error(`binary ${binary.id} is not in filesystem mode`);
	// n8n 1.x keeps it in .n8n/binaryData
	const folder = Number(inst.n8nVersion.split('.')[0]) < 2 ? 'binaryData' : 'storage';
	const storage = inst.env.N8N_BINARY_DATA_STORAGE_PATH || path.join(inst.userFolder, '.n8n', folder);
	return path.join(storage, fileId);
}

/** Lines in a file, counted in chunks (the 200,000-scan CSV is 50 MB). */
function countLines(file) {
	const fd = fs.openSync(file, 'r');
	const buffer = Buffer.alloc(1 << 20);
	let lines = 0;
	let last = 10;
	try {
		for (let read; (read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; ) {
			for (let i = 0; i < read; i++) if (buffer[i] === 10) lines++;
			last = buffer[read - 1];
		}
	} finally {
		fs.closeSync(fd);
	}
	return last === 10 ? lines : lines + 1;
}

/** The items (json and binary) the last run of a node put out, from `n8n execute --rawOutput`. */
function nodeOutput(result, nodeName) {
	const runs = result.run?.data?.resultData?.runData?.[nodeName];
	if (!runs?.length) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(result.run?.data?.resultData?.runData ?? {}).join(', ')}`);
	const last = runs[runs.length - 1];
	if (last.error) throw new Error(`node "${nodeName}" failed: ${last.error.message}`);
	return last.data?.main?.[0] ?? [];
}

/** Executes a workflow with the CLI and fails with n8n's output when it did not succeed. */
async function executeOk(inst, id) {
	const result = await r.executeWorkflow(inst, id);
	if (!result.ok) {
		throw new Error(
			`workflow ${id} failed: ${result.error?.message ?? '(no run printed)'} (exit ${result.code}, signal ${result.signal})\n` +
				result.stdout.slice(-4000),
		);
	}
	return result;
}

/** Polls `check` until it returns a truthy value; throws after `timeoutMs` with `what` and the last value. */
async function waitFor(check, { timeoutMs, intervalMs = 1000, what }) {
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		last = await check();
		if (last) return last;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** One line on stderr that jest shows even for passing tests. */
function note(message) {
	process.stderr.write(`[e2e] ${message}\n`);
}

module.exports = {
	packagesDir,
	hasNodeType,
	newInstance,
	newSandbox,
	sandboxCall,
	sandboxRequests,
	sinkEvents,
	binaryFilePath,
	countLines,
	nodeOutput,
	executeOk,
	waitFor,
	note,
};
