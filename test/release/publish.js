#!/usr/bin/env node
'use strict';
// `npm run publish:packages`, run by .github/workflows/publish.yml on a version tag: publishes the three
// per-service packages, in lockstep at the tag's version, with npm provenance. It refuses while package.json's
// author or repository is a placeholder, when the tag is not the version, or from a working tree with changes;
// then `npm run packages` builds, lints (n8n-node lint, strict) and scans each one, and only then does any
// publish start. A package whose version is on npm already is skipped, so a run that failed halfway can be
// repeated. The root package (the all-in-one for N8N_CUSTOM_EXTENSIONS) is private and never published.
const { spawnSync } = require('node:child_process');
const { placeholderProblems } = require('./identity');
const { ROOT, PACKAGES, rootPackageJson, packagePaths } = require('../packages/packages');

function run(command, args, { inherit = false } = {}) {
	const res = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: inherit ? 'inherit' : 'pipe' });
	return { ok: res.status === 0, output: `${res.stdout ?? ''}${res.stderr ?? ''}`.trim() };
}

function refusals(pkg) {
	const problems = placeholderProblems(pkg, { runningIn: process.env.GITHUB_REPOSITORY });
	const tag = process.env.GITHUB_REF_NAME;
	if (tag && tag !== pkg.version) problems.push(`the tag ${tag} is not package.json's version ${pkg.version}`);
	const status = run('git', ['status', '--porcelain']);
	if (!status.ok || status.output) problems.push(`the working tree has changes:\n${status.output}`);
	return problems;
}

function main() {
	const pkg = rootPackageJson();
	const problems = refusals(pkg);
	if (problems.length) {
		process.stderr.write(`publish: not publishing, set these first (see the README's "Releasing"):\n- ${problems.join('\n- ')}\n`);
		return 1;
	}
	if (!run('npm', ['run', 'packages'], { inherit: true }).ok) {
		process.stderr.write('publish: npm run packages failed, nothing published\n');
		return 1;
	}
	for (const { name } of PACKAGES) {
		const published = run('npm', ['view', `${name}@${pkg.version}`, 'version']);
		if (published.ok && published.output === pkg.version) {
			process.stdout.write(`${name}@${pkg.version} is on npm already: skipped\n`);
			continue;
		}
		const { tarball } = packagePaths(name);
		if (!run('npm', ['publish', tarball, '--provenance', '--access', 'public'], { inherit: true }).ok) {
			process.stderr.write(`publish: ${name}@${pkg.version} failed; run again to publish what is left\n`);
			return 1;
		}
	}
	return 0;
}

process.exitCode = main();
