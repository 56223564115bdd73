// Tests run the built package (dist/) through n8n-core; ts-jest only compiles the test files themselves.
module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/e2e/'],
	setupFiles: ['./harness/env.ts'],
	// Temp files and jest's own cache stay inside the clone, in git-ignored .cache/.
	globalSetup: './harness/global-setup.js',
	globalTeardown: './harness/global-teardown.js',
	cacheDirectory: `${__dirname}/../.cache/jest`,
	// The 1,000-poll trigger simulations take most of a minute on a busy 2-core machine.
	testTimeout: 180_000,
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: `${__dirname}/tsconfig.json` }] },
};
