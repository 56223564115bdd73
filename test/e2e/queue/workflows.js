'use strict';
/**
 * Workflows for the queue-mode suite. In queue mode, production executions
 * run on the workers only when a webhook or a trigger starts them (`n8n
 * execute` runs in its own process), so the action workflows of ../workflows.js
 * start with a Webhook here instead of the Manual Trigger.
 */
const crypto = require('crypto');
const w = require('../workflows');

/** Replaces a workflow's Manual Trigger with a Webhook on POST /webhook/<id> that answers at once. */
function webhookStarted(workflow, { responseMode = 'onReceived' } = {}) {
	const manual = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	const webhook = {
		id: manual.id,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: manual.position,
		webhookId: crypto.randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path: workflow.id,
			responseMode,
			...(responseMode === 'lastNode' ? { responseData: 'firstEntryJson' } : {}),
			options: {},
		},
	};
	const nodes = workflow.nodes.map((node) => (node === manual ? webhook : node));
	const connections = { ...workflow.connections };
	connections[webhook.name] = connections[manual.name];
	delete connections[manual.name];
	return { ...workflow, nodes, connections };
}

/** The demo workflows of every action node, started by a webhook; without the 200,000-scan CSV, which the binary-data cases cover. */
function actionWorkflows() {
	const scantrust = w.scantrustWorkflow();
	const bigExport = scantrust.nodes.find((node) => node.parameters.operation === 'exportCsv');
	scantrust.nodes = scantrust.nodes.filter((node) => node !== bigExport);
	for (const outputs of Object.values(scantrust.connections)) {
		outputs.main[0] = outputs.main[0].filter((link) => link.node !== bigExport.name);
	}
	return [scantrust, w.trackVisionWorkflow(), w.neoDayWorkflow()].map((workflow) => webhookStarted(workflow));
}

/** Webhook → Scantrust Export CSV of `campaignId` → Extract From File reading that CSV. */
function exportThenReadWorkflow({ id, campaignId }) {
	const workflow = w.manualWorkflow({
		id,
		name: `Queue: export campaign ${campaignId} as CSV, then read it`,
		steps: [
			{ name: 'Export CSV', type: 'scantrust', credential: 'scantrustApi', parameters: { resource: 'scan', operation: 'exportCsv', campaignId: String(campaignId), timeRange: 'none' } },
			{ name: 'Read the CSV', type: 'n8n-nodes-base.extractFromFile', parameters: { operation: 'csv', binaryPropertyName: 'data', options: {} }, after: 'Export CSV' },
		],
	});
	workflow.nodes.find((node) => node.name === 'Read the CSV').typeVersion = 1;
	return webhookStarted(workflow);
}

/** Webhook (answering with the result) → NeoDay Get Many exports, on its own credential. */
function neoDayListWorkflow({ id, credential }) {
	const workflow = webhookStarted(
		w.manualWorkflow({
			id,
			name: 'Queue: NeoDay list exports',
			steps: [{ name: 'Exports', type: 'neoDay', parameters: { resource: 'automatedExport', operation: 'getMany', returnAll: true } }],
		}),
		{ responseMode: 'lastNode' },
	);
	workflow.nodes.find((node) => node.name === 'Exports').credentials = { neoDayGatewayOAuth2Api: { id: credential.id, name: credential.name } };
	return workflow;
}

module.exports = { webhookStarted, actionWorkflows, exportThenReadWorkflow, neoDayListWorkflow };
