// Our nodes as AI tools, through n8n-core's own tool building and invocation
// (test/harness/tool.ts): what the model reads, results kept small, and
// errors a model can act on without a secret in them.
import { runTool } from '../harness/tool';
import { neoDayCredentials, scantrustCredentials, trackVisionCredentials, useSandbox, type SandboxHandle } from '../harness/sandbox';

let sandbox: SandboxHandle;

beforeAll(async () => {
	sandbox = await useSandbox({ workorderCompletionMs: 0 });
});

beforeEach(() => sandbox.reset());

afterAll(async () => await sandbox.close());

const SECRETS = ['sandbox-uat-token', 'sandbox-tv-token', 'sandbox-client-secret-7Qx9'];

function expectNoSecret(text: string) {
	for (const secret of SECRETS) expect(text).not.toContain(secret);
	expect(text).not.toMatch(/\n\s+at /);
}

const fromAi = (key: string, description: string, type = 'string') => `={{ $fromAI('${key}', '${description}', '${type}') }}`;

describe('what the model reads', () => {
	test('the operation\'s own description, the node\'s name as the tool\'s, the $fromAI keys as its arguments', async () => {
		const run = await runTool({
			type: 'scantrust',
			typeVersion: 2,
			name: 'Scantrust scans',
			parameters: { resource: 'scan', operation: 'getMany', campaignId: fromAi('campaign_id', 'Scantrust campaign ID') },
			credentials: scantrustCredentials(sandbox),
			calls: [],
		});
		expect(run.name).toBe('Scantrust_scans');
		expect(run.description).toMatch(/^Lists the consumer scans of one Scantrust campaign/);
		expect(run.description).toContain('Needs the campaign ID');
		expect(run.arguments).toEqual({ campaign_id: 'Scantrust campaign ID' });
	});

	test('a Description the user wrote wins', async () => {
		const run = await runTool({
			type: 'trackVision',
			typeVersion: 2,
			parameters: { resource: 'scanEvent', operation: 'getMany', toolDescription: 'Recent consumer scans of our codes' },
			credentials: trackVisionCredentials(sandbox),
			calls: [],
		});
		expect(run.description).toBe('Recent consumer scans of our codes');
	});
});

describe('small by default', () => {
	test('a list returns 50 simplified records, and Return All saved on the node is not honoured', async () => {
		const run = await runTool({
			type: 'scantrust',
			typeVersion: 2,
			parameters: { resource: 'scan', operation: 'getMany', campaignId: fromAi('campaign_id', 'Campaign ID'), returnAll: true, simplify: true },
			credentials: scantrustCredentials(sandbox),
			calls: [{ campaign_id: '777' }],
		});
		const records = JSON.parse(run.calls[0].text as string) as Array<Record<string, unknown>>;
		expect(records).toHaveLength(50);
		expect(Object.keys(records[0])).toEqual(expect.arrayContaining(['uuid', 'scan_timestamp', 'result']));
		expect(records[0]).not.toHaveProperty('product_image');
		const requests = sandbox.requestsTo('scantrust', '/api/v2/dashboard/scans/');
		expect(requests).toHaveLength(1);
		expect(requests[0].query).toEqual(expect.objectContaining({ campaign_id: '777', limit: '50' }));
	});

	test('version 1 tools, which show no Simplify, simplify too', async () => {
		const run = await runTool({
			type: 'trackVision',
			typeVersion: 1,
			parameters: { resource: 'integrityCheck', operation: 'getMany' },
			credentials: trackVisionCredentials(sandbox),
			calls: [{}],
		});
		const records = JSON.parse(run.calls[0].text as string) as Array<Record<string, unknown>>;
		expect(records.length).toBeGreaterThan(0);
		expect(records.length).toBeLessThanOrEqual(50);
		for (const record of records) {
			expect(Object.keys(record).every((key) => ['id', 'date_created', 'check_mode', 'qr_code', 'code', 'address', 'notes', 'result'].includes(key))).toBe(true);
		}
	});

	test('the model may ask for up to 100, and is told so when it asks for more; nothing is sent', async () => {
		const run = await runTool({
			type: 'scantrust',
			typeVersion: 2,
			parameters: { resource: 'workorder', operation: 'getMany', limit: fromAi('limit', 'How many workorders', 'number') },
			credentials: scantrustCredentials(sandbox),
			calls: [{ limit: 3 }, { limit: 10000 }],
		});
		expect(JSON.parse(run.calls[0].text as string)).toHaveLength(3);
		const error = run.calls[1].error as Error;
		expect(error.message).toMatch(/^Invalid "Limit": "10000" is not a whole number from 1 to 100/);
		expect(error.message).not.toMatch(/in item/);
		expect(sandbox.requestsTo('scantrust', '/api/v2/workorders/')).toHaveLength(1);
	});
});

describe('errors a model can act on', () => {
	test('an ID that is not one: which field, what is wrong, what to send; no request', async () => {
		const run = await runTool({
			type: 'trackVision',
			typeVersion: 2,
			parameters: { resource: 'integrityCheck', operation: 'get', checkId: { __rl: true, mode: 'id', value: fromAi('check_id', 'Integrity check ID') } },
			credentials: trackVisionCredentials(sandbox),
			calls: [{ check_id: 'not-a-uuid' }, { check_id: '../../users/me?x=1' }],
		});
		for (const { error } of run.calls) {
			expect(error?.message).toMatch(/^Invalid "Integrity Check ID": ".*" is not a UUID/);
			expect(error?.message).toContain('Use the record\'s ID, a UUID');
			expectNoSecret(`${error?.name}: ${error?.message}`);
		}
		expect(sandbox.requestsTo('trackvision')).toHaveLength(0);
	});

	test('an unknown ID: the API\'s own answer and status, no token', async () => {
		const run = await runTool({
			type: 'scantrust',
			typeVersion: 2,
			parameters: { resource: 'workorder', operation: 'get', workorderId: { __rl: true, mode: 'id', value: fromAi('workorder_id', 'Workorder ID') } },
			credentials: scantrustCredentials(sandbox),
			calls: [{ workorder_id: '999999' }],
		});
		const error = run.calls[0].error as Error;
		expect(error.message).toMatch(/Scantrust API error 404/);
		expectNoSecret(`${error.name}: ${error.message}`);
	});

	test('"." and ".." as a name that goes into a path are refused before any request', async () => {
		const run = await runTool({
			type: 'neoDay',
			typeVersion: 2,
			parameters: {
				resource: 'customEvent',
				operation: 'send',
				eventName: 'genuine_scan',
				userId: fromAi('user_id', 'NeoDay user ID'),
				eventData: '={{ JSON.stringify({ sku: "SS001" }) }}',
			},
			credentials: neoDayCredentials(sandbox),
			calls: [{ user_id: '..' }, { user_id: '.' }],
		});
		for (const { error } of run.calls) expect(error?.message).toMatch(/^Invalid "User ID": "\.{1,2}" is not a name or ID/);
		expect(sandbox.requestsTo('neoday').filter((request) => request.path.includes('/terminal/'))).toHaveLength(0);
	});
});
