#!/usr/bin/env node
'use strict';
// prepublishOnly: publish only what the tag says. Refuses a working tree with changes
// (a tarball built from them would match no commit), then builds and runs `npm run lint`
// (eslint + n8n's community-package scanner); any failure stops `npm publish`.
// .npmrc sets ignore-scripts=true (see README), so publish.yml runs
// `npm publish --ignore-scripts=false` for npm to run this script.
const { spawnSync } = require('node:child_process');

function run(command, args) {
	const res = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
	return { ok: res.status === 0, output: `${res.stdout ?? ''}${res.stderr ?? ''}` };
}

const status = run('git', ['status', '--porcelain']);
if (!status.ok || status.output.trim()) {
	process.stderr.write(`prepublishOnly: refusing to publish from a working tree with changes:\n${status.output}`);
	process.exit(1);
}
for (const script of ['build', 'lint']) {
	const res = spawnSync('npm', ['run', script], { stdio: 'inherit' });
	if (res.status !== 0) {
		process.stderr.write(`prepublishOnly: npm run ${script} failed, not publishing\n`);
		process.exit(1);
	}
}
