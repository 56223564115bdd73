// GitHub Actions cannot run here: read both workflow files and check what they would do.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '..', '..');
type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, unknown> };
type Job = { permissions?: Record<string, string>; steps: Step[]; 'timeout-minutes'?: number };
type Workflow = { on: Record<string, { branches?: string[]; tags?: string[] } | null>; permissions?: Record<string, string>; jobs: Record<string, Job> };

const workflow = (name: string): Workflow => parse(readFileSync(resolve(ROOT, '.github', 'workflows', name), 'utf8'));
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));
const onlyJob = (wf: Workflow) => {
	const jobs = Object.values(wf.jobs);
	expect(jobs).toHaveLength(1);
	return jobs[0];
};
const runIndex = (steps: Step[], pattern: RegExp) => steps.findIndex((step) => pattern.test(step.run ?? ''));
/** GitHub's filter pattern: `*` is any run of characters but `/`. */
const matchesFilter = (filter: string, ref: string) =>
	new RegExp(`^${filter.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(ref);

describe('.github/workflows/ci.yml', () => {
	const ci = workflow('ci.yml');
	const job = onlyJob(ci);

	it('runs on pull requests and on pushes to main, with read-only permissions', () => {
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
		expect(ci.on.push?.branches).toEqual(['main']);
		expect(ci.permissions).toEqual({ contents: 'read' });
	});

	it('runs .ci/run on a checkout, within the 90 minutes CI has', () => {
		expect(job.steps[0].uses).toMatch(/^actions\/checkout@/);
		const runs = job.steps.filter((step) => step.run).map((step) => step.run);
		expect(runs).toEqual(['bash .ci/run']);
		expect(job['timeout-minutes']).toBeLessThanOrEqual(90);
	});

	it('sets up the Node the package is built and tested with', () => {
		const setup = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(setup?.with?.['node-version']).toBe('20');
	});
});

describe('.github/workflows/publish.yml', () => {
	const publish = workflow('publish.yml');
	const job = onlyJob(publish);
	const steps = job.steps;

	it('runs only for a pushed version tag, in the form npm run release tags', () => {
		expect(Object.keys(publish.on)).toEqual(['push']);
		expect(publish.on.push?.branches).toBeUndefined();
		const tags = publish.on.push?.tags ?? [];
		expect(tags.some((filter) => matchesFilter(filter, '0.2.0'))).toBe(true);
		expect(tags.some((filter) => matchesFilter(filter, 'main'))).toBe(false);
	});

	it('may mint an OIDC token for trusted publishing and provenance, and only read the repository', () => {
		expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
		expect(publish.permissions).toBeUndefined();
	});

	it('tests with the Node CI uses, and publishes with an npm that does trusted publishing (11.5.1+)', () => {
		const setup = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(setup?.with?.['node-version']).toBe('20');
		expect(setup?.with?.['registry-url']).toBe('https://registry.npmjs.org');
		const updateNpm = runIndex(steps, /^npm install -g npm@\^11\.5\.1$/);
		expect(updateNpm).toBeGreaterThan(0);
		expect(updateNpm).toBeLessThan(runIndex(steps, /^npm run publish:packages$/));
	});

	it('checks out, installs, tests, lints and scans, then publishes the three packages, in that order', () => {
		expect(steps[0].uses).toMatch(/^actions\/checkout@/);
		const order = [/^npm ci$/, /^npm test$/, /^npm run lint$/, /^npm run publish:packages$/].map((pattern) => runIndex(steps, pattern));
		expect(order.every((index) => index > 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(order[order.length - 1]).toBe(steps.length - 1);
	});

	it('publishes with provenance and no stored npm token, from the tag and repository it runs in', () => {
		const source = readFileSync(resolve(ROOT, 'test', 'release', 'publish.js'), 'utf8');
		expect(source).toContain("'publish', tarball, '--provenance', '--access', 'public'");
		expect(source).toMatch(/GITHUB_REF_NAME/);
		expect(source).toMatch(/GITHUB_REPOSITORY/);
		expect(readFileSync(resolve(ROOT, '.github', 'workflows', 'publish.yml'), 'utf8')).not.toMatch(/secrets\.|NPM_TOKEN|NODE_AUTH_TOKEN/);
	});

	it('matches package.json: the root package is private, the three packages are published by its scripts', () => {
		expect(pkg.private).toBe(true);
		expect(pkg.scripts['publish:packages']).toBe('node test/release/publish.js');
		expect(pkg.scripts.release).toBe('node test/release/release.js');
		expect(pkg.scripts.packages).toBe('node test/packages/build.js');
	});
});
