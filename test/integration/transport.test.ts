// The shared request core, through the Scantrust action node: what it reads
// from a failed response once n8n-core has wrapped the HTTP client's error.
import { runNode } from '../harness/n8n';
import type { SandboxHandle } from '../harness/sandbox';
import { scantrustCredentials, useSandbox } from '../harness/sandbox';

let sandbox: SandboxHandle;

beforeAll(async () => {
	sandbox = await useSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => sandbox.reset());

it("keeps the vendor's error text", async () => {
	const { error } = await runNode({
		type: 'scantrust',
		parameters: { resource: 'workorder', operation: 'get', workorderId: 4242 },
		credentials: scantrustCredentials(sandbox),
	});
	expect(error?.message).toBe('Scantrust API error 404: Not found.');
});

it('honours Retry-After between attempts', async () => {
	sandbox.faults.inject({ service: 'scantrust', kind: '429', retryAfter: 0, times: 5 });
	const started = Date.now();
	const { error } = await runNode({
		type: 'scantrust',
		parameters: { resource: 'workorder', operation: 'get', workorderId: 5004 },
		credentials: scantrustCredentials(sandbox),
	});
	expect(error?.message).toBe('Scantrust API error 429: Request was throttled. Expected available in 0 seconds.');
	expect(sandbox.requestsTo('scantrust')).toHaveLength(5);
	// Backoff without the server's hint would wait about four seconds over five attempts.
	expect(Date.now() - started).toBeLessThan(2000);
});
