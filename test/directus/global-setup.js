'use strict';
// Once per run: the system parts first (Postgres), then Directus from the cache (installed the
// first time), then the harness's temp folder inside the clone.
const { requireSystemParts } = require('../e2e/system-parts');
const { ensureDirectus } = require('./directus-install');
const harnessSetup = require('../harness/global-setup');

module.exports = async () => {
	requireSystemParts('npm run test:directus', ['postgres']);
	const started = Date.now();
	const directus = ensureDirectus();
	process.stderr.write(`\n[directus] Directus ${directus.version} from ${directus.dir} on ${directus.nodeBin} (${Date.now() - started} ms)\n`);
	await harnessSetup();
};
