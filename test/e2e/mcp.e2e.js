'use strict';
// Our nodes as the tools of n8n's MCP Server Trigger, used by the official
// MCP client (@modelcontextprotocol/sdk) over Streamable HTTP, as Claude
// Desktop, Cursor or any other MCP client would: the workflow of `npm run dev`
// (workflows.mcpServerWorkflow), published in `n8n start`. The client lists the
// tools, calls a read, a write and NeoDay, and sends what a model may get
// wrong or be tricked into: a bad argument, an unknown ID, an absolute URL
// and a path as an ID. The sandbox's log shows what reached each API.
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');
const r = require('./n8n-runner');
const w = require('./workflows');
const { newInstance, newSandbox, note, waitFor } = require('./support');

const SECRETS = ['sandbox-uat-token', 'sandbox-tv-token', 'sandbox-client-secret-7Qx9', w.MCP_DEMO_TOKEN];

let sandbox;
let inst;
let server;
let client;
let neoDayToken;

/** The MCP endpoint answers 404 for a moment after publishing: n8n registers the webhook after it answers. */
async function connect(url) {
	return await waitFor(
		async () => {
			const candidate = new Client({ name: 'connected-packaging-e2e', version: '1.0.0' });
			const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${w.MCP_DEMO_TOKEN}` } } });
			try {
				await candidate.connect(transport);
				return candidate;
			} catch (error) {
				note(`MCP endpoint not ready yet: ${error.message.slice(0, 120)}`);
				await candidate.close().catch(() => {});
				return null;
			}
		},
		{ timeoutMs: 60_000, intervalMs: 1000, what: `the MCP server at ${url}` },
	);
}

/** The text of a tool result, after checking that it is (or is not) an error and carries no secret and no stack trace. */
function textOf(result, { isError }) {
	expect(result.content).toHaveLength(1);
	const { text } = result.content[0];
	expect([Boolean(result.isError), text]).toEqual([isError, expect.any(String)]);
	for (const secret of [...SECRETS, neoDayToken].filter(Boolean)) expect(text).not.toContain(secret);
	expect(text).not.toMatch(/\n\s+at \S/);
	return text;
}

/** Requests the sandbox logged since `since` (an index into its log). */
const requestsSince = (since) => sandbox.requests.slice(since);

beforeAll(async () => {
	sandbox = await newSandbox();
	inst = newInstance();
	await r.importCredentials(inst, [...w.sandboxCredentials(sandbox.urls), w.MCP_CREDENTIAL]);
	const workflow = w.mcpServerWorkflow();
	await r.importWorkflows(inst, [workflow]);
	server = await r.startN8n(inst);
	const { cookie } = await r.setupOwner(server.url);
	await r.activateWorkflow(server.url, cookie, workflow.id);
	client = await connect(`${server.url}/mcp/${w.MCP_PATH}`);
}, 240_000);

afterAll(async () => {
	await client?.close();
	await server?.stop();
	await sandbox?.close();
	if (inst) r.cleanupInstance(inst);
});

test('without the bearer token the MCP server refuses the client and runs nothing', async () => {
	const since = sandbox.requests.length;
	const res = await fetch(`${server.url}/mcp/${w.MCP_PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
		body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
	});
	// n8n's webhook authentication answers 403 to a request without the header.
	expect(res.status).toBe(403);
	expect(requestsSince(since)).toEqual([]);
});

test('the client lists the four tools: names from the nodes, descriptions written for a model, the $fromAI keys as required arguments', async () => {
	const { tools } = await client.listTools();
	const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
	expect(Object.keys(byName).sort()).toEqual(['neoday_export_results', 'scantrust_scans', 'scantrust_workorder', 'trackvision_record_check']);

	expect(byName.scantrust_scans.description).toMatch(/^Lists the consumer scans of one Scantrust campaign.*Needs the campaign ID.*Returns one entry per scan, up to the Limit \(50 unless set\)\.$/);
	expect(byName.scantrust_workorder.description).toMatch(/^Gets one Scantrust workorder\. Needs its ID\./);
	expect(byName.trackvision_record_check.description).toMatch(/^Records a new integrity check of a product code in TrackVision.*This changes data\./);
	expect(byName.neoday_export_results.description).toMatch(/^Lists the results of one NeoDay automated export.*Needs the export's name\./);
	for (const tool of tools) expect(tool.description).not.toMatch(/ in (Scantrust|TrackVision|NeoDay)$/);

	const schema = (name) => ({ ...byName[name].inputSchema, $schema: undefined, additionalProperties: undefined });
	expect(schema('scantrust_scans')).toEqual(
		expect.objectContaining({
			type: 'object',
			properties: { campaign_id: { type: 'string', description: 'Scantrust campaign ID, a number such as 126' } },
			required: ['campaign_id'],
		}),
	);
	expect(schema('trackvision_record_check')).toEqual(
		expect.objectContaining({
			properties: {
				code: { type: 'string', description: 'The product code that was checked' },
				notes: { type: 'string', description: 'What the inspector saw' },
			},
			required: expect.arrayContaining(['code', 'notes']),
		}),
	);
	expect(schema('neoday_export_results').required).toEqual(['export_name']);
	expect(schema('scantrust_workorder').required).toEqual(['workorder_id']);
});

test('a read: 50 simplified scans of campaign 777, one request with the UAT token', async () => {
	const since = sandbox.requests.length;
	const text = textOf(await client.callTool({ name: 'scantrust_scans', arguments: { campaign_id: '777' } }), { isError: false });
	const scans = JSON.parse(text);
	expect(scans).toHaveLength(50);
	expect(Object.keys(scans[0])).toEqual(expect.arrayContaining(['uuid', 'scan_timestamp', 'result']));
	expect(scans[0]).not.toHaveProperty('product_image');
	const requests = requestsSince(since);
	expect(requests.map((q) => [q.service, q.method, q.path])).toEqual([['scantrust', 'GET', '/api/v2/dashboard/scans/']]);
	expect(requests[0].query).toEqual(expect.objectContaining({ campaign_id: '777', limit: '50' }));
	expect(requests[0].headers.authorization).toBe('UAT sandbox-uat-token');
});

test('a write: the integrity check TrackVision received is the one the model described, sent once', async () => {
	const since = sandbox.requests.length;
	const text = textOf(await client.callTool({ name: 'trackvision_record_check', arguments: { code: 'E2E-MCP-0001', notes: 'label looks reprinted' } }), { isError: false });
	const [check] = JSON.parse(text);
	expect(check).toEqual(expect.objectContaining({ id: expect.any(String), code: 'E2E-MCP-0001', notes: 'label looks reprinted', check_mode: 'scan_code' }));
	const posts = requestsSince(since).filter((q) => q.method === 'POST');
	expect(posts.map((q) => [q.service, q.path])).toEqual([['trackvision', '/items/integrity_check']]);
	expect(posts[0].body).toEqual(expect.objectContaining({ code: 'E2E-MCP-0001', notes: 'label looks reprinted', check_mode: 'scan_code' }));
	expect(posts[0].headers.authorization).toBe('Bearer sandbox-tv-token');
});

test('NeoDay: the results of an export, through the gateway token', async () => {
	const since = sandbox.requests.length;
	const results = JSON.parse(textOf(await client.callTool({ name: 'neoday_export_results', arguments: { export_name: 'win-info' } }), { isError: false }));
	expect(results.length).toBeGreaterThan(0);
	expect(results.length).toBeLessThanOrEqual(50);
	expect(results[0]).toEqual(expect.objectContaining({ id: expect.anything() }));
	const calls = requestsSince(since).filter((q) => q.path.startsWith('/api/1/data-exporter/'));
	expect(calls.map((q) => q.path)).toEqual(['/api/1/data-exporter/automated/win-info/results']);
	neoDayToken = calls[0].headers.authorization?.replace(/^Bearer /, '');
	expect(neoDayToken).toBeTruthy();
});

test('a bad argument: an error result that names the field and says what to send; nothing sent', async () => {
	const since = sandbox.requests.length;
	const text = textOf(await client.callTool({ name: 'scantrust_workorder', arguments: { workorder_id: 'five thousand' } }), { isError: true });
	expect(text).toMatch(/Invalid "Workorder ID": "five thousand" is not a whole number of at least 1/);
	expect(text).toMatch(/Enter a whole number of at least 1 in "Workorder ID"/);
	expect(text).not.toMatch(/in item \d/);
	expect(requestsSince(since)).toEqual([]);
	note(`a bad argument, as the client got it: ${JSON.stringify(text)}`);
});

test('an unknown ID: an error result with the API\'s status and own message', async () => {
	const since = sandbox.requests.length;
	const text = textOf(await client.callTool({ name: 'scantrust_workorder', arguments: { workorder_id: '999999' } }), { isError: true });
	expect(text).toMatch(/Scantrust API error 404: Not found\./);
	note(`an unknown ID, as the client got it: ${JSON.stringify(text)}`);
	expect(requestsSince(since).map((q) => [q.service, q.path])).toEqual([['scantrust', '/api/v2/workorders/999999/']]);
});

test('an absolute URL or a path as an ID: no request leaves the API, and no path is injected', async () => {
	const since = sandbox.requests.length;
	const elsewhere = `${sandbox.urls.foreign}/steal?x=1`;

	textOf(await client.callTool({ name: 'scantrust_workorder', arguments: { workorder_id: elsewhere } }), { isError: true });
	textOf(await client.callTool({ name: 'scantrust_workorder', arguments: { workorder_id: '5001/../../users?x=1' } }), { isError: true });
	const dots = textOf(await client.callTool({ name: 'neoday_export_results', arguments: { export_name: '..' } }), { isError: true });
	expect(dots).toMatch(/Invalid "Export": "\.\." is not a name or ID/);
	// A name is one path segment, percent-encoded: the gateway is asked for an export of that odd name, and says it has none.
	for (const name of [elsewhere, '../../terminal/users?x=1']) {
		const text = textOf(await client.callTool({ name: 'neoday_export_results', arguments: { export_name: name } }), { isError: true });
		expect(text).toMatch(/NeoDay API error 404/);
	}

	const requests = requestsSince(since);
	expect(requests.filter((q) => q.service !== 'neoday')).toEqual([]);
	expect(requests.filter((q) => q.path.startsWith('/api/1/data-exporter/')).map((q) => [q.path, q.query])).toEqual([
		[`/api/1/data-exporter/automated/${encodeURIComponent(elsewhere)}/results`, expect.not.objectContaining({ x: expect.anything() })],
		['/api/1/data-exporter/automated/..%2F..%2Fterminal%2Fusers%3Fx%3D1/results', expect.not.objectContaining({ x: expect.anything() })],
	]);
	expect(sandbox.requestsTo('foreign')).toEqual([]);
});
