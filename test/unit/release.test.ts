// npm run release and npm run publish:packages: the changelog, version and identity logic on its own, then
// the scripts run for real in a throwaway git repository.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nextVersion, releaseChangelog } = require('../release/changelog');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { placeholderProblems } = require('../release/identity');

const RELEASE = resolve(__dirname, '..', 'release', 'release.js');
const PUBLISH = resolve(__dirname, '..', 'release', 'publish.js');
const REPO_URL = 'git+https://github.com/example/n8n-nodes-example.git';
const AUTHOR = { name: 'Maintainer', email: 'maintainer@npm-maintainer.dev' };
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

describe('placeholderProblems', () => {
	it('accepts a real author and a GitHub repository, and checks where it runs', () => {
		const pkg = { author: AUTHOR, repository: { url: REPO_URL } };
		expect(placeholderProblems(pkg)).toEqual([]);
		expect(placeholderProblems(pkg, { runningIn: 'example/n8n-nodes-example' })).toEqual([]);
		expect(placeholderProblems(pkg, { runningIn: 'someone/else' })).toEqual([
			'package.json "repository.url" names example/n8n-nodes-example, but this runs in someone/else: npm provenance would not match',
		]);
	});

	it.each([
		['dev@connected-packaging.example'],
		['you@example.com'],
		['ci@build.test'],
		['nobody@host.invalid'],
	])('refuses the placeholder address %s', (email) => {
		expect(placeholderProblems({ author: { name: 'A', email }, repository: { url: REPO_URL } })).toEqual([
			`package.json "author.email" ${email} is a placeholder: use the npm maintainer's address`,
		]);
	});

	it("refuses the starter's placeholders and a missing author or repository", () => {
		expect(placeholderProblems({ author: { name: '{{user.name}}', email: '{{user.email}}' }, repository: { url: 'https://github.com/<...>/n8n-nodes-<...>.git' } })).toEqual([
			'package.json "author.name" is not set',
			'package.json "repository.url" https://github.com/<...>/n8n-nodes-<...>.git is not a GitHub repository',
		]);
		expect(placeholderProblems({})).toEqual([
			'package.json "author.name" is not set',
			'package.json "author.email" is not set: use the npm maintainer\'s address',
			'package.json "repository.url" (none) is not a GitHub repository',
		]);
	});
});

describe('in a git repository', () => {
	let dir: string;
	const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_IDENTITY } });
	const node = (script: string, ...args: string[]) =>
		spawnSync(process.execPath, [script, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_IDENTITY } });

	function repository(scripts: Record<string, string> = {}, author: Record<string, string> = AUTHOR) {
		dir = mkdtempSync(join(tmpdir(), 'release-test-'));
		const pkg = { name: 'n8n-nodes-example', version: '0.1.0', author, repository: { type: 'git', url: REPO_URL }, scripts };
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

	it('npm run release releases each package CHANGELOG in step, one without changes of its own too', () => {
		repository();
		const packages = join(dir, 'docs', 'packages');
		for (const [name, body] of [['n8n-nodes-a', '### Added\n\n- A trigger.\n'], ['n8n-nodes-b', '']]) {
			spawnSync('mkdir', ['-p', join(packages, name)]);
			writeFileSync(join(packages, name, 'CHANGELOG.md'), `# Changelog\n\n## [Unreleased]\n\n${body}`);
		}
		git('add', '.');
		git('commit', '-q', '-m', 'packages');
		const res = node(RELEASE, 'minor');
		expect(res.stderr).toBe('');
		expect(readFileSync(join(packages, 'n8n-nodes-a', 'CHANGELOG.md'), 'utf8')).toMatch(/## \[0\.2\.0\] - \d{4}-\d\d-\d\d\n\n### Added\n\n- A trigger\./);
		expect(readFileSync(join(packages, 'n8n-nodes-b', 'CHANGELOG.md'), 'utf8')).toMatch(
			/## \[0\.2\.0\] - \d{4}-\d\d-\d\d\n\n- Released in step with the other packages; no change of its own\./,
		);
		expect(git('status', '--porcelain').stdout).toBe('');
	});

	it('npm run release refuses a placeholder author before it changes anything', () => {
		repository({}, { name: 'Connected Packaging Team', email: 'dev@connected-packaging.example' });
		const res = node(RELEASE, 'minor');
		expect(res.status).toBe(1);
		expect(res.stderr).toContain('"author.email" dev@connected-packaging.example is a placeholder');
		expect(git('status', '--porcelain').stdout).toBe('');
		expect(git('tag', '--list').stdout.trim()).toBe('0.1.0');
	});
});

describe('npm run publish:packages on this repository', () => {
	const publish = (env: Record<string, string>) => spawnSync(process.execPath, [PUBLISH], { encoding: 'utf8', env: { ...process.env, ...env } });

	it('refuses, before building or publishing anything, while the author is a placeholder or the tag is not the version', () => {
		const res = publish({ GITHUB_REF_NAME: '9.9.9', GITHUB_REPOSITORY: 'connected-packaging/n8n-nodes-connected-packaging' });
		expect(res.status).toBe(1);
		expect(res.stderr).toContain('not publishing, set these first');
		expect(res.stderr).toContain('"author.email" dev@connected-packaging.example is a placeholder');
		expect(res.stderr).toContain('the tag 9.9.9 is not package.json\'s version');
		expect(res.stdout).toBe('');
	});
});
