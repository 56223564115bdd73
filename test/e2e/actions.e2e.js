'use strict';
// The action nodes in real n8n: one workflow per node covers its main
// operations, imported and executed with the n8n CLI (`n8n execute`), against
// the sandbox. Binary outputs are read where n8n stored them on disk.
const fs = require('fs');
const r = require('./n8n-runner');
const w = require('./workflows');
const { readZip } = require('../sandbox/zip');
const { binaryFilePath, countLines, executeOk, newInstance, newSandbox, nodeOutput, sandboxRequests } = require('./support');

let sandbox;
let inst;

beforeAll(async () => {
	sandbox = await newSandbox();
	inst = newInstance();
	const badToken = { id: 'e2eScantrustBad1', name: 'Scantrust wrong token', type: 'scantrustApi', data: { baseUrl: sandbox.urls.scantrust, token: 'not-a-token' } };
	await r.importCredentials(inst, [...w.sandboxCredentials(sandbox.urls), badToken]);
	const wrongToken = w.manualWorkflow({
		id: 'e2eScantrustBad1',
		name: 'Scantrust with a wrong token',
		steps: [{ name: 'Templates', type: 'scantrust', parameters: { resource: 'workorderTemplate', operation: 'getMany', returnAll: true } }],
	});
	wrongToken.nodes[1].credentials = { scantrustApi: { id: badToken.id, name: badToken.name } };
	await r.importWorkflows(inst, [w.scantrustWorkflow(), w.trackVisionWorkflow(), w.epcisWorkflow(), w.neoDayWorkflow(), wrongToken]);
}, 300_000);

afterAll(async () => {
	await sandbox?.close();
	r.cleanupInstance(inst);
});

const json = (items) => items.map((item) => item.json);

test('Scantrust: scans, the 200,000-scan CSV export, templates, workorders and the codes zip', async () => {
	const result = await executeOk(inst, 'demoScantrust001');
	const out = (name) => nodeOutput(result, name);

	const scans = json(out('Campaign scans'));
	expect(scans).toHaveLength(30);
	expect(scans[0]).toEqual(expect.objectContaining({ uuid: expect.any(String), scan_timestamp: expect.any(String) }));

	const [csvItem] = out('Export scans CSV');
	const csv = csvItem.binary.data;
	expect(csv).toEqual(expect.objectContaining({ mimeType: 'text/csv', fileName: expect.stringMatching(/^scans-777-\d{4}-\d{2}-\d{2}\.csv$/) }));
	const csvFile = binaryFilePath(inst, csv);
	// n8n 1.x does not report `bytes`; the line count below checks the whole file either way
	if (csv.bytes !== undefined) expect(fs.statSync(csvFile).size).toBe(csv.bytes);
	expect(countLines(csvFile)).toBe(200_001);
	expect(fs.readFileSync(csvFile, 'utf8').slice(0, 200)).toMatch(/^scan\.uuid,scan\.datetime/);

	expect(json(out('Products')).map((p) => p.sku)).toEqual(['SS001', '12345678901234', 'P2']);
	expect(json(out('Get product'))).toEqual([expect.objectContaining({ id: 1919, sku: 'SS001' })]);
	expect(json(out('Templates')).map((t) => t.id)).toEqual([164, 165, 166]);
	const active = json(out('Workorders'));
	expect(active.map((wo) => wo.id)).toEqual(expect.arrayContaining([5001, 5005]));
	expect(active.every((wo) => wo.is_archived === false)).toBe(true);

	const [ssc] = json(out('Create SSC'));
	expect(ssc).toEqual(expect.objectContaining({ state: 'new', reference: expect.stringMatching(/^DEMO-SSC-\d+$/), quantity: 50, template: 164 }));
	expect(json(out('Confirm print'))[0]).toEqual(expect.objectContaining({ id: ssc.id, codegen_status: 6, external_id: 'press-7' }));
	const [sid] = json(out('Create SID'));
	expect(json(out('Get workorder'))[0]).toEqual(
		expect.objectContaining({ id: sid.id, state: 'completed', codegen_file: expect.stringContaining(sandbox.urls.storage) }),
	);

	const [codesItem] = out('Download codes');
	const zipBinary = codesItem.binary.data;
	expect(zipBinary).toEqual(expect.objectContaining({ mimeType: 'application/zip', fileName: 'workorder-5005-codes.zip' }));
	const files = readZip(fs.readFileSync(binaryFilePath(inst, zipBinary)));
	expect(Object.keys(files).sort()).toEqual(['codes.csv', 'manifest.json']);
	const codes = files['codes.csv'].toString('utf8').trim().split('\n');
	const manifest = JSON.parse(files['manifest.json'].toString('utf8'));
	expect(codes[0]).toBe('Extended ID,Serial Number,Sequence,Batch,Full URL');
	expect(manifest).toEqual(expect.objectContaining({ workorder: 5005, reference: 'WO-DONE-STORAGE' }));
	expect(codes).toHaveLength(manifest.quantity + 1);
	// The presigned link on the storage host never gets the UAT token.
	const storage = await sandboxRequests(sandbox.urls, 'storage', '/objects/workorders/5005/');
	expect(storage).toHaveLength(1);
	expect(storage[0].headers.authorization).toBeUndefined();
});

test('TrackVision: a check created, read, updated and deleted; filtered lists; results reviewed', async () => {
	const result = await executeOk(inst, 'demoTrackVision1');
	const out = (name) => json(nodeOutput(result, name));

	const [created] = out('Create check');
	expect(created).toEqual(expect.objectContaining({ id: expect.any(String), code: 'DEMO0001', check_mode: 'scan_code' }));
	expect(out('Get check')[0]).toEqual(expect.objectContaining({ id: created.id, qr_code: 'https://id.gs1.org/01/09521234543217/21/DEMO0001' }));
	expect(out('Update check')[0]).toEqual(expect.objectContaining({ id: created.id, notes: 'reviewed by the demo workflow' }));
	expect(out('Delete check')).toEqual([{ deleted: true, id: created.id }]);

	const duplicated = out('Duplicated checks');
	expect(duplicated.length).toBeGreaterThan(0);
	const suspicious = out('Suspicious results');
	expect(suspicious).toHaveLength(3);
	expect(suspicious.every((res) => ['duplicated', 'diverted'].includes(res.result) && res.status === 'new')).toBe(true);
	const reviewed = out('Get result');
	expect(reviewed.map((res) => res.id)).toEqual(suspicious.map((res) => res.id));
	expect(reviewed.every((res) => res.status === 'reviewed' && res.review_comments === 'checked by the demo workflow')).toBe(true);
});

test('TrackVision EPCIS: a capture waited for, a validation, a query and the capture job', async () => {
	const result = await executeOk(inst, 'demoEpcis0000001');
	const out = (name) => json(nodeOutput(result, name));

	const [captured] = out('Capture');
	expect(captured).toEqual(
		expect.objectContaining({ eventCount: 1, finished: true, success: true, errors: [], eventIDs: [expect.stringMatching(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/)] }),
	);
	const [capture] = (await sandboxRequests(sandbox.urls, 'epcis', '/v2/epcis/capture')).filter((request) => request.method === 'POST');
	expect(capture.headers.authorization).toBe('Bearer sandbox-tv-token');
	expect(capture.body.epcisBody.eventList[0]).toEqual(expect.objectContaining({ type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', disposition: 'active', eventID: captured.eventIDs[0] }));

	expect(out('Validate')).toEqual([expect.objectContaining({ valid: true, eventCount: 1 })]);
	const events = out('Commissioned events');
	expect(events).toHaveLength(1);
	expect(events[0]).toEqual(expect.objectContaining({ eventID: captured.eventIDs[0], epcList: expect.arrayContaining(['https://id.gs1.org/01/09521234543213/21/DEMO3']), recordTime: expect.any(String) }));
	expect(out('Capture job')).toEqual([expect.objectContaining({ id: captured.captureJobIds[0], running: false, success: true })]);
	expect(out('Recent capture jobs').map((job) => job.id)).toContain(captured.captureJobIds[0]);
});

test('NeoDay: exports, results, rows with converted types, the 100,000-row file and one result by ID', async () => {
	const result = await executeOk(inst, 'demoNeoDay000001');
	const out = (name) => nodeOutput(result, name);

	const exportsList = json(out('Exports'));
	expect(exportsList.map((e) => e.system_name)).toEqual(expect.arrayContaining(['win-info', 'win-info-all-time', 'weekly-challenges']));
	expect(json(out('win-info results'))).toHaveLength(25);
	const rows = json(out('Latest win-info'));
	expect(rows.length).toBeGreaterThan(0);
	expect(rows.every((row) => typeof row.haswon === 'boolean' && typeof row.userid === 'string')).toBe(true);

	const [fileItem] = out('All-time file');
	const file = fileItem.binary.data;
	expect(file).toEqual(expect.objectContaining({ mimeType: 'application/json', fileName: expect.stringMatching(/^win-info-all-time-[a-z0-9]{25}\.json$/) }));
	expect(fileItem.json).toEqual(expect.objectContaining({ exportName: 'win-info-all-time', fileName: file.fileName }));
	const body = JSON.parse(fs.readFileSync(binaryFilePath(inst, file), 'utf8'));
	expect(body.win_info).toHaveLength(100_000);
	expect(Object.keys(body.win_info[0]).sort()).toEqual(['haswon', 'participation_date', 'stackid', 'userid']);

	const [newest] = json(out('Newest result'));
	const downloaded = json(out('Download result'));
	expect(downloaded.length).toBeGreaterThan(0);
	expect(Object.keys(downloaded[0]).sort()).toEqual(['campaign_code', 'campaign_end', 'campaign_name', 'campaign_start']);
	const fetches = await sandboxRequests(sandbox.urls, 'neoday', `/api/1/data-exporter/automated/fetch/${newest.id}`);
	expect(fetches).toHaveLength(1);
});

test('a wrong token fails the execution with the vendor message', async () => {
	const result = await r.executeWorkflow(inst, 'e2eScantrustBad1');
	expect(result.ok).toBe(false);
	expect(result.error?.message).toBe('Scantrust API error 401: Invalid token.');
});
