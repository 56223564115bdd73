#!/usr/bin/env node
'use strict';
/**
 * Type-checks nodes/ and credentials/ against the n8n-workflow that an n8n
 * 1.x release ships (default: the newest 1.123.x, installed through the
 * e2e cache), instead of the 2.x n8n-workflow the package builds with.
 *
 * Any n8n-workflow API that 1.x lacks and that our code calls as if it were
 * always there (e.g. `this.getPollBudgetMs()`) fails the check; an API
 * detected at run time (`typeof … === 'function'`) passes. That is the rule:
 * detect what an older n8n lacks, never assume it.
 *
 * A property the 2.x types declare and 1.x's do not can also be set where
 * the compiler does not look (a credential class member such as
 * `preAuthenticationRetryStatusCode`): 1.x ignores it. Those names are
 * listed with where our code uses them, as warnings to read.
 *
 *   npm run check:n8n1                       # newest 1.123.x
 *   N8N_E2E_VERSION=1.120 npm run check:n8n1
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { ensureN8n, REPO_ROOT } = require('./n8n-install');

const { dir, version } = ensureN8n({ version: process.env.N8N_E2E_VERSION || '1.123' });
const workflowDir = path.join(dir, 'node_modules', 'n8n-workflow');
const workflowVersion = JSON.parse(fs.readFileSync(path.join(workflowDir, 'package.json'), 'utf8')).version;
const typesEntry = ['dist/cjs/index.d.ts', 'dist/index.d.ts'].map((file) => path.join(workflowDir, file)).find(fs.existsSync);
if (!typesEntry) throw new Error(`no type definitions in ${workflowDir}`);

/** Member names declared in the .d.ts files below `dir` (`pattern` picks them; default: any word). */
function declaredNames(dir, pattern = /[A-Za-z_$][\w$]*/g) {
	const names = new Set();
	const walk = (folder) => {
		if (folder.endsWith('.d.ts')) {
			for (const match of fs.readFileSync(folder, 'utf8').matchAll(pattern)) names.add(match[1] ?? match[0]);
			return;
		}
		for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
			const file = path.join(folder, entry.name);
			if (entry.isDirectory()) walk(file);
			else if (entry.name.endsWith('.d.ts')) {
				for (const match of fs.readFileSync(file, 'utf8').matchAll(pattern)) names.add(match[1] ?? match[0]);
			}
		}
	};
	walk(dir);
	return names;
}

function sourceFiles(folder) {
	return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(folder, entry.name);
		return entry.isDirectory() ? sourceFiles(file) : entry.name.endsWith('.ts') ? [file] : [];
	});
}

/** Where our source names an n8n-workflow member that the 2.x types have and the 1.x types lack. */
function usesOfNewerNames() {
	// members of n8n-workflow's public interfaces (what nodes and credentials implement or call)
	const newer = declaredNames(path.join(REPO_ROOT, 'node_modules', 'n8n-workflow', 'dist', 'cjs', 'interfaces.d.ts'), /^\s*(?:readonly\s+)?([A-Za-z_$][\w$]*)\??\s*[:(<]/gm);
	const older = declaredNames(path.join(workflowDir, 'dist'));
	const onlyNewer = new Set([...newer].filter((name) => !older.has(name)));
	const uses = [];
	for (const file of [...sourceFiles(path.join(REPO_ROOT, 'nodes')), ...sourceFiles(path.join(REPO_ROOT, 'credentials'))]) {
		fs.readFileSync(file, 'utf8')
			.split('\n')
			.forEach((line, i) => {
				// a member access or a property key: `.name`, `name:`, `name =`, `name(`
				for (const match of line.matchAll(/(?:\.|^\s*)([A-Za-z_$][\w$]*)\s*(?=[:=(]|$)|\.([A-Za-z_$][\w$]*)/g)) {
					const name = match[1] ?? match[2];
					if (onlyNewer.has(name)) uses.push(`${path.relative(REPO_ROOT, file)}:${i + 1}: ${name}`);
				}
			});
	}
	return uses;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n1-api-check-'));
try {
	const tsconfig = path.join(tmp, 'tsconfig.json');
	fs.writeFileSync(
		tsconfig,
		JSON.stringify({
			extends: path.join(REPO_ROOT, 'tsconfig.json'),
			compilerOptions: {
				noEmit: true,
				incremental: false,
				typeRoots: [path.join(REPO_ROOT, 'node_modules', '@types')],
				baseUrl: REPO_ROOT,
				paths: { 'n8n-workflow': [typesEntry] },
			},
			include: [path.join(REPO_ROOT, 'nodes', '**', '*.ts'), path.join(REPO_ROOT, 'credentials', '**', '*.ts')],
		}),
	);
	const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', tsconfig], { cwd: REPO_ROOT, encoding: 'utf8' });
	process.stdout.write(tsc.stdout + tsc.stderr);
	if (tsc.status !== 0) {
		process.stderr.write(`\nnodes/ and credentials/ use n8n-workflow APIs that n8n ${version} (n8n-workflow ${workflowVersion}) lacks: detect them at run time.\n`);
		process.exitCode = 1;
	} else {
		process.stdout.write(`nodes/ and credentials/ type-check against n8n-workflow ${workflowVersion} (n8n ${version}): no 1.x-missing API is used without detection.\n`);
	}
	const uses = usesOfNewerNames();
	process.stdout.write(
		uses.length
			? `warning: names that n8n-workflow ${workflowVersion} does not declare (1.x ignores them or lacks them; make sure each is detected or harmless):\n  ${uses.join('\n  ')}\n`
			: `no name that only the 2.x n8n-workflow declares is used.\n`,
	);
} finally {
	fs.rmSync(tmp, { recursive: true, force: true });
}
