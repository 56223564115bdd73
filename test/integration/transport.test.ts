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

it('honours Retry-After given as an HTTP date', async () => {
	sandbox.faults.inject({ service: 'scantrust', kind: '429', retryAfter: 2, retryAfterDate: true });
	const { error, items } = await runNode({
		type: 'scantrust',
		parameters: { resource: 'workorder', operation: 'get', workorderId: 5004 },
		credentials: scantrustCredentials(sandbox),
	});
	expect(error).toBeUndefined();
	expect(items[0].json.id).toBe(5004);
	const [throttled, again] = sandbox.requestsTo('scantrust');
	// The date is two seconds ahead, rounded up to the whole second; backoff alone would wait about 250 ms.
	expect(again.at - throttled.at).toBeGreaterThanOrEqual(1900);
});

it('retries a 503 and keeps the API’s own text and status for the 404 after it', async () => {
	sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/workorders/4242/', kind: '503' });
	const { error } = await runNode({
		type: 'scantrust',
		parameters: { resource: 'workorder', operation: 'get', workorderId: 4242 },
		credentials: scantrustCredentials(sandbox),
	});
	// The 503 was retried, and the 404 after it kept Scantrust's own text and status.
	expect(error?.message).toBe('Scantrust API error 404: Not found.');
	expect(error?.httpCode).toBe('404');
	expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/4242/')).toHaveLength(2);
});
