'use strict';
// Every e2e file: stop whatever n8n this file's process started and that is still running, e.g. an
// `n8n start` whose beforeAll timed out before the file got hold of the server to stop it.
const { stopAll } = require('./n8n-runner');

afterAll(() => stopAll());
