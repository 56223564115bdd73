'use strict';
// One temporary folder per `npm test` run, inside the clone (.cache/ is git-ignored):
// jest's global setup points TMPDIR at it, so every worker's user folder and binary
// data (env.ts), and whatever n8n-core writes to os.tmpdir(), land there; the global
// teardown removes it, failed tests or not. A run that was killed before its teardown
// leaves its folder behind, and the next run removes it.
const fs = require('node:fs');
const path = require('node:path');

const TEMP_PARENT = path.resolve(__dirname, '..', '..', '.cache', 'tmp');
const PREFIX = 'jest-';

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

function removeLeftovers() {
	if (!fs.existsSync(TEMP_PARENT)) return;
	for (const name of fs.readdirSync(TEMP_PARENT)) {
		const pid = Number(name.slice(PREFIX.length));
		if (name.startsWith(PREFIX) && !isAlive(pid)) fs.rmSync(path.join(TEMP_PARENT, name), { recursive: true, force: true });
	}
}

function runFolder() {
	return path.join(TEMP_PARENT, `${PREFIX}${process.pid}`);
}

module.exports = { TEMP_PARENT, removeLeftovers, runFolder };
