'use strict';

module.exports = async () => {
	globalThis.__E2E_PACKAGES__?.cleanup();
};
