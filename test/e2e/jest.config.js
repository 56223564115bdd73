// The e2e suite (`npm run test:e2e`): real n8n, run through its CLI, server and editor.
// Kept apart from the main suite (test/jest.config.js ignores test/e2e/).
module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	testMatch: ['<rootDir>/**/*.e2e.js'],
	// Plain CommonJS: nothing to transform.
	transform: {},
	// jest's own cache stays in the clone's git-ignored .cache/, not in the system's temp folder.
	cacheDirectory: `${__dirname}/../../.cache/jest-e2e`,
	globalSetup: '<rootDir>/global-setup.js',
	globalTeardown: '<rootDir>/global-teardown.js',
	setupFilesAfterEnv: ['<rootDir>/stop-n8n-after-file.js'],
	// Each test file runs its own n8n; the trigger file mostly waits for n8n's
	// one-minute poll, so it runs beside the others.
	maxWorkers: Number(process.env.E2E_WORKERS || 3),
	testTimeout: 5 * 60_000,
	verbose: true,
};
