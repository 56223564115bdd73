'use strict';
// The NeoDay token in real n8n: n8n runs the credential's preAuthentication,
// encrypts the token into the credential in its database and reuses it across
// executions (each `n8n execute` is a new process); on a 401 it fetches a new
// one once and repeats the request.
const r = require('./n8n-runner');
const w = require('./workflows');
const { executeOk, newInstance, newSandbox, nodeOutput, sandboxCall, sandboxRequests } = require('./support');

let sandbox;
let inst;

beforeAll(async () => {
	sandbox = await newSandbox();
	inst = newInstance();
	await r.importCredentials(inst, w.sandboxCredentials(sandbox.urls));
	await r.importWorkflows(inst, [w.neoDayListWorkflow()]);
}, 300_000);

afterAll(async () => {
	await sandbox?.close();
	r.cleanupInstance(inst);
});

const tokenRequests = async () => (await sandboxCall(sandbox.urls.neoday, 'GET', '/__sandbox/neoday/token-requests')).count;
const listRequests = () => sandboxRequests(sandbox.urls, 'neoday', '/api/1/data-exporter/automated');

async function listExports() {
	const result = await executeOk(inst, 'demoNeoDayList01');
	expect(nodeOutput(result, 'Exports').length).toBeGreaterThan(10);
}

test('one token for two executions; after it expires, exactly one refresh and the execution succeeds', async () => {
	await listExports();
	await listExports();
	expect(await tokenRequests()).toBe(1);
	const [first, second] = await listRequests();
	expect(first.headers.authorization).toMatch(/^Bearer \S+$/);
	expect(second.headers.authorization).toBe(first.headers.authorization);

	expect(await sandboxCall(sandbox.urls.neoday, 'POST', '/__sandbox/neoday/tokens/expire')).toEqual({ expired: 1 });
	await listExports();
	expect(await tokenRequests()).toBe(2);
	// The stale token got a 401, then the request was repeated once with the new token.
	const afterExpiry = (await listRequests()).slice(2);
	expect(afterExpiry).toHaveLength(2);
	expect(afterExpiry[0].headers.authorization).toBe(first.headers.authorization);
	expect(afterExpiry[1].headers.authorization).not.toBe(first.headers.authorization);

	// The new token was saved: the next execution needs none.
	await listExports();
	expect(await tokenRequests()).toBe(2);
	const [, , , , last] = await listRequests();
	expect(last.headers.authorization).toBe(afterExpiry[1].headers.authorization);
});
