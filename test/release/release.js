#!/usr/bin/env node
'use strict';
// `npm run release -- patch|minor|major|x.y.z`, from a clean tree: bumps the version in
// package.json and package-lock.json (the one version of all three per-service packages), moves the
// Unreleased entries of CHANGELOG.md and of each package's CHANGELOG (docs/packages/<name>/) under the
// new version, commits "Release x.y.z" and tags it x.y.z. Pushing the tag (`git push --follow-tags`)
// starts .github/workflows/publish.yml, which publishes the three packages to npm with provenance once
// the tests, the lint and n8n's scanner pass. It refuses while package.json's author or repository is a
// placeholder: such a tag could never be published.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { nextVersion, releaseChangelog } = require('./changelog');
const { placeholderProblems } = require('./identity');

const ROOT = process.cwd();

function git(args) {
	const res = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
	if (res.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${res.stderr.trim()}`);
	return res.stdout.trim();
}

function tagExists(tag) {
	return spawnSync('git', ['rev-parse', '-q', '--verify', `refs/tags/${tag}`], { cwd: ROOT }).status === 0;
}

/** The per-service packages' CHANGELOGs under docs/packages/, where the repository has them. */
function packageChangelogFiles() {
	const dir = path.join(ROOT, 'docs', 'packages');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.map((name) => path.join(dir, name, 'CHANGELOG.md'))
		.filter((file) => fs.existsSync(file));
}

/** The packages are released in step: one with no change of its own says so rather than stopping the release. */
function releasePackageChangelog(text, release) {
	try {
		return release(text);
	} catch (error) {
		if (!/lists no change/.test(error.message)) throw error;
		return release(text.replace(/^## \[Unreleased\][^\n]*\n/m, (heading) => `${heading}\n- Released in step with the other packages; no change of its own.\n`));
	}
}

function main() {
	if (git(['status', '--porcelain'])) throw new Error('the working tree has changes: commit or stash them first');
	const pkgFile = path.join(ROOT, 'package.json');
	const lockFile = path.join(ROOT, 'package-lock.json');
	const changelogFile = path.join(ROOT, 'CHANGELOG.md');
	const pkgText = fs.readFileSync(pkgFile, 'utf8');
	const pkg = JSON.parse(pkgText);
	const problems = placeholderProblems(pkg);
	if (problems.length) throw new Error(`set these first (see the README's "Releasing"):\n- ${problems.join('\n- ')}`);
	const version = nextVersion(pkg.version, process.argv[2]);
	if (tagExists(version)) throw new Error(`tag ${version} exists already`);

	const date = new Date().toISOString().slice(0, 10);
	const release = (text) => releaseChangelog(text, { version, date, repositoryUrl: pkg.repository?.url ?? pkg.homepage });
	const changelog = release(fs.readFileSync(changelogFile, 'utf8'));
	const packageChangelogs = packageChangelogFiles().map((file) => [file, releasePackageChangelog(fs.readFileSync(file, 'utf8'), release)]);
	// Only the version line changes, so package.json keeps its formatting.
	fs.writeFileSync(pkgFile, pkgText.replace(/^(\s*"version":\s*)"[^"]*"/m, `$1"${version}"`));
	if (fs.existsSync(lockFile)) {
		const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
		lock.version = version;
		if (lock.packages?.['']) lock.packages[''].version = version;
		fs.writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
	}
	fs.writeFileSync(changelogFile, changelog);
	for (const [file, text] of packageChangelogs) fs.writeFileSync(file, text);

	git(['add', 'package.json', 'CHANGELOG.md', ...packageChangelogs.map(([file]) => file), ...(fs.existsSync(lockFile) ? ['package-lock.json'] : [])]);
	git(['commit', '-q', '-m', `Release ${version}`]);
	git(['tag', '-a', version, '-m', version]);
	process.stdout.write(
		`released ${pkg.version} -> ${version}: commit "Release ${version}", tag ${version}\n` +
			'publish it: git push --follow-tags (.github/workflows/publish.yml publishes the tag to npm with provenance)\n',
	);
}

try {
	main();
} catch (error) {
	process.stderr.write(`release: ${error.message}\n`);
	process.exitCode = 1;
}
