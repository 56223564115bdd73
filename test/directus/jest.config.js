// The TrackVision suite against a real Directus (`npm run test:directus`): one test file per
// database, Postgres and SQLite, run side by side. Kept apart from `npm test`, which uses the sandbox.
module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	testMatch: ['<rootDir>/*.directus.ts'],
	setupFiles: ['<rootDir>/../harness/env.ts'],
	globalSetup: '<rootDir>/global-setup.js',
	globalTeardown: '<rootDir>/../harness/global-teardown.js',
	cacheDirectory: `${__dirname}/../../.cache/jest-directus`,
	maxWorkers: 2,
	testTimeout: 5 * 60_000,
	verbose: true,
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: `${__dirname}/../tsconfig.json` }] },
};
