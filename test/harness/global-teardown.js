'use strict';
const fs = require('node:fs');
const { TEMP_PARENT, runFolder } = require('./temp-root');

module.exports = async () => {
	fs.rmSync(runFolder(), { recursive: true, force: true });
	// Leave no empty .cache/tmp behind either (rmdir fails if another run is using it).
	try {
		fs.rmdirSync(TEMP_PARENT);
	} catch {
		/* another run's folder is still there */
	}
};
