// The queue-mode suite (`npm run test:e2e:queue`): Redis, Postgres, an n8n main and two workers.
// One cluster in one test file, run in band: it is the heaviest thing the machine runs.
module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	testMatch: ['<rootDir>/**/*.queue.js'],
	// Inside the clone, like the other suites: nothing is left in the temp folder.
	cacheDirectory: `${__dirname}/../../../.cache/jest-queue`,
	transform: {},
	globalSetup: '<rootDir>/global-setup.js',
	globalTeardown: '<rootDir>/../global-teardown.js',
	setupFilesAfterEnv: ['<rootDir>/../stop-n8n-after-file.js'],
	maxWorkers: 1,
	testTimeout: 10 * 60_000,
	verbose: true,
};
