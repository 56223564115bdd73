#!/usr/bin/env node
'use strict';
// `npm run packages`: assembles the three per-service packages from this source tree under
// dist/packages/<name>/ as standard `n8n-node` projects (the starter's default eslint.config.mjs, `"strict": true`),
// builds each with `n8n-node build`, lints it with `n8n-node lint`, asks `n8n-node cloud-support` whether it is
// eligible, packs dist/packages/<name>.tgz and runs n8n's community-package scanner on the project and the tarball.
//
//   npm run packages                       all three, every step
//   npm run packages -- --skip-checks      assemble, build and pack only (the e2e setup, after a checked build)
//   npm run packages -- n8n-nodes-neoday   one package
//
// A package's node_modules is a link to the repository's, so its `n8n-node`, tsc and eslint are the repository's
// pinned devDependencies and nothing is downloaded. npm pack leaves node_modules out.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ROOT, OUT_DIR, PACKAGES, rootPackageJson, registeredFiles, checkCoverage, packagePaths } = require('./packages');

const CLI_DIR = path.join(ROOT, 'node_modules', '@n8n', 'node-cli');
const N8N_NODE = path.join(CLI_DIR, 'bin', 'n8n-node.mjs');
const DEFAULT_ESLINT_CONFIG = path.join(CLI_DIR, 'dist', 'template', 'templates', 'shared', 'default', 'eslint.config.mjs');

function run(command, args, cwd, { quiet = false } = {}) {
	// npm's own variables from the outer `npm run` would make npm inside the package act on the repository.
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
	const res = spawnSync(command, args, { cwd, env: { ...env, NO_COLOR: '1', CI: 'true' }, encoding: 'utf8' });
	const output = `${res.stdout ?? ''}${res.stderr ?? ''}`;
	if (res.status !== 0) {
		throw new Error(`\`${path.basename(command)} ${args.join(' ')}\` failed in ${path.relative(ROOT, cwd)}:\n${output}`);
	}
	if (!quiet) process.stdout.write(output);
	return output;
}

function copy(from, to) {
	fs.cpSync(path.join(ROOT, from), to, { recursive: true });
}

function packageJson(spec, rootPkg) {
	const { nodes, credentials } = registeredFiles(spec, rootPkg);
	const repositoryUrl = rootPkg.repository.url;
	const web = repositoryUrl.replace(/^git\+/, '').replace(/\.git$/, '');
	return {
		name: spec.name,
		version: rootPkg.version,
		description: spec.description,
		keywords: ['n8n-community-node-package', 'n8n', ...spec.keywords],
		license: rootPkg.license,
		homepage: `${web}/tree/main/docs/packages/${spec.name}#readme`,
		author: rootPkg.author,
		repository: { type: 'git', url: repositoryUrl, directory: `nodes/${spec.service}` },
		scripts: {
			build: 'n8n-node build',
			lint: 'n8n-node lint',
		},
		files: ['dist', 'CHANGELOG.md'],
		publishConfig: { access: 'public', provenance: true },
		n8n: { n8nNodesApiVersion: 1, strict: true, credentials, nodes },
		peerDependencies: rootPkg.peerDependencies,
	};
}

function tsconfig() {
	const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
	// No build-info file: it would otherwise be published inside dist/.
	return {
		compilerOptions: { ...compilerOptions, incremental: false },
		include: ['credentials/**/*', 'nodes/**/*', 'nodes/**/*.json'],
	};
}

/** A codex file names its node by package: `n8n-nodes-scantrust.scantrust`, not the all-in-one's name. */
function renameCodexNodes(spec, serviceDir) {
	for (const file of fs.readdirSync(serviceDir).filter((name) => name.endsWith('.node.json'))) {
		const codexFile = path.join(serviceDir, file);
		const codex = JSON.parse(fs.readFileSync(codexFile, 'utf8'));
		codex.node = `${spec.name}.${codex.node.slice(codex.node.indexOf('.') + 1)}`;
		fs.writeFileSync(codexFile, `${JSON.stringify(codex, null, '\t')}\n`);
	}
}

function assemble(spec, rootPkg) {
	const { dir } = packagePaths(spec.name);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(path.join(dir, 'credentials'), { recursive: true });
	copy(`nodes/${spec.service}`, path.join(dir, 'nodes', spec.service));
	renameCodexNodes(spec, path.join(dir, 'nodes', spec.service));
	copy('nodes/shared', path.join(dir, 'nodes', 'shared'));
	for (const name of spec.credentials) {
		copy(`credentials/${name}.credentials.ts`, path.join(dir, 'credentials', `${name}.credentials.ts`));
	}
	copy('LICENSE', path.join(dir, 'LICENSE'));
	for (const file of ['README.md', 'CHANGELOG.md']) copy(`docs/packages/${spec.name}/${file}`, path.join(dir, file));
	fs.copyFileSync(DEFAULT_ESLINT_CONFIG, path.join(dir, 'eslint.config.mjs'));
	fs.writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig(), null, '\t')}\n`);
	fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(packageJson(spec, rootPkg), null, '\t')}\n`);
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	return dir;
}

function cloudSupport(dir) {
	const output = run(process.execPath, [N8N_NODE, 'cloud-support'], dir, { quiet: true });
	const status = /Status:\s*(NOT eligible|eligible)/.exec(output)?.[1];
	if (status !== 'eligible') throw new Error(`n8n-node cloud-support in ${path.relative(ROOT, dir)}: ${status ?? output}`);
	return status;
}

function pack(spec, dir) {
	const { tarball } = packagePaths(spec.name);
	const output = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', OUT_DIR], dir, { quiet: true });
	const [info] = JSON.parse(output.slice(output.indexOf('[')));
	fs.renameSync(path.join(OUT_DIR, info.filename), tarball);
	return { tarball, files: info.files.map((file) => file.path) };
}

function main() {
	const args = process.argv.slice(2);
	const skipChecks = args.includes('--skip-checks');
	const names = args.filter((arg) => !arg.startsWith('--'));
	const unknown = names.filter((name) => !PACKAGES.some((spec) => spec.name === name));
	if (unknown.length) throw new Error(`unknown package(s): ${unknown.join(', ')}; known: ${PACKAGES.map((s) => s.name).join(', ')}`);
	const rootPkg = rootPackageJson();
	checkCoverage(rootPkg);
	fs.mkdirSync(OUT_DIR, { recursive: true });
	const scanner = skipChecks ? null : require('../scan/scan');
	const results = [];
	for (const spec of PACKAGES.filter((s) => !names.length || names.includes(s.name))) {
		const started = Date.now();
		console.log(`\n==================== ${spec.name} ====================`);
		const dir = assemble(spec, rootPkg);
		run(process.execPath, [N8N_NODE, 'build'], dir, { quiet: true });
		let eligibility = 'not checked';
		if (!skipChecks) {
			run(process.execPath, [N8N_NODE, 'lint'], dir);
			console.log(`n8n-node lint: 0 errors (strict mode, default eslint.config.mjs)`);
			eligibility = cloudSupport(dir);
			console.log(`n8n-node cloud-support: ${eligibility} for n8n Cloud verification`);
		}
		const { tarball, files } = pack(spec, dir);
		console.log(`packed ${path.relative(ROOT, tarball)} (${files.length} files)`);
		results.push({ spec, dir, tarball, eligibility, seconds: (Date.now() - started) / 1000 });
	}
	return { results, scanner };
}

async function scanAll({ results, scanner }) {
	let errors = 0;
	if (scanner) {
		for (const { spec, dir, tarball } of results) errors += await scanner.scanPackage({ label: spec.name, sourceDir: dir, tarball });
	}
	console.log('\n==================== packages ====================');
	for (const { spec, tarball, eligibility, seconds } of results) {
		console.log(`${spec.name}: ${path.relative(ROOT, tarball)}, cloud support ${eligibility}, ${seconds.toFixed(1)} s`);
	}
	if (errors) throw new Error(`n8n's scanner found ${errors} error(s)`);
}

Promise.resolve()
	.then(() => scanAll(main()))
	.catch((error) => {
		console.error(`packages: ${error.message}`);
		process.exitCode = 1;
	});
