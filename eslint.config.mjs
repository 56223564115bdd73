// Flat ESLint 9 config at parity with n8n's own community-node lint: the config that
// `@n8n/node-cli/eslint` exports (what n8n-nodes-starter uses), rebuilt here from the
// same packages so we need not install the whole CLI. Its blocks, in its order:
// @eslint/js + typescript-eslint recommended + @n8n/eslint-plugin-community-nodes
// recommended + import-x recommended, `no-console` as an error; the n8n-nodes-base
// rules on package.json, credentials/ and nodes/, with the CLI's own exceptions.
//
// `npm run lint` also runs test/scan/scan.js: n8n's scanner over the source and the
// npm pack tarball. The scanner lints with inline config disabled, so `eslint-disable`
// comments would hide here what still fails there: they are ignored here too.
import eslint from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importPlugin from 'eslint-plugin-import-x';
import n8nNodesPlugin from 'eslint-plugin-n8n-nodes-base';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const communityNodesRecommended = n8nCommunityNodesPlugin.configs.recommended;

export default tseslint.config(
	{
		ignores: ['dist/**', 'node_modules/**', 'test/e2e/artifacts/**', '.cache/**', 'coverage/**'],
	},
	// Shipped code: n8n's config, unchanged.
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		linterOptions: { noInlineConfig: true },
		extends: [
			eslint.configs.recommended,
			tseslint.configs.recommended,
			communityNodesRecommended,
			importPlugin.configs['flat/recommended'],
		],
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
		},
	},
	{
		plugins: { 'n8n-nodes-base': n8nNodesPlugin },
		settings: {
			'import-x/resolver-next': [createTypeScriptImportResolver()],
		},
	},
	{
		files: ['package.json'],
		extends: [communityNodesRecommended],
		rules: {
			...n8nNodesPlugin.configs.community.rules,
		},
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.credentials.rules,
			// n8n-cli: not valid for community nodes
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// n8n-cli: @n8n/community-nodes/credential-password-field is the more accurate rule
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.nodes.rules,
			// n8n-cli: inputs and outputs may be the NodeConnectionTypes enum
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// n8n-cli: a vendor's documented page-size limit is a valid maxValue
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	// Test code (harness, sandbox, e2e and bench runners) is never shipped: it may use
	// fs, process, timers and the console (Node's globals), and CommonJS require().
	{
		files: ['test/**/*.{ts,js}', 'gulpfile.js', 'index.js', 'eslint.config.mjs'],
		extends: [eslint.configs.recommended, tseslint.configs.recommended],
		languageOptions: { globals: globals.node },
	},
	{
		files: ['test/**/*.js', 'gulpfile.js', 'index.js'],
		languageOptions: { sourceType: 'commonjs' },
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
);
