'use strict';
// The queue-mode suite needs Redis and Postgres: named before anything else runs.
const { requireSystemParts } = require('../system-parts');
const e2eSetup = require('../global-setup');

module.exports = async (globalConfig, projectConfig) => {
	requireSystemParts('npm run test:e2e:queue', ['redis', 'postgres']);
	await e2eSetup(globalConfig, projectConfig);
};
