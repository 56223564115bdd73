'use strict';
/**
 * The system parts a suite needs, checked before any of its tests runs: a
 * missing one stops the run with its name and how to install it, rather than
 * every test failing on its own.
 *
 *   requireSystemParts('npm run test:e2e:queue', ['redis', 'postgres']);
 */
const fs = require('fs');
const { spawnSync } = require('child_process');

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

const PARTS = {
	postgres: {
		name: "PostgreSQL (Debian's postgresql: initdb, postgres, pg_ctl in /usr/lib/postgresql/<major>/bin)",
		found: () => {
			const root = '/usr/lib/postgresql';
			return (fs.existsSync(root) && fs.readdirSync(root).some((major) => fs.existsSync(`${root}/${major}/bin/postgres`))) || onPath('postgres');
		},
		install: 'apt-get update && apt-get install -y postgresql',
	},
	redis: {
		name: 'Redis (redis-server)',
		found: () => onPath('redis-server'),
		install: 'apt-get update && apt-get install -y redis-server',
	},
	chromium: {
		name: `Chromium (${process.env.CHROMIUM_PATH || '/usr/bin/chromium'})`,
		found: () => fs.existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium'),
		install: 'apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH to a Chromium)',
	},
};

function requireSystemParts(suite, names) {
	const missing = names.filter((name) => !PARTS[name].found());
	if (!missing.length) return;
	const lines = missing.map((name) => `  - ${PARTS[name].name}: ${PARTS[name].install}`);
	throw new Error(`${suite} needs system parts that are missing on this machine:\n${lines.join('\n')}\n(bash .ci/run installs them as root.)`);
}

module.exports = { requireSystemParts };
