// Credentials stay on their origin, writes are never applied twice, and
// every transient fault recovers: each case through n8n-core against the
// sandbox's fault switches, checked by what reached the servers.
import type { INodeParameters } from 'n8n-workflow';
import { readBinary, runNode, testCredentials } from '../harness/n8n';
import type { LoggedRequest, SandboxHandle } from '../harness/sandbox';
import { neoDayCredentials, scantrustCredentials, trackVisionCredentials, useSandbox } from '../harness/sandbox';

let sandbox: SandboxHandle;

beforeAll(async () => {
	sandbox = await useSandbox({ workorderCompletionMs: 0 });
});

afterAll(async () => await sandbox.close());

beforeEach(() => sandbox.reset());

const CLIENT_SECRET = 'sandbox-client-secret-7Qx9';

const foreignRequests = () => sandbox.requestsTo('foreign');
const storage = () => sandbox.storage as { put(key: string, object: { contentType: string; body: Buffer }): string; authorizationHeadersSeen: number };

/** Nothing that reached the foreign origin carries a credential: no Authorization, token or client secret anywhere in it. */
function expectNoCredentialAt(requests: LoggedRequest[]) {
	for (const request of requests) {
		expect(request.headers.authorization).toBeUndefined();
		const text = JSON.stringify(request);
		for (const secret of ['sandbox-uat-token', 'sandbox-tv-token', CLIENT_SECRET, 'Bearer ', 'UAT ']) {
			expect(text).not.toContain(secret);
		}
	}
}

const scantrust = (parameters: INodeParameters) =>
	runNode({ type: 'scantrust', parameters, credentials: scantrustCredentials(sandbox) });
const trackVision = (parameters: INodeParameters) =>
	runNode({ type: 'trackVision', parameters, credentials: trackVisionCredentials(sandbox) });
const neoDay = (parameters: INodeParameters) =>
	runNode({ type: 'neoDay', parameters: { resource: 'automatedExport', ...parameters }, credentials: neoDayCredentials(sandbox) });

describe('a redirect to another origin carries no credential', () => {
	test.each([302, 307])('Scantrust API call answered %i', async (status) => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/workorders/5001/', kind: 'redirect', status });
		const { error } = await scantrust({ resource: 'workorder', operation: 'get', workorderId: 5001 });
		expect(foreignRequests()).toHaveLength(1);
		expectNoCredentialAt(foreignRequests());
		expect(error?.message).toMatch(/^127\.0\.0\.1:\d+ answered 401: Authentication credentials were not provided/);
		expect(error?.description).toMatch(/not its own address, so no credential went along/);
	});

	test('TrackVision API call answered 307', async () => {
		sandbox.faults.inject({ service: 'trackvision', path: '/items/integrity_check', kind: 'redirect', status: 307 });
		const { error } = await trackVision({ resource: 'integrityCheck', operation: 'getMany', returnAll: false, limit: 5 });
		expect(error).toBeDefined();
		expect(foreignRequests()).toHaveLength(1);
		expectNoCredentialAt(foreignRequests());
	});

	test('TrackVision create answered 307 re-posts its body, never the token', async () => {
		sandbox.faults.inject({ service: 'trackvision', method: 'POST', kind: 'redirect', status: 307 });
		await trackVision({ resource: 'integrityCheck', operation: 'create', checkFields: { check_mode: 'scan_code', notes: 'x' } });
		expect(foreignRequests()).toHaveLength(1);
		expect(foreignRequests()[0].method).toBe('POST');
		expectNoCredentialAt(foreignRequests());
	});

	test('NeoDay API call answered 302 carries no access token', async () => {
		sandbox.faults.inject({ service: 'neoday', method: 'GET', path: '/api/1/data-exporter/automated', kind: 'redirect' });
		await neoDay({ operation: 'getMany', returnAll: true });
		expect(foreignRequests()).toHaveLength(1);
		expectNoCredentialAt(foreignRequests());
	});

	test('a codes link on the API origin that redirects to presigned storage still downloads, without the token at storage', async () => {
		const zip = Buffer.from('PK-sandbox-zip');
		const presigned = storage().put('redirected/codes.zip', { contentType: 'application/zip', body: zip });
		sandbox.faults.inject({ service: 'scantrust', path: '/media/', kind: 'redirect', location: presigned });
		const { items, error } = await scantrust({ resource: 'workorder', operation: 'downloadCodes', workorderId: '5004' });
		expect(error).toBeUndefined();
		expect(await readBinary(items[0])).toEqual(zip);
		const [media] = sandbox.requestsTo('scantrust', '/media/');
		expect(media.headers.authorization).toBe('UAT sandbox-uat-token');
		const [download] = sandbox.requestsTo('storage', '/objects/redirected/');
		expect(download.headers.authorization).toBeUndefined();
		expect(storage().authorizationHeadersSeen).toBe(0);
	});

	test('a presigned link that redirects back to the API origin gets the credential only there', async () => {
		sandbox.faults.inject({ service: 'storage', path: '/objects/', kind: 'redirect', to: 'foreign' });
		const { error } = await neoDay({ operation: 'downloadLatest', exportName: 'campaign-info' });
		expect(error).toBeDefined();
		expectNoCredentialAt(foreignRequests());
		expect(foreignRequests()).toHaveLength(1);
	});

	test('the NeoDay token request is never redirected: no client secret leaves, and the error names the host', async () => {
		sandbox.faults.inject({ service: 'neoday', method: 'POST', path: '/api/1/oauth2/access_token', kind: 'redirect', status: 307 });
		const { error } = await neoDay({ operation: 'getMany', returnAll: true });
		expect(foreignRequests()).toHaveLength(0);
		const foreignHost = new URL(sandbox.urls.foreign).host;
		expect(error?.message).toContain(`redirect to ${foreignHost}`);
		expect(error?.message).not.toContain(CLIENT_SECRET);
		// Nothing was sent with a token from elsewhere either.
		expect(sandbox.requestsTo('neoday', '/api/1/data-exporter/')).toHaveLength(0);
	});

	test.each([
		['scantrustApi', '/api/v2/me/', () => ({ baseUrl: sandbox.urls.scantrust, token: 'sandbox-uat-token' }), 'scantrust'],
		['trackVisionApi', '/users/me', () => ({ url: sandbox.urls.trackvision, token: 'sandbox-tv-token' }), 'trackvision'],
		['neoDayGatewayOAuth2Api', '/api/1/data-exporter/automated', () => neoDayCredentials(sandbox).neoDayGatewayOAuth2Api, 'neoday'],
	])('the %s credential test does not follow a redirect', async (type, path, data, service) => {
		sandbox.faults.inject({ service, method: 'GET', path, kind: 'redirect' });
		const result = await testCredentials(type, data());
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/redirect, which is not followed/);
		expect(foreignRequests()).toHaveLength(0);
	});
});

describe('a connection that breaks after the status line is retried', () => {
	test.each([0, 200])('Scans Get Many: cut after %i bytes of body', async (afterBytes) => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/dashboard/scans/', kind: 'drop', afterBytes });
		const { items, error } = await scantrust({ resource: 'scan', operation: 'getMany', campaignId: '126', returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(30);
		expect(sandbox.requestsTo('scantrust', '/api/v2/dashboard/scans/')).toHaveLength(2);
	});

	test('a break on every attempt names the network failure, never "error 200"', async () => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/workorders/5001/', kind: 'drop', afterBytes: 10, times: 5 });
		const { error } = await scantrust({ resource: 'workorder', operation: 'get', workorderId: 5001 });
		expect(error?.message).toMatch(/^Could not reach Scantrust \(127\.0\.0\.1:\d+\)/);
		expect(error?.message).not.toMatch(/error 200/);
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/5001/')).toHaveLength(5);
	});

	test('NeoDay rows download cut mid-body at storage is fetched again', async () => {
		sandbox.faults.inject({ service: 'storage', path: '/objects/', kind: 'drop', afterBytes: 50 });
		const { items, error } = await neoDay({ operation: 'downloadLatest', exportName: 'campaign-info' });
		expect(error).toBeUndefined();
		expect(items.length).toBeGreaterThan(0);
		expect(sandbox.requestsTo('storage', '/objects/')).toHaveLength(2);
	});

	test('Export CSV cut mid-stream is downloaded again, whole', async () => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/dashboard/scans/csv', kind: 'drop', afterBytes: 500 });
		const { items, error } = await scantrust({ resource: 'scan', operation: 'exportCsv', campaignId: '126', timeRange: 'none' });
		expect(error).toBeUndefined();
		const csv = (await readBinary(items[0])).toString('utf8');
		expect(csv.trim().split('\n')).toHaveLength(31);
		expect(sandbox.requestsTo('scantrust', '/api/v2/dashboard/scans/csv')).toHaveLength(2);
	});
});

describe('a write is never applied twice', () => {
	const workordersWith = (reference: string) =>
		(sandbox.scantrust as { workorders: Array<{ reference: string }> }).workorders.filter((w) => w.reference === reference);

	test.each(['commitThen502', 'commitThenReset'])('Scantrust Create SID after %s returns the workorder it made', async (kind) => {
		sandbox.faults.inject({ service: 'scantrust', method: 'POST', path: '/api/v2/workorders/create-sid/', kind });
		const reference = `SID-${kind}`;
		const { items, error } = await scantrust({
			resource: 'workorder',
			operation: 'createSid',
			reference,
			quantity: 5,
			activateOnComplete: true,
			useSerialNumber: true,
		});
		expect(error).toBeUndefined();
		expect(items[0].json.reference).toBe(reference);
		expect(workordersWith(reference)).toHaveLength(1);
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/create-sid/')).toHaveLength(1);
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/').some((request) => request.query.search === reference)).toBe(true);
	});

	test('Scantrust Create SSC after a lost answer: the check finds nothing, so it is created once', async () => {
		// A 502 from a proxy that never passed the request on: the lookup proves it was not applied.
		sandbox.faults.inject({ service: 'scantrust', method: 'POST', path: '/api/v2/workorders/create-sg/', kind: '502' });
		const { items, error } = await scantrust({
			resource: 'workorder',
			operation: 'createSsc',
			reference: 'SSC-lost',
			quantity: 5,
			codeLayout: 'sg-inside',
			printingPartner: 3,
		});
		expect(error).toBeUndefined();
		expect(items[0].json.reference).toBe('SSC-lost');
		expect(workordersWith('SSC-lost')).toHaveLength(1);
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/create-sg/')).toHaveLength(2);
	});

	test('a 429 on a create is sent again: the server applied nothing', async () => {
		sandbox.faults.inject({ service: 'scantrust', method: 'POST', kind: '429', retryAfter: 0 });
		const { error } = await scantrust({
			resource: 'workorder',
			operation: 'createSid',
			reference: 'SID-429',
			quantity: 1,
			activateOnComplete: false,
			useSerialNumber: true,
		});
		expect(error).toBeUndefined();
		expect(workordersWith('SID-429')).toHaveLength(1);
	});

	test('TrackVision create after commit-then-502 is not sent again, and says how to check', async () => {
		const checks = () => (sandbox.trackvision as { records: { integrity_check: unknown[] } }).records.integrity_check;
		const before = checks().length;
		sandbox.faults.inject({ service: 'trackvision', method: 'POST', path: '/items/integrity_check', kind: 'commitThen502' });
		const { error } = await trackVision({
			resource: 'integrityCheck',
			operation: 'create',
			checkFields: { check_mode: 'scan_code', notes: 'commit then 502' },
		});
		expect(sandbox.requestsTo('trackvision', '/items/integrity_check').filter((r) => r.method === 'POST')).toHaveLength(1);
		expect(error?.message).toMatch(/^TrackVision API error 502/);
		expect(error?.description).toMatch(/may have been created, so it was not sent again\. Look for the integrity check with Get Many/);
		expect(checks()).toHaveLength(before + 1);
	});

	test('TrackVision update (PATCH) is idempotent and is retried', async () => {
		sandbox.faults.inject({ service: 'trackvision', method: 'PATCH', kind: 'commitThen502' });
		const { items: created } = await trackVision({ resource: 'integrityCheck', operation: 'create', checkFields: { check_mode: 'scan_code' } });
		const id = created[0].json.id as string;
		const { error } = await trackVision({ resource: 'integrityCheck', operation: 'update', checkId: id, checkFields: { notes: 'patched' } });
		expect(error).toBeUndefined();
		expect(sandbox.requestsTo('trackvision', `/items/integrity_check/${id}`).filter((r) => r.method === 'PATCH')).toHaveLength(2);
	});

	test('a DELETE whose answer was lost counts as done when the retry finds 404', async () => {
		const { items: created } = await trackVision({ resource: 'integrityCheck', operation: 'create', checkFields: { check_mode: 'scan_code' } });
		const id = created[0].json.id as string;
		sandbox.faults.inject({ service: 'trackvision', method: 'DELETE', kind: 'commitThenReset' });
		const { error } = await trackVision({ resource: 'integrityCheck', operation: 'delete', checkId: id });
		expect(error).toBeUndefined();
		expect(sandbox.requestsTo('trackvision', `/items/integrity_check/${id}`).filter((r) => r.method === 'DELETE')).toHaveLength(2);
	});
});

describe('Limit is a whole number from 1 to its maximum, checked before any request', () => {
	test.each([
		['scantrust', { resource: 'scan', operation: 'getMany', campaignId: '126' }, 0, 'from 1 to 10000'],
		['scantrust', { resource: 'scan', operation: 'getMany', campaignId: '126' }, 10001, 'from 1 to 10000'],
		['scantrust', { resource: 'workorder', operation: 'getMany' }, -5, 'from 1 to 1000'],
		['scantrust', { resource: 'workorderTemplate', operation: 'getMany' }, 2.5, 'from 1 to 1000'],
		['trackVision', { resource: 'integrityCheck', operation: 'getMany' }, 'ten', 'from 1 to 1000'],
		['trackVision', { resource: 'integrityCheckResult', operation: 'getMany' }, 1001, 'from 1 to 1000'],
		['neoDay', { resource: 'automatedExport', operation: 'getMany' }, 0, 'from 1 to 1000'],
		['neoDay', { resource: 'automatedExport', operation: 'getResults', exportName: 'win-info' }, '', 'from 1 to 1000'],
	])('%s %j with Limit %j', async (type, parameters, limit, range) => {
		const credentials =
			type === 'scantrust' ? scantrustCredentials(sandbox) : type === 'trackVision' ? trackVisionCredentials(sandbox) : neoDayCredentials(sandbox);
		const { error } = await runNode({
			type,
			parameters: { ...parameters, returnAll: false, limit } as INodeParameters,
			credentials,
			input: [{ json: {} }, { json: {} }],
		});
		expect(error?.message).toBe(`Invalid "Limit" in item 0: "${String(limit)}" is not a whole number ${range}`);
		expect(sandbox.requests.filter((request) => request.service !== 'neoday' || !request.path.includes('oauth2'))).toHaveLength(0);
	});
});

describe('every request has a timeout that names the host', () => {
	test.each([
		['trackVision', 'trackvision', '/items/integrity_check', { resource: 'integrityCheck', operation: 'getMany', returnAll: false, limit: 5 }],
		['neoDay', 'neoday', '/api/1/data-exporter/automated', { resource: 'automatedExport', operation: 'getMany', returnAll: true }],
	])('%s: a call that never answers fails after the Timeout option, naming the host', async (type, service, path, parameters) => {
		sandbox.faults.inject({ service, method: 'GET', path, kind: 'hang', times: 5 });
		const credentials = type === 'trackVision' ? trackVisionCredentials(sandbox) : neoDayCredentials(sandbox);
		const { error } = await runNode({ type, parameters: { ...parameters, requestOptions: { timeout: 1 } } as INodeParameters, credentials });
		expect(error?.message).toBe(`${new URL(sandbox.urls[service]).host} did not answer within 1 seconds`);
	}, 30_000);

	test('a JSON call that never answers fails after the Timeout option', async () => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/workorders/5001/', kind: 'hang', times: 5 });
		const { error } = await scantrust({
			resource: 'workorder',
			operation: 'get',
			workorderId: 5001,
			requestOptions: { timeout: 1 },
		});
		const host = new URL(sandbox.urls.scantrust).host;
		expect(error?.message).toBe(`${host} did not answer within 1 seconds`);
		expect(error?.description).toMatch(/Raise the timeout under Request Options/);
	}, 30_000);

	test('a download that stalls mid-body fails after the idle timeout, naming the host', async () => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/dashboard/scans/csv', kind: 'hangBody', afterBytes: 100, times: 5 });
		const { error } = await scantrust({
			resource: 'scan',
			operation: 'exportCsv',
			campaignId: '126',
			timeRange: 'none',
			requestOptions: { downloadIdleTimeout: 1 },
		});
		const host = new URL(sandbox.urls.scantrust).host;
		expect(error?.message).toBe(`${host} sent no data for 1 seconds during the download`);
	}, 60_000);

	test('a slow download that keeps flowing is never cut off by the idle timeout', async () => {
		sandbox.faults.inject({ service: 'scantrust', path: '/api/v2/dashboard/scans/csv', kind: 'trickle', pieces: 5, chunkDelayMs: 400 });
		const { items, error } = await scantrust({
			resource: 'scan',
			operation: 'exportCsv',
			campaignId: '126',
			timeRange: 'none',
			requestOptions: { downloadIdleTimeout: 1 },
		});
		expect(error).toBeUndefined();
		expect((await readBinary(items[0])).toString('utf8').trim().split('\n')).toHaveLength(31);
	}, 30_000);
});

describe("storage errors keep the storage's own words", () => {
	test('an expired presigned link: S3 XML message, advice to run again, no token advice', async () => {
		const presigned = storage().put('expired/codes.zip', { contentType: 'application/zip', body: Buffer.from('x') });
		(sandbox.storage as { objects: Map<string, { expiresAt?: number }> }).objects.get('expired/codes.zip')!.expiresAt = Date.now() - 1000;
		sandbox.faults.inject({ service: 'scantrust', path: '/media/', kind: 'redirect', location: presigned });
		const { error } = await scantrust({ resource: 'workorder', operation: 'downloadCodes', workorderId: '5004' });
		const host = new URL(sandbox.urls.storage).host;
		expect(error?.message).toBe(`${host} answered 403: AccessDenied: Request has expired`);
		expect(error?.description).toMatch(/Run the node again: it asks the API for a fresh link/);
		expect(error?.description).not.toMatch(/UAT/);
	});
});
