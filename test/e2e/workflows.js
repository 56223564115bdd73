'use strict';
/**
 * Credentials and workflows that point at the sandbox, in n8n's import
 * format. The e2e suite runs them, and `npm run dev` imports them as demos,
 * so a newcomer finds every node ready to execute against the sandbox.
 *
 * Our nodes come from the three packages installed as community packages, so their
 * types are `n8n-nodes-scantrust.<name>` and the like.
 */

const { publishedNodeType: nodeType } = require('../packages/packages');

/** Fixed IDs: workflows reference credentials by ID, and a re-import updates in place. */
const CREDENTIALS = {
	scantrustApi: { id: 'sbxScantrust0001', name: 'Scantrust sandbox' },
	trackVisionApi: { id: 'sbxTrackVision01', name: 'TrackVision sandbox' },
	neoDayGatewayOAuth2Api: { id: 'sbxNeoDay0000001', name: 'NeoDay sandbox' },
};

/** What an MCP client sends as its bearer token to the demo MCP server (the MCP Server Trigger checks it). */
const MCP_DEMO_TOKEN = 'sandbox-mcp-token';

/** n8n's own Bearer Auth credential, which the MCP Server Trigger checks requests against. Not ours, so not in CREDENTIALS. */
const MCP_CREDENTIAL = { id: 'sbxMcpBearer0001', name: 'MCP demo token', type: 'httpBearerAuth', data: { token: MCP_DEMO_TOKEN } };

/** The three credentials, filled in with the sandbox's URLs and its demo tokens and client. */
function sandboxCredentials(urls) {
	const data = {
		scantrustApi: { baseUrl: urls.scantrust, token: 'sandbox-uat-token' },
		trackVisionApi: { url: urls.trackvision, epcisUrl: urls.epcis, token: 'sandbox-tv-token' },
		neoDayGatewayOAuth2Api: {
			gatewayUrl: urls.neoday,
			clientId: 'sandbox-client',
			clientSecret: 'sandbox-client-secret-7Qx9',
		},
	};
	return Object.entries(CREDENTIALS).map(([type, { id, name }]) => ({ id, name, type, data: data[type] }));
}

const credentialRef = (type) => ({ [type]: { ...CREDENTIALS[type] } });

/** A resource locator's value, as the editor saves it. */
const locator = (value, mode = 'id', cachedResultName) => ({ __rl: true, mode, value, ...(cachedResultName ? { cachedResultName } : {}) });

/**
 * A workflow started by hand. Each step runs on the Manual Trigger's single
 * item, unless `after` names the step whose output it takes (e.g. to use the
 * ID of what that step created through an expression).
 * @param {{ id: string, name: string, steps: Array<{ name: string, type: string,
 *   parameters: object, credential?: string, after?: string }> }} spec
 */
function manualWorkflow({ id, name, steps, note }) {
	const nodes = [
		{
			id: `${id}-manual`,
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
	];
	const connections = {};
	const connect = (from, to) => {
		connections[from] ??= { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	};
	const column = new Map([[nodes[0].name, 0]]);
	let row = 0;
	for (const step of steps) {
		const source = step.after ?? nodes[0].name;
		const x = column.get(source) + 1;
		if (!step.after) row += 1;
		column.set(step.name, x);
		nodes.push({
			id: `${id}-${nodes.length}`,
			name: step.name,
			type: step.type.includes('.') ? step.type : nodeType(step.type),
			typeVersion: step.type.includes('.') ? 1 : 2,
			position: [x * 260, (row - 1) * 160],
			parameters: step.parameters,
			...(step.credential ? { credentials: credentialRef(step.credential) } : {}),
		});
		connect(source, step.name);
	}
	if (note) {
		// Left of the trigger and down to below the last step: the editor fits the view to it, so no
		// step's label ends up under the floating "Execute workflow" button at the bottom of the canvas.
		const top = 140;
		nodes.push({
			id: `${id}-note`,
			name: 'About this demo',
			type: 'n8n-nodes-base.stickyNote',
			typeVersion: 1,
			position: [-320, top],
			parameters: { content: note, width: 280, height: Math.max(240, (row - 1) * 160 + 260 - top) },
		});
	}
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

const scantrust = (name, parameters, after) => ({ name, type: 'scantrust', parameters, credential: 'scantrustApi', after });
const trackVision = (name, parameters, after) => ({ name, type: 'trackVision', parameters, credential: 'trackVisionApi', after });
const neoDay = (name, parameters, after) => ({
	name,
	type: 'neoDay',
	parameters: { resource: 'automatedExport', ...parameters },
	credential: 'neoDayGatewayOAuth2Api',
	after,
});

/** Every Scantrust operation; references carry a timestamp so the demo can run again. */
const scantrustWorkflow = () =>
	manualWorkflow({
		id: 'demoScantrust001',
		name: 'Scantrust: every operation (sandbox)',
		note: '## Scantrust demo\nEach node runs one operation against the sandbox.\n\nClick **Execute workflow**, then open a node to see its items or files.',
		steps: [
			scantrust('Campaign scans', {
				resource: 'scan',
				operation: 'getMany',
				campaignId: locator('https://portal.scantrust.com/#/dashboard?tabIndex=0&campaignId=126&page=1', 'url'),
				timeRange: 'none',
				returnAll: true,
			}),
			scantrust('Export scans CSV', { resource: 'scan', operation: 'exportCsv', campaignId: locator('777'), timeRange: 'none' }),
			scantrust('Products', { resource: 'product', operation: 'getMany', returnAll: true }),
			scantrust('Get product', { resource: 'product', operation: 'get', productSku: locator('SS001', 'list', 'SantiagoShoes2017 (SS001)') }),
			scantrust('Templates', { resource: 'workorderTemplate', operation: 'getMany', returnAll: true }),
			scantrust('Workorders', { resource: 'workorder', operation: 'getMany', returnAll: true }),
			scantrust('Create SSC', {
				resource: 'workorder',
				operation: 'createSsc',
				reference: '=DEMO-SSC-{{ $now.toMillis() }}',
				quantity: 50,
				codeLayout: 'sg-inside',
				printingPartner: 346,
				additionalFields: { template: locator('164', 'list', 'SG_Template_1 (sg-outside)'), remarks: 'created by the demo workflow' },
			}),
			scantrust(
				'Confirm print',
				{ resource: 'workorder', operation: 'confirmPrint', workorderId: locator('={{ $json.id }}'), substrate: 1, equipment: 2, externalId: 'press-7' },
				'Create SSC',
			),
			scantrust('Create SID', {
				resource: 'workorder',
				operation: 'createSid',
				reference: '=DEMO-SID-{{ $now.toMillis() }}',
				quantity: 5,
				activateOnComplete: true,
				useSerialNumber: true,
				remarks: 'serials for the demo',
			}),
			scantrust('Get workorder', { resource: 'workorder', operation: 'get', workorderId: locator('={{ $json.id }}') }, 'Create SID'),
			scantrust('Download codes', {
				resource: 'workorder',
				operation: 'downloadCodes',
				workorderId: locator('5005', 'list', 'WO-DONE-STORAGE (#5005)'),
			}),
		],
	});

/** Every TrackVision operation: a check's whole life, a filtered list, a review of new results, and scan events. */
const trackVisionWorkflow = () =>
	manualWorkflow({
		id: 'demoTrackVision1',
		name: 'TrackVision: every operation (sandbox)',
		note: '## TrackVision demo\nA check created, read, updated and deleted; lists; results reviewed; scan events read.\n\nClick **Execute workflow**.',
		steps: [
			trackVision('Create check', {
				resource: 'integrityCheck',
				operation: 'create',
				checkFields: {
					check_mode: 'scan_code',
					qr_code: 'https://id.gs1.org/01/09521234543217/21/DEMO0001',
					code: 'DEMO0001',
					address: 'Bahnhofstrasse 1, Zurich',
					notes: 'created by the demo workflow',
				},
			}),
			trackVision(
				'Get check',
				{ resource: 'integrityCheck', operation: 'get', checkId: locator('={{ $json.id }}'), options: { includeResult: true } },
				'Create check',
			),
			trackVision(
				'Update check',
				{ resource: 'integrityCheck', operation: 'update', checkId: locator('={{ $json.id }}'), checkFields: { notes: 'reviewed by the demo workflow' } },
				'Get check',
			),
			trackVision('Delete check', { resource: 'integrityCheck', operation: 'delete', checkId: locator('={{ $json.id }}') }, 'Update check'),
			trackVision('Duplicated checks', {
				resource: 'integrityCheck',
				operation: 'getMany',
				returnAll: true,
				filters: { results: ['duplicated'] },
			}),
			trackVision('Suspicious results', {
				resource: 'integrityCheckResult',
				operation: 'getMany',
				returnAll: false,
				limit: 3,
				filters: { results: ['duplicated', 'diverted'], statuses: ['new'] },
			}),
			trackVision(
				'Mark reviewed',
				{
					resource: 'integrityCheckResult',
					operation: 'update',
					resultId: locator('={{ $json.id }}'),
					updateFields: { status: 'reviewed', review_comments: 'checked by the demo workflow' },
				},
				'Suspicious results',
			),
			trackVision('Get result', { resource: 'integrityCheckResult', operation: 'get', resultId: locator('={{ $json.id }}') }, 'Mark reviewed'),
			trackVision('Mobile scan events', {
				resource: 'scanEvent',
				operation: 'getMany',
				returnAll: false,
				limit: 3,
				filters: { deviceTypes: 'mobile' },
				options: { sort: '-scan_date' },
			}),
			trackVision('Get scan event', { resource: 'scanEvent', operation: 'get', scanEventId: locator('={{ $json.id }}') }, 'Mobile scan events'),
		],
	});

/** The EPCIS operations: a commissioning event captured and waited for, validated, queried, and its capture job read. */
const epcisWorkflow = () =>
	manualWorkflow({
		id: 'demoEpcis0000001',
		name: 'TrackVision EPCIS: capture, validate, query (sandbox)',
		note: '## TrackVision EPCIS demo\nThree codes commissioned in one ObjectEvent, the capture job followed, the event validated and queried back.\n\nClick **Execute workflow**.',
		steps: [
			trackVision('Capture', {
				resource: 'epcisEvent',
				operation: 'capture',
				input: 'fields',
				eventType: 'ObjectEvent',
				epcisAction: 'ADD',
				epcList: 'https://id.gs1.org/01/09521234543213/21/DEMO1, https://id.gs1.org/01/09521234543213/21/DEMO2, https://id.gs1.org/01/09521234543213/21/DEMO3',
				bizStep: 'commissioning',
				disposition: 'active',
				readPoint: 'urn:epc:id:sgln:0614141.00777.0',
			}),
			trackVision('Validate', {
				resource: 'epcisEvent',
				operation: 'validate',
				input: 'fields',
				eventType: 'ObjectEvent',
				epcisAction: 'OBSERVE',
				epcList: 'https://id.gs1.org/01/09521234543213/21/DEMO1',
				bizStep: 'inspecting',
			}),
			trackVision('Commissioned events', { resource: 'epcisEvent', operation: 'getMany', returnAll: true, filters: { bizSteps: 'commissioning', actions: ['ADD'] } }, 'Capture'),
			trackVision('Capture job', { resource: 'captureJob', operation: 'get', captureJobId: locator("={{ $('Capture').item.json.captureJobIds[0] }}") }, 'Capture'),
			trackVision('Recent capture jobs', { resource: 'captureJob', operation: 'getMany', returnAll: false, limit: 5 }, 'Capture'),
		],
	});

/** Every NeoDay operation, with the 100,000-row export downloaded as a file. */
const neoDayWorkflow = () =>
	manualWorkflow({
		id: 'demoNeoDay000001',
		name: 'NeoDay: every operation (sandbox)',
		note: '## NeoDay demo\nExports, their results, rows and files from the sandbox gateway.\n\nClick **Execute workflow**.',
		steps: [
			neoDay('Exports', { operation: 'getMany', returnAll: true }),
			neoDay('win-info results', { operation: 'getResults', exportName: locator('win-info', 'list', 'win-info'), returnAll: true }),
			neoDay('Latest win-info', { operation: 'downloadLatest', exportName: locator('win-info', 'list', 'win-info'), convertTypes: true }),
			neoDay('All-time file', { operation: 'downloadLatest', exportName: locator('win-info-all-time'), output: 'file' }),
			neoDay('Newest result', { operation: 'getResults', exportName: locator('campaign-info'), returnAll: false, limit: 1 }),
			neoDay(
				'Download result',
				{ operation: 'downloadResult', exportName: locator('campaign-info'), resultId: '={{ $json.id }}' },
				'Newest result',
			),
		],
	});

/** One request to the gateway: what the token lifecycle test runs. */
const neoDayListWorkflow = () =>
	manualWorkflow({
		id: 'demoNeoDayList01',
		name: 'NeoDay: list exports (sandbox)',
		steps: [neoDay('Exports', { operation: 'getMany', returnAll: true })],
	});

/** The NeoDay user the demo rewards; in a real workflow the brand's app knows the consumer's NeoDay ID. */
const DEMO_NEODAY_USER = 'r8d0h8nfx09w23o64g63rvk7q';

/** The demo's event, as the sandbox has it defined: NeoDay's custom-events page has events defined before they are sent. */
const GENUINE_SCAN_SCHEMA = require('../sandbox/neoday').SEEDED_EVENTS.genuine_scan;

/** Example: a consumer's genuine scan (Scantrust) becomes a NeoDay custom event that a campaign can reward. */
const genuineScanToNeoDayWorkflow = () =>
	manualWorkflow({
		id: 'exampleGenuine01',
		name: 'Example: genuine scan → NeoDay custom event (sandbox)',
		note: '## Genuine scan → NeoDay\nDefines the genuine_scan event (a PUT: running it again changes nothing), reads the latest scans of campaign 126, keeps the genuine ones (result ok) and sends one event per scan for the demo user. Each send carries its own Idempotency-Key, so a retry never sends it twice.\n\nClick **Execute workflow**.',
		steps: [
			neoDay('Define genuine_scan', { resource: 'customEvent', operation: 'define', eventName: 'genuine_scan', schema: JSON.stringify(GENUINE_SCAN_SCHEMA, null, 2) }),
			scantrust(
				'Latest scans',
				{ resource: 'scan', operation: 'getMany', campaignId: locator('126'), timeRange: 'none', returnAll: false, limit: 10 },
				'Define genuine_scan',
			),
			{
				name: 'Genuine only',
				type: 'n8n-nodes-base.filter',
				parameters: { conditions: { string: [{ value1: '={{ $json.result }}', operation: 'equal', value2: 'ok' }] } },
				after: 'Latest scans',
			},
			neoDay(
				'Send genuine_scan',
				{
					resource: 'customEvent',
					operation: 'send',
					eventName: 'genuine_scan',
					userId: DEMO_NEODAY_USER,
					eventData:
						'={{ JSON.stringify({ scan_uuid: $json.uuid, product_sku: $json.product_sku ?? undefined, serial_number: $json.serial_number == null ? undefined : String($json.serial_number) }) }}',
				},
				'Genuine only',
			),
		],
	});

const actionWorkflows = () => [scantrustWorkflow(), trackVisionWorkflow(), epcisWorkflow(), neoDayWorkflow(), neoDayListWorkflow(), genuineScanToNeoDayWorkflow()];

/** The MCP server's path: clients connect to <n8n>/mcp/connected-packaging once the workflow is published. */
const MCP_PATH = 'connected-packaging';

/** A parameter the model fills in: n8n puts the key and description into the tool's input schema. */
const fromAI = (key, description, type = 'string') => `={{ $fromAI('${key}', '${description}', '${type}') }}`;

/**
 * Our nodes as the tools of an MCP server (n8n's MCP Server Trigger, Streamable
 * HTTP and SSE at /mcp/<path>, bearer token): reads, a write, NeoDay. Each tool's
 * name is its node's name; its description the operation's own; its input
 * schema the $fromAI keys below. Published, any MCP client can use them.
 */
function mcpServerWorkflow() {
	const trigger = 'MCP Server';
	const tool = (name, type, credential, parameters) => ({ name, type: nodeType(`${type}Tool`), parameters, credentials: credentialRef(credential) });
	const tools = [
		tool('scantrust_scans', 'scantrust', 'scantrustApi', {
			resource: 'scan',
			operation: 'getMany',
			campaignId: locator(fromAI('campaign_id', 'Scantrust campaign ID, a number such as 126')),
			timeRange: 'none',
		}),
		tool('scantrust_workorder', 'scantrust', 'scantrustApi', {
			resource: 'workorder',
			operation: 'get',
			workorderId: locator(fromAI('workorder_id', 'Scantrust workorder ID, a number such as 5001')),
		}),
		tool('trackvision_record_check', 'trackVision', 'trackVisionApi', {
			resource: 'integrityCheck',
			operation: 'create',
			checkFields: { check_mode: 'scan_code', code: fromAI('code', 'The product code that was checked'), notes: fromAI('notes', 'What the inspector saw') },
		}),
		tool('neoday_export_results', 'neoDay', 'neoDayGatewayOAuth2Api', {
			resource: 'automatedExport',
			operation: 'getResults',
			exportName: locator(fromAI('export_name', 'Name of a NeoDay automated export, such as win-info')),
		}),
	];
	return {
		id: 'demoMcpServer001',
		name: 'MCP server: Scantrust, TrackVision and NeoDay tools (sandbox)',
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{
				id: 'demoMcpServer001-trigger',
				name: trigger,
				type: '@n8n/n8n-nodes-langchain.mcpTrigger',
				typeVersion: 2,
				position: [400, 0],
				webhookId: 'demo-mcp-connected-packaging',
				parameters: {
					authentication: 'bearerAuth',
					path: MCP_PATH,
					instructions:
						'Tools for connected packaging: Scantrust scans and workorders, TrackVision integrity checks, NeoDay exports. Lists return 50 entries unless asked for fewer.',
				},
				credentials: { httpBearerAuth: { id: MCP_CREDENTIAL.id, name: MCP_CREDENTIAL.name } },
			},
			...tools.map((t, index) => ({ id: `demoMcpServer001-${index}`, typeVersion: 2, position: [index * 220, 240], ...t })),
		],
		connections: Object.fromEntries(tools.map((t) => [t.name, { ai_tool: [[{ node: trigger, type: 'ai_tool', index: 0 }]] }])),
	};
}

/**
 * Trigger → HTTP Request that posts each event as JSON to the sandbox sink,
 * `POST <sink>/events/<channel>`, polling every minute (n8n's shortest poll);
 * a webhook trigger (given its `webhookId`) does not poll.
 */
function triggerToSinkWorkflow({ id, name, trigger, credential, parameters = {}, sinkUrl, channel, webhookId }) {
	const triggerName = 'Trigger';
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{
				id: `${id}-trigger`,
				name: triggerName,
				type: nodeType(trigger),
				typeVersion: 1,
				position: [0, 0],
				...(webhookId ? { webhookId, parameters } : { parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters } }),
				credentials: credentialRef(credential),
			},
			{
				id: `${id}-sink`,
				name: 'Post to the sandbox sink',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [260, 0],
				parameters: {
					method: 'POST',
					url: `${sinkUrl}/events/${channel}`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify($json) }}',
					options: {},
				},
			},
		],
		connections: { [triggerName]: { main: [[{ node: 'Post to the sandbox sink', type: 'main', index: 0 }]] } },
	};
}

/**
 * Trigger demos for `npm run dev`, one per trigger: each posts its events to
 * the sink channel named after the trigger. Imported unpublished: publish one
 * in the editor, then create an event with a sandbox control route.
 */
const TRIGGER_DEMOS = [
	{ id: 'demoScantrustTrg', trigger: 'scantrustTrigger', credential: 'scantrustApi', name: 'Scantrust Trigger: completed workorders to the sandbox sink', parameters: { event: 'workorderCompleted' } },
];

const triggerDemos = (sinkUrl, hasNode = () => true) =>
	TRIGGER_DEMOS.filter((demo) => hasNode(demo.trigger)).map((demo) =>
		triggerToSinkWorkflow({ ...demo, sinkUrl, channel: demo.trigger }),
	);

/**
 * Example for the README: a counterfeit scan (Scantrust Trigger) records an
 * integrity check in TrackVision, then posts a Slack-style message
 * (`{"text": ...}`, what a Slack incoming webhook takes) to `alertUrl`. `npm
 * run dev` imports it with the sandbox sink's `brand-protection` channel; the
 * README shows it with the package's own node type names.
 */
function counterfeitAlertWorkflow(alertUrl, typeOf = nodeType) {
	const id = 'exampleCounterft';
	const scan = "$('Counterfeit scan').item.json";
	return {
		id,
		name: 'Counterfeit scan → TrackVision check and Slack-style alert',
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'Counterfeit scan',
				type: typeOf('scantrustTrigger'),
				typeVersion: 2,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					event: 'newScan',
					campaignId: locator('126'),
					filters: { flags: ['counterfeit'] },
				},
				credentials: credentialRef('scantrustApi'),
			},
			{
				id: `${id}-check`,
				name: 'Record a TrackVision check',
				type: typeOf('trackVision'),
				typeVersion: 2,
				position: [260, 0],
				parameters: {
					resource: 'integrityCheck',
					operation: 'create',
					checkFields: {
						check_mode: 'scan_code',
						code: '={{ $json.serial_number }}',
						address: "={{ [$json.city, $json.country_code].filter(Boolean).join(', ') }}",
						notes:
							'=Scantrust flagged scan {{ $json.uuid }} of {{ $json.product_name }} ({{ $json.product_sku }}) as counterfeit ({{ $json.computed_status }}) at {{ $json.scan_timestamp }}.',
					},
				},
				credentials: credentialRef('trackVisionApi'),
			},
			{
				id: `${id}-alert`,
				name: 'Slack-style alert',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [520, 0],
				parameters: {
					method: 'POST',
					url: alertUrl,
					sendBody: true,
					specifyBody: 'json',
					jsonBody:
						`={{ JSON.stringify({ text: ':rotating_light: Counterfeit scan of ' + ${scan}.product_name + ' (serial ' + ${scan}.serial_number + ') in ' + ${scan}.city + '. TrackVision integrity check ' + $json.id + ' records it.' }) }}`,
					options: {},
				},
			},
		],
		connections: {
			'Counterfeit scan': { main: [[{ node: 'Record a TrackVision check', type: 'main', index: 0 }]] },
			'Record a TrackVision check': { main: [[{ node: 'Slack-style alert', type: 'main', index: 0 }]] },
		},
	};
}

/** The example's fixed webhook ID, so the README can give its URLs: `/webhook(-test)/<id>/neoday`. */
const NEODAY_TRANSACTION_WEBHOOK_ID = '0d6f1f4e-5b7a-4c1e-9e3a-2f8b6c4d1a01';

/**
 * Example for the README: each NeoDay `transaction-created` webhook event posts
 * a Slack-style message (`{"text": ...}`) to `messageUrl`. `npm run dev`
 * imports it with the sandbox sink's `neoday-transactions` channel; the e2e
 * suite publishes it.
 */
function neoDayTransactionWorkflow(messageUrl) {
	const id = 'exampleNeoDayTx1';
	return {
		id,
		name: 'Example: NeoDay transaction → message (sandbox)',
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'NeoDay transaction',
				type: nodeType('neoDayWebhookTrigger'),
				typeVersion: 1,
				position: [0, 0],
				webhookId: NEODAY_TRANSACTION_WEBHOOK_ID,
				parameters: { events: ['transaction-created'], otherEvents: '' },
				credentials: credentialRef('neoDayGatewayOAuth2Api'),
			},
			{
				id: `${id}-message`,
				name: 'Message',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [260, 0],
				parameters: {
					method: 'POST',
					url: messageUrl,
					sendBody: true,
					specifyBody: 'json',
					jsonBody:
						"={{ JSON.stringify({ text: 'NeoDay transaction ' + $json.data.id + ': ' + $json.data.value + ' points for user ' + $json.data.user_id + ($json.locale ? ' (' + $json.locale + ')' : '') }) }}",
					options: {},
				},
			},
		],
		connections: { 'NeoDay transaction': { main: [[{ node: 'Message', type: 'main', index: 0 }]] } },
	};
}

/**
 * The loop from printed codes to traceability, for the README and `npm run
 * dev`: a completed Scantrust workorder (Scantrust Trigger) → its codes zip
 * (Workorder → Download Codes) → codes.csv, one item per code → one
 * commissioning ObjectEvent per code (ADD, bizStep commissioning, disposition
 * active) captured in TrackVision in batches, waiting for the capture jobs →
 * one Slack-style message (`{"text": ...}`) with the counts to `alertUrl`.
 */
function codesToEpcisWorkflow(alertUrl, typeOf = nodeType) {
	const id = 'exampleCodesEpcs';
	const workorder = "$('Workorder completed').first().json";
	const names = ['Workorder completed', 'Download codes', 'Unzip', 'One item per code', 'Commission in TrackVision', 'Slack-style message'];
	const node = (index, fields) => ({ id: `${id}-${index}`, name: names[index], position: [index * 260, 0], ...fields });
	return {
		id,
		name: 'Completed workorder → commission every code in TrackVision EPCIS → Slack-style message',
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			node(0, {
				type: typeOf('scantrustTrigger'),
				typeVersion: 2,
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'workorderCompleted' },
				credentials: credentialRef('scantrustApi'),
			}),
			node(1, {
				type: typeOf('scantrust'),
				typeVersion: 2,
				parameters: { resource: 'workorder', operation: 'downloadCodes', workorderId: locator('={{ $json.id }}') },
				credentials: credentialRef('scantrustApi'),
			}),
			node(2, { type: 'n8n-nodes-base.compression', typeVersion: 1.1, parameters: { operation: 'decompress', binaryPropertyName: 'data', outputPrefix: 'file_' } }),
			node(3, {
				type: 'n8n-nodes-base.extractFromFile',
				typeVersion: 1,
				parameters: { operation: 'csv', binaryPropertyName: "={{ Object.keys($binary).find((key) => $binary[key].fileName === 'codes.csv') }}", options: { headerRow: true } },
			}),
			node(4, {
				type: typeOf('trackVision'),
				typeVersion: 2,
				parameters: {
					resource: 'epcisEvent',
					operation: 'capture',
					input: 'fields',
					eventType: 'ObjectEvent',
					epcisAction: 'ADD',
					epcList: "={{ $json['Full URL'] }}",
					bizStep: 'commissioning',
					disposition: 'active',
					waitForCompletion: true,
					options: { eventsPerDocument: 100 },
				},
				credentials: credentialRef('trackVisionApi'),
			}),
			node(5, {
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				executeOnce: true,
				parameters: {
					method: 'POST',
					url: alertUrl,
					sendBody: true,
					specifyBody: 'json',
					jsonBody:
						`={{ JSON.stringify({ text: ':package: Workorder ' + ${workorder}.reference + ' (' + ${workorder}.id + '): ' + $input.all().length + ' codes commissioned in TrackVision, ' + $input.all().filter((item) => item.json.success === true).length + ' confirmed, ' + $input.all().filter((item) => item.json.success !== true).length + ' not confirmed, in ' + [...new Set($input.all().flatMap((item) => item.json.captureJobIds || []))].length + ' capture jobs.' }) }}`,
					options: {},
				},
			}),
		],
		connections: Object.fromEntries(names.slice(0, -1).map((name, index) => [name, { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] }])),
	};
}

module.exports = {
	NEODAY_TRANSACTION_WEBHOOK_ID,
	neoDayTransactionWorkflow,
	nodeType,
	CREDENTIALS,
	MCP_CREDENTIAL,
	MCP_DEMO_TOKEN,
	MCP_PATH,
	mcpServerWorkflow,
	sandboxCredentials,
	manualWorkflow,
	locator,
	scantrustWorkflow,
	trackVisionWorkflow,
	epcisWorkflow,
	neoDayWorkflow,
	neoDayListWorkflow,
	genuineScanToNeoDayWorkflow,
	actionWorkflows,
	triggerToSinkWorkflow,
	triggerDemos,
	counterfeitAlertWorkflow,
	codesToEpcisWorkflow,
};
