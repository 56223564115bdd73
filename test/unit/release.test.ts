// npm run release and prepublishOnly: the changelog and version logic on its own, then
// both scripts run for real in a throwaway git repository.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nextVersion, releaseChangelog } = require('../release/changelog');

const RELEASE = resolve(__dirname, '..', 'release', 'release.js');
const PREPUBLISH = resolve(__dirname, '..', 'release', 'prepublish.js');
const REPO_URL = 'git+https://github.com/example/n8n-nodes-example.git';
const GIT_IDENTITY = {
	GIT_AUTHOR_NAME: 'Release Test',
	GIT_AUTHOR_EMAIL: 'release@test.invalid',
	GIT_COMMITTER_NAME: 'Release Test',
	GIT_COMMITTER_EMAIL: 'release@test.invalid',
};

const CHANGELOG = `# Changelog

Intro.

## [Unreleased]

### Added

- A new operation.

## [0.1.0] - 2026-01-02

### Added

- First release.

[Unreleased]: https://github.com/example/n8n-nodes-example/compare/0.1.0...HEAD
[0.1.0]: https://github.com/example/n8n-nodes-example/releases/tag/0.1.0
`;

describe('nextVersion', () => {
	it.each([
		['patch', '0.1.1'],
		['minor', '0.2.0'],
		['major', '1.0.0'],
		['0.3.0', '0.3.0'],
		['0.1.0', '0.1.0'],
	])('0.1.0 + %s = %s', (kind, expected) => {
		expect(nextVersion('0.1.0', kind)).toBe(expected);
	});

	it('refuses a lower version, a bad one and none', () => {
		expect(() => nextVersion('0.2.0', '0.1.9')).toThrow('below the current version');
		expect(() => nextVersion('0.2.0', 'v1')).toThrow('usage: npm run release');
		expect(() => nextVersion('0.2.0', undefined)).toThrow('got nothing');
	});
});

describe('releaseChangelog', () => {
	it('moves the Unreleased entries under the new version and updates the links', () => {
		const out = releaseChangelog(CHANGELOG, { version: '0.2.0', date: '2026-03-04', repositoryUrl: REPO_URL });
		expect(out).toBe(`# Changelog

Intro.

## [Unreleased]

## [0.2.0] - 2026-03-04

### Added

- A new operation.

## [0.1.0] - 2026-01-02

### Added

- First release.

[Unreleased]: https://github.com/example/n8n-nodes-example/compare/0.2.0...HEAD
[0.2.0]: https://github.com/example/n8n-nodes-example/compare/0.1.0...0.2.0
[0.1.0]: https://github.com/example/n8n-nodes-example/releases/tag/0.1.0
`);
	});

	it('makes the first release link to its tag', () => {
		const first = '# Changelog\n\n## [Unreleased]\n\n- Everything.\n';
		expect(releaseChangelog(first, { version: '0.1.0', date: '2026-01-02', repositoryUrl: REPO_URL })).toBe(
			'# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-01-02\n\n- Everything.\n\n' +
				'[Unreleased]: https://github.com/example/n8n-nodes-example/compare/0.1.0...HEAD\n' +
				'[0.1.0]: https://github.com/example/n8n-nodes-example/releases/tag/0.1.0\n',
		);
	});

	it('refuses an empty Unreleased section, a missing one and a version listed already', () => {
		const empty = '# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-01-02\n\n- First.\n';
		expect(() => releaseChangelog(empty, { version: '0.2.0', date: 'd', repositoryUrl: REPO_URL })).toThrow('lists no change');
		expect(() => releaseChangelog('# Changelog\n', { version: '0.2.0', date: 'd', repositoryUrl: REPO_URL })).toThrow('no "## [Unreleased]"');
		expect(() => releaseChangelog(CHANGELOG, { version: '0.1.0', date: 'd', repositoryUrl: REPO_URL })).toThrow('already has a section');
	});
});

describe('in a git repository', () => {
	let dir: string;
	const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_IDENTITY } });
	const node = (script: string, ...args: string[]) =>
		spawnSync(process.execPath, [script, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_IDENTITY } });

	function repository(scripts: Record<string, string> = {}) {
		dir = mkdtempSync(join(tmpdir(), 'release-test-'));
		const pkg = { name: 'n8n-nodes-example', version: '0.1.0', repository: { type: 'git', url: REPO_URL }, scripts };
		writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
		const lock = { name: 'n8n-nodes-example', version: '0.1.0', lockfileVersion: 3, packages: { '': { name: 'n8n-nodes-example', version: '0.1.0' } } };
		writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
		writeFileSync(join(dir, 'CHANGELOG.md'), CHANGELOG);
		git('init', '-q', '-b', 'main');
		git('add', '.');
		git('commit', '-q', '-m', 'start');
		git('tag', '-a', '0.1.0', '-m', '0.1.0');
	}

	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('npm run release bumps package.json and the lock, releases the changelog, commits and tags', () => {
		repository();
		const res = node(RELEASE, 'minor');
		expect(res.stderr).toBe('');
		expect(res.status).toBe(0);
		expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version).toBe('0.2.0');
		const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
		expect([lock.version, lock.packages[''].version]).toEqual(['0.2.0', '0.2.0']);
		expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toMatch(/## \[Unreleased\]\n\n## \[0\.2\.0\] - \d{4}-\d\d-\d\d\n\n### Added\n\n- A new operation\./);
		expect(git('log', '-1', '--format=%s').stdout.trim()).toBe('Release 0.2.0');
		expect(git('describe', '--exact-match', 'HEAD').stdout.trim()).toBe('0.2.0');
		expect(git('status', '--porcelain').stdout).toBe('');
	});

	it('npm run release refuses a working tree with changes and a version tagged already', () => {
		repository();
		expect(node(RELEASE, '0.1.0').stderr).toContain('tag 0.1.0 exists already');
		writeFileSync(join(dir, 'notes.txt'), 'not committed');
		const res = node(RELEASE, 'patch');
		expect(res.status).toBe(1);
		expect(res.stderr).toContain('the working tree has changes');
		expect(git('tag', '--list').stdout.trim()).toBe('0.1.0');
	});

	it('prepublishOnly refuses a working tree with changes, then a failing lint', () => {
		repository({ build: 'node -e ""', lint: 'node -e "process.exit(3)"' });
		writeFileSync(join(dir, 'notes.txt'), 'not committed');
		const dirty = node(PREPUBLISH);
		expect(dirty.status).toBe(1);
		expect(dirty.stderr).toContain('refusing to publish from a working tree with changes');

		rmSync(join(dir, 'notes.txt'));
		const lintFails = node(PREPUBLISH);
		expect(lintFails.status).toBe(1);
		expect(lintFails.stderr).toContain('npm run lint failed, not publishing');
	});
});
