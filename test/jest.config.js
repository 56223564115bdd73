// Tests run the built package (dist/) through n8n-core; ts-jest only compiles the test files themselves.
module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/e2e/'],
	setupFiles: ['./harness/env.ts'],
	testTimeout: 60_000,
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: `${__dirname}/tsconfig.json` }] },
};
