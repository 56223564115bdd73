// Flat ESLint 9 config: n8n's community-node lint rules on node/credential sources.
//
// Uses the `recommended` config of @n8n/eslint-plugin-community-nodes unchanged
// (its errors stay errors, its warnings stay warnings). Note that several of the
// plugin's rules only fire on package.json; `npm run lint` covers those through
// test/scan/scan.js, which runs n8n's own scanner over package.json as well.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';

const { recommended } = n8nCommunityNodesPlugin.configs;

export default [
	{
		ignores: ['dist/**', 'node_modules/**', 'test/**'],
	},
	{
		...recommended,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		languageOptions: {
			parser: tsParser,
			ecmaVersion: 'latest',
			sourceType: 'module',
		},
		linterOptions: {
			// n8n's scanner lints with inline config disabled, so `eslint-disable`
			// comments would hide here what still fails there. Ignore them here too.
			noInlineConfig: true,
		},
	},
];
