#!/usr/bin/env node
'use strict';
// Starts the sandbox on fixed ports for `npm run dev`, demos and e2e tests.
// `send-neoday-webhook` sends one signed (or deliberately wrong) NeoDay
// webhook instead: see neoday-webhook.js.
const { startSandbox } = require('./index');
const { sendFromCommandLine } = require('./neoday-webhook');

const DEFAULT_PORTS = { scantrust: 5701, storage: 5702, sink: 5703, trackvision: 5704, neoday: 5705, foreign: 5706, epcis: 5707 };

async function main() {
	const base = Number(process.env.SANDBOX_BASE_PORT ?? 0);
	const ports = Object.fromEntries(
		Object.entries(DEFAULT_PORTS).map(([name, port], index) => [name, base ? base + index : port]),
	);
	const sandbox = await startSandbox({
		listen: { host: process.env.SANDBOX_HOST ?? '127.0.0.1', ports },
		workorderCompletionMs: Number(process.env.SANDBOX_WORKORDER_COMPLETION_MS ?? 5000),
		latencyMs: Number(process.env.SANDBOX_LATENCY_MS ?? 0),
	});
	console.log(JSON.stringify({ sandbox: sandbox.urls }));
	const stop = async () => {
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

const [command, ...args] = process.argv.slice(2);
const COMMANDS = { 'send-neoday-webhook': () => sendFromCommandLine(args).then((code) => process.exit(code)) };
const run = command === undefined ? main() : (COMMANDS[command] ?? (() => Promise.reject(new Error(`unknown command "${command}"; commands: ${Object.keys(COMMANDS).join(', ')}`))))();
run.catch((error) => {
	console.error(error);
	process.exit(1);
});
