// Items in parallel through n8n's engine, against the sandbox over real HTTP:
// the sandbox delays some answers so items finish out of order, and the
// output must still be in input order, paired, with error items in place.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { runNode } from '../harness/n8n';
import type { LoggedRequest, SandboxHandle } from '../harness/sandbox';
import { neoDayCredentials, scantrustCredentials, trackVisionCredentials, useSandbox } from '../harness/sandbox';

let sandbox: SandboxHandle;

beforeAll(async () => {
	sandbox = await useSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
});

const MISSING_ID = '0f0f0f0f-0000-4000-a000-000000000000';
const checks = () => (sandbox.trackvision as { records: { integrity_check: IDataObject[] } }).records.integrity_check;
const getCheck: INodeParameters = { resource: 'integrityCheck', operation: 'get', checkId: '={{ $json.id }}' };
const checkRequests = (): LoggedRequest[] => sandbox.requestsTo('trackvision', '/items/integrity_check/');
const arrivedAt = (request: LoggedRequest) => (request as LoggedRequest & { at: number }).at;

async function getChecks(ids: string[], options: { continueOnFail?: boolean; batching?: INodeParameters } = {}) {
	return await runNode({
		type: 'trackVision',
		parameters: { ...getCheck, ...(options.batching ? { batching: options.batching } : {}) },
		credentials: trackVisionCredentials(sandbox),
		input: ids.map((id) => ({ json: { id } })),
		continueOnFail: options.continueOnFail,
	});
}

/** The first items answer slowest, so with several in flight they finish last. */
function slowFirst(ids: string[], count: number) {
	ids.slice(0, count).forEach((id, index) =>
		sandbox.faults.inject({ service: 'trackvision', path: `/items/integrity_check/${id}`, kind: 'slow', delayMs: 400 - index * 100 }),
	);
}

const pairing = (items: INodeExecutionData[]) => items.map((item) => (item.pairedItem as { item: number }).item);

describe('items in parallel', () => {
	it('outputs stay in input order and paired, though the first items finish last', async () => {
		const ids = checks().slice(0, 30).map((check) => String(check.id));
		slowFirst(ids, 3);
		const { items, error } = await getChecks(ids);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual(ids);
		expect(pairing(items)).toEqual(ids.map((_, index) => index));
		// Item 1 is answered slowly yet items after it were asked meanwhile: they ran in parallel.
		const requests = checkRequests();
		const second = requests.find((r) => r.path.endsWith(ids[1]))!;
		expect(requests.filter((r) => arrivedAt(r) < arrivedAt(second) + 300).length).toBeGreaterThan(3);
	});

	it('with Items in Parallel set to 1 they run one after another', async () => {
		const ids = checks().slice(0, 4).map((check) => String(check.id));
		slowFirst(ids, 2);
		const { items } = await getChecks(ids, { batching: { batchSize: 1 } });
		expect(items.map((item) => item.json.id)).toEqual(ids);
		expect(checkRequests().map((r) => r.path.split('/').pop())).toEqual(ids);
	});

	it('with Continue On Fail, error items keep their place and pairing', async () => {
		const ids = checks().slice(0, 12).map((check) => String(check.id));
		ids[2] = MISSING_ID;
		ids[7] = 'not-a-uuid';
		ids[11] = MISSING_ID;
		slowFirst(ids, 3);
		const { items, error } = await getChecks(ids, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(pairing(items)).toEqual(ids.map((_, index) => index));
		expect(items[2].json.error).toContain(`The integrity check "${MISSING_ID}" does not exist`);
		expect(items[7].json.error).toBe('Invalid "Integrity Check ID" in item 7: "not-a-uuid" is not a UUID');
		expect(items[11].json.error).toContain('does not exist');
		expect(items.filter((item) => !item.json.error).map((item) => item.json.id)).toEqual(
			ids.filter((id, index) => ![2, 7, 11].includes(index)),
		);
	});

	it('without Continue On Fail the node fails with the first failing item, and starts nothing after it fails', async () => {
		const ids = checks().slice(0, 60).map((check) => String(check.id));
		ids[1] = MISSING_ID;
		ids[5] = 'not-a-uuid';
		// Item 1 fails slowly, item 5 at once: the error is still item 1's.
		sandbox.faults.inject({ service: 'trackvision', path: `/items/integrity_check/${MISSING_ID}`, kind: 'slow', delayMs: 300 });
		const { error } = await getChecks(ids, { batching: { batchSize: 5 } });
		expect(error?.message).toContain(`The integrity check "${MISSING_ID}" does not exist`);
		expect(error?.context?.itemIndex).toBe(1);
		// Item 5 failed before any of the pool's first items finished, so no item past the first batch started.
		expect(checkRequests().length).toBeLessThanOrEqual(6);
	});

	it('writes run once each, in parallel, and their outputs keep input order', async () => {
		const references = Array.from({ length: 15 }, (_, index) => `PAR-${index}`);
		const { items, error } = await runNode({
			type: 'scantrust',
			parameters: {
				resource: 'workorder',
				operation: 'createSid',
				reference: '={{ $json.reference }}',
				quantity: 5,
				activateOnComplete: false,
				useSerialNumber: true,
			},
			credentials: scantrustCredentials(sandbox),
			input: references.map((reference) => ({ json: { reference } })),
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.reference)).toEqual(references);
		expect(pairing(items)).toEqual(references.map((_, index) => index));
		const creates = sandbox.requestsTo('scantrust', '/api/v2/workorders/create-sid/');
		expect(creates.map((r) => (r.body as IDataObject).reference).sort()).toEqual([...references].sort());
	});

	it("a 429 with Retry-After pauses the whole pool: items that start after it wait as long as the throttled one", async () => {
		const ids = checks().slice(0, 30).map((check) => String(check.id));
		// The first pool (items 1 to 20) is slow except item 3, which is throttled: items 21 on start after the 429.
		sandbox.faults.inject({ service: 'trackvision', path: `/items/integrity_check/${ids[3]}`, kind: '429', retryAfter: 1 });
		for (const id of ids.slice(1, 21)) {
			if (id !== ids[3]) sandbox.faults.inject({ service: 'trackvision', path: `/items/integrity_check/${id}`, kind: 'slow', delayMs: 300 });
		}
		const { items, error } = await getChecks(ids);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual(ids);
		const requests = checkRequests();
		const throttledAt = arrivedAt(requests.find((r) => r.path.endsWith(ids[3]))!);
		const later = requests.filter((r) => ids.slice(21).some((id) => r.path.endsWith(id)));
		const retry = requests.filter((r) => r.path.endsWith(ids[3]))[1];
		expect(later).toHaveLength(9);
		for (const request of [...later, retry]) expect(arrivedAt(request)).toBeGreaterThanOrEqual(throttledAt + 1000);
	});

	it('a node run reads its credential once and fetches its token once, with the first item, not once per parallel item', async () => {
		const { items, error, credentialsHelper } = await runNode({
			type: 'neoDay',
			parameters: { resource: 'automatedExport', operation: 'getResults', exportName: 'win-info', returnAll: false, limit: 1 },
			credentials: neoDayCredentials(sandbox),
			input: Array.from({ length: 25 }, () => ({ json: {} })),
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(25);
		expect(credentialsHelper.reads).toBe(1);
		expect(sandbox.requestsTo('neoday', '/api/1/oauth2/access_token')).toHaveLength(1);
		const tokens = new Set(sandbox.requestsTo('neoday', '/api/1/data-exporter/automated/win-info/results').map((request) => request.headers.authorization));
		expect(tokens.size).toBe(1);
	});
});
