'use strict';
const fs = require('node:fs');
const { removeLeftovers, runFolder } = require('./temp-root');

module.exports = async () => {
	removeLeftovers();
	const folder = runFolder();
	fs.mkdirSync(folder, { recursive: true });
	// Workers start after the global setup and inherit this environment.
	process.env.TMPDIR = folder;
};
