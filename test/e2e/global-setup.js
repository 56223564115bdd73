'use strict';
// Once per e2e run: make sure n8n is installed, then build the three per-service
// packages (what we would publish) and unpack them side by side into one custom
// extensions folder that every test file's n8n loads.
const path = require('path');
const { ensureN8n } = require('./n8n-install');
const { unpackServicePackages } = require('./n8n-runner');
const { requireSystemParts } = require('./system-parts');

module.exports = async (globalConfig, projectConfig) => {
	// Only the editor test drives Chromium: a run of other files (npm run test:e2e:1x) or of the
	// queue-mode project (which shares this setup) does not need it.
	const pattern = globalConfig?.testPathPattern;
	const runsEditor = projectConfig?.rootDir === __dirname && (!pattern || new RegExp(pattern, 'i').test(path.join(__dirname, 'editor.e2e.js')));
	if (runsEditor) requireSystemParts('npm run test:e2e', ['chromium']);
	const started = Date.now();
	const n8n = ensureN8n();
	// A line such as 1.123 is resolved once here; the test files (other processes) get the exact version.
	process.env.N8N_E2E_VERSION = n8n.version;
	const ext = unpackServicePackages();
	process.env.E2E_PACKAGES_DIR = ext.packagesDir;
	globalThis.__E2E_PACKAGES__ = ext;
	process.stderr.write(
		`\n[e2e] n8n ${n8n.version} from ${n8n.dir}; ${ext.packages.map((p) => `${p.name}@${p.version}`).join(', ')} ` +
			`unpacked into ${ext.packagesDir} ` +
			`(${Date.now() - started} ms)\n`,
	);
};
