'use strict';

module.exports = async () => {
	globalThis.__E2E_EXTENSIONS__?.cleanup();
};
