#!/usr/bin/env node
'use strict';

// Runs n8n's community-package scanner (@n8n/scan-community-package) locally, on
//   (a) the package source (repo root, the scanner's SOURCE_FILE_PATTERNS), and
//   (b) the unpacked `npm pack` tarball (compiled .js + package.json),
// i.e. the two legs `npx @n8n/scan-community-package <name>` runs on a published
// package, minus the npm download and the provenance check (no network needed).
// As a script it scans the all-in-one root package (dist/ must be built: `npm test` builds);
// `npm run packages` calls scanPackage() for each per-service project and its tarball.
// Exits 1 on any error.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');

const ROOT = path.resolve(__dirname, '..', '..');
// The scanner CLI hard-codes these for the tarball leg (see analyzePackageByName):
// .ts/.d.ts are covered by the source leg and only false-positive on filename rules.
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
const cleanup = () => fs.rmSync(workDir, { recursive: true, force: true });
process.on('exit', cleanup);
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
	process.on(signal, () => process.exit(code));
}

function run(cmd, args, cwd) {
	const res = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
	if (res.status !== 0) {
		throw new Error(`\`${cmd} ${args.join(' ')}\` failed (${res.error?.message ?? `exit ${res.status}`}):\n${res.stderr}`);
	}
	return res.stdout;
}

async function loadScanner() {
	// The package has no root export; the analyzer lives in scanner/scanner.mjs (ESM).
	const pkgJson = require.resolve('@n8n/scan-community-package/package.json');
	const file = path.join(path.dirname(pkgJson), 'scanner', 'scanner.mjs');

	// Record the lint results of each analyzePackage() run: it only returns a
	// formatted report, and only when there are errors (warnings get dropped).
	const { ESLint } = createRequire(file)('eslint');
	const state = { results: null };
	const lintFiles = ESLint.prototype.lintFiles;
	ESLint.prototype.lintFiles = async function (...args) {
		state.results = await lintFiles.apply(this, args);
		return state.results;
	};

	// scanner.mjs creates a temp dir on import and never removes it: keep it in ours.
	const prevTmp = process.env.TMPDIR;
	process.env.TMPDIR = workDir;
	try {
		const scanner = await import(pathToFileURL(file).href);
		return { ...scanner, state };
	} finally {
		if (prevTmp === undefined) delete process.env.TMPDIR;
		else process.env.TMPDIR = prevTmp;
	}
}

function unpack(tarball) {
	const unpackDir = fs.mkdtempSync(path.join(workDir, 'unpacked-'));
	run('tar', ['-xzf', tarball, '-C', unpackDir], ROOT);
	return path.join(unpackDir, 'package');
}

function packAndUnpack() {
	const packDir = fs.mkdtempSync(path.join(workDir, 'pack-'));
	run('npm', ['pack', '--silent', '--pack-destination', packDir], ROOT);
	const tarballs = fs.readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
	if (tarballs.length !== 1) throw new Error(`expected one tarball from npm pack, got: ${tarballs}`);
	console.log(`packed ${tarballs[0]}`);
	return unpack(path.join(packDir, tarballs[0]));
}

// Every file n8n loads (package.json "n8n.nodes"/"n8n.credentials") must be in the tarball.
function checkRegisteredFiles(pkgDir) {
	const { n8n = {} } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
	const files = [...(n8n.nodes ?? []), ...(n8n.credentials ?? [])];
	const missing = files.filter((f) => !fs.existsSync(path.join(pkgDir, f)));
	for (const f of missing) {
		console.log(`  package.json  error  "${f}" is registered in package.json "n8n" but missing from the tarball (is dist/ built?)`);
	}
	return missing.length;
}

async function scan(scanner, label, dir, patterns, displayPrefix) {
	console.log(`\n=== scan: ${label} ===`);
	scanner.state.results = null;
	const result = await scanner.analyzePackage(dir, patterns);
	const lintResults = scanner.state.results ?? [];

	let errors = 0;
	let warnings = 0;
	for (const file of lintResults) {
		const rel = path.join(displayPrefix, path.relative(dir, file.filePath));
		for (const m of file.messages) {
			const severity = m.severity === 2 ? 'error' : 'warning';
			if (m.severity === 2) errors++;
			else warnings++;
			console.log(`  ${rel}:${m.line ?? 0}:${m.column ?? 0}  ${severity}  ${m.message}  (${m.ruleId ?? 'fatal'})`);
		}
	}
	// Fallback if results could not be captured: show the scanner's own report.
	if (!result.passed && errors === 0) {
		console.log(result.details ?? '');
		console.log(`  ${result.message}`);
		errors = Math.max(errors, 1);
	}
	const files = lintResults.length;
	console.log(`${result.passed && errors === 0 ? 'PASS' : 'FAIL'}: ${files} file(s), ${errors} error(s), ${warnings} warning(s)`);
	return errors;
}

let scannerLoaded;

/** Both legs on one package: its source folder and its tarball (packed from the root when not given). */
async function scanPackage({ label = 'package', sourceDir = ROOT, tarball } = {}) {
	scannerLoaded ??= loadScanner();
	const scanner = await scannerLoaded;
	let errors = await scan(scanner, `${label} source`, sourceDir, scanner.SOURCE_FILE_PATTERNS, path.relative(ROOT, sourceDir));
	console.log(`\n=== ${label}: npm pack ===`);
	const pkgDir = tarball ? unpack(tarball) : packAndUnpack();
	errors += checkRegisteredFiles(pkgDir);
	errors += await scan(scanner, `${label} tarball`, pkgDir, TARBALL_FILE_PATTERNS, 'package');
	console.log(errors ? `\n${label}: scan FAILED with ${errors} error(s)` : `\n${label}: scan passed`);
	return errors;
}

module.exports = { scanPackage };

if (require.main === module) {
	scanPackage({ label: 'n8n-nodes-connected-packaging' })
		.then((errors) => {
			process.exitCode = errors ? 1 : 0;
		})
		.catch((error) => {
			console.error('scan failed:', error);
			process.exitCode = 1;
		});
}
