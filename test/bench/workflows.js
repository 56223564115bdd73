'use strict';
// The benchmark's workflows: for each job, our node and what a user would
// build instead with n8n's own nodes (HTTP Request with its pagination or
// file output, plus Split Out to get one item per record as our node gives).
// Each workflow names the nodes whose time counts (`measured`).
const { sandboxCredentials } = require('../e2e/workflows');
const { publishedNodeType } = require('../packages/packages');

const TOKENS = { scantrust: 'UAT sandbox-uat-token' };

/**
 * n8n launches its task runner and probes for Python as `n8n execute` starts
 * the workflow; on a 2-core machine that start-up would share the cores with
 * whichever node runs first. Every variant waits it out before its measured nodes.
 */
const SETTLE_SECONDS = 3;

function chain(id, nodes) {
	const all = [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		{ name: 'Settle', type: 'n8n-nodes-base.wait', typeVersion: 1.1, parameters: { resume: 'timeInterval', amount: SETTLE_SECONDS, unit: 'seconds' } },
		...nodes,
	].map((node, index) => ({ id: `${id}-${index}`, position: [index * 220, 0], ...node }));
	const connections = {};
	for (let index = 0; index < all.length - 1; index++) {
		connections[all[index].name] = { main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name: id, active: false, nodes: all, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

/** `count` input items, made without a Code node (which would start a task runner). */
function inputItems(count) {
	return [
		{
			name: 'Make items',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				mode: 'manual',
				assignments: {
					assignments: [{ id: 'n', name: 'n', type: 'array', value: `={{ [...Array(${count}).keys()] }}` }],
				},
				options: {},
			},
		},
		{ name: 'Split items', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'n', options: {} } },
	];
}

function credentialsFor(urls) {
	const refs = {};
	for (const credential of sandboxCredentials(urls)) refs[credential.type] = { id: credential.id, name: credential.name };
	return refs;
}

function ours(type, credentialType, parameters, urls) {
	return {
		name: 'Our node',
		type: publishedNodeType(type),
		typeVersion: 1,
		parameters,
		credentials: { [credentialType]: credentialsFor(urls)[credentialType] },
	};
}

function httpRequest(name, parameters) {
	return { name, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { options: {}, ...parameters } };
}

function header(name, value) {
	return { sendHeaders: true, headerParameters: { parameters: [{ name, value }] } };
}

function query(values) {
	return { sendQuery: true, queryParameters: { parameters: Object.entries(values).map(([name, value]) => ({ name, value: String(value) })) } };
}

/** The HTTP Request variant's Scans query: cursor pages of 2,000, the vendor example's `limit`. */
const scansCursorQuery = (campaignId) => ({ campaign_id: campaignId, page_mode: 'cursor', limit: 2000 });

const splitOut = (field) => ({ name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: field, options: {} } });

/**
 * @returns {{workflows: Record<string, {ours: object, http: object}>, measured: {ours: string[], http: string[]}}}
 */
function benchWorkflows(urls, jobs) {
	const workflows = {};
	const add = (job, variant, workflow) => {
		workflows[job] ??= {};
		workflows[job][variant] = workflow;
	};

	// NeoDay Get Results for 1,000 input items: one results request per item.
	const { items: neoItems, exportName, perPage } = jobs.neodayResults;
	add('neodayResults', 'ours', chain('benchNeoOurs', [
		...inputItems(neoItems),
		ours('neoDay', 'neoDayGatewayOAuth2Api', { resource: 'automatedExport', operation: 'getResults', exportName, returnAll: false, limit: perPage }, urls),
	]));
	add('neodayResults', 'http', chain('benchNeoHttp', [
		httpRequest('Token', {
			method: 'POST',
			url: `${urls.neoday}/api/1/oauth2/access_token`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: JSON.stringify({ grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'sandbox-client-secret-7Qx9' }),
		}),
		...inputItems(neoItems),
		httpRequest('HTTP Request', {
			url: `${urls.neoday}/api/1/data-exporter/automated/${exportName}/results`,
			...query({ page: 1, perPage }),
			...header('Authorization', "=Bearer {{ $('Token').first().json.access_token }}"),
		}),
	]));

	// Scans Get Many, Return All: cursor pages of 2,000 following `next`.
	const { campaignId } = jobs.scans;
	add('scans', 'ours', chain('benchScansOurs', [
		ours('scantrust', 'scantrustApi', { resource: 'scan', operation: 'getMany', campaignId, timeRange: 'none', returnAll: true }, urls),
	]));
	add('scans', 'http', chain('benchScansHttp', [
		httpRequest('HTTP Request', {
			url: `${urls.scantrust}/api/v2/dashboard/scans/`,
			...query(scansCursorQuery(campaignId)),
			...header('Authorization', TOKENS.scantrust),
			options: {
				pagination: {
					pagination: {
						paginationMode: 'responseContainsNextURL',
						nextURL: '={{ $response.body.next }}',
						paginationCompleteWhen: 'other',
						completeExpression: '={{ !$response.body.next }}',
					},
				},
			},
		}),
		splitOut('results'),
	]));

	// TrackVision Get Many, Return All: offset pages.
	const { pageSize } = jobs.trackvision;
	add('trackvision', 'ours', chain('benchTvOurs', [
		ours('trackVision', 'trackVisionApi', { resource: 'integrityCheck', operation: 'getMany', returnAll: true }, urls),
	]));
	add('trackvision', 'http', chain('benchTvHttp', [
		httpRequest('HTTP Request', {
			url: `${urls.trackvision}/items/integrity_check`,
			...query({ limit: pageSize }),
			...header('Authorization', 'Bearer sandbox-tv-token'),
			options: {
				pagination: {
					pagination: {
						paginationMode: 'updateAParameterInEachRequest',
						parameters: { parameters: [{ type: 'qs', name: 'offset', value: `={{ $pageCount * ${pageSize} }}` }] },
						paginationCompleteWhen: 'other',
						completeExpression: `={{ $response.body.data.length < ${pageSize} }}`,
					},
				},
			},
		}),
		splitOut('data'),
	]));

	// Scans Export CSV into n8n's binary store (filesystem mode).
	const csvCampaign = jobs.exportCsv.campaignId;
	add('exportCsv', 'ours', chain('benchCsvOurs', [
		ours('scantrust', 'scantrustApi', { resource: 'scan', operation: 'exportCsv', campaignId: csvCampaign, timeRange: 'none' }, urls),
	]));
	add('exportCsv', 'http', chain('benchCsvHttp', [
		httpRequest('HTTP Request', {
			url: `${urls.scantrust}/api/v2/dashboard/scans/csv`,
			...query({ campaign_id: csvCampaign }),
			...header('Authorization', TOKENS.scantrust),
			options: { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } },
		}),
	]));

	const measured = { ours: ['Our node'], http: ['Token', 'HTTP Request', 'Split Out'] };
	return { workflows, measured };
}

module.exports = { benchWorkflows, scansCursorQuery, TOKENS };
