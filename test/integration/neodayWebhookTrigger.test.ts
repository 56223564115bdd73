// The NeoDay Webhook Trigger through n8n-core's WebhookContext, served over
// real HTTP (test/harness/webhook.ts), fed by the sandbox's sender of signed
// webhooks (test/sandbox/neoday-webhook.js).
import type { INodeType } from 'n8n-workflow';
import { loadPackage } from '../harness/n8n';
import type { SandboxHandle } from '../harness/sandbox';
import { neoDayCredentials, useSandbox } from '../harness/sandbox';
import { WebhookHarness } from '../harness/webhook';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sender = require('../sandbox/neoday-webhook') as {
	EXAMPLE_EVENTS: Record<string, Record<string, unknown>>;
	neoDayWebhookRequest(options?: Record<string, unknown>): { body: Buffer; headers: Record<string, string> };
	sendNeoDayWebhook(url: string, options?: Record<string, unknown>): Promise<{ status: number; text: string; json: unknown }>;
};

const TYPE = 'neoDayWebhookTrigger';

let sandbox: SandboxHandle;
const harnesses: WebhookHarness[] = [];

beforeAll(async () => {
	sandbox = await useSandbox();
});

afterAll(async () => {
	await Promise.all(harnesses.map((harness) => harness.close()));
	await sandbox.close();
});

async function trigger(parameters: Record<string, unknown> = {}, options: { keepRawBody?: boolean; clientSecret?: string } = {}) {
	const harness = await WebhookHarness.start({
		type: TYPE,
		parameters: parameters as never,
		credentials: neoDayCredentials(sandbox, options.clientSecret ? { clientSecret: options.clientSecret } : {}),
		keepRawBody: options.keepRawBody,
	});
	harnesses.push(harness);
	return harness;
}

const both = [
	{ name: 'transaction-created', data: sender.EXAMPLE_EVENTS['transaction-created'] },
	{ name: 'survey-answer-submitted', data: sender.EXAMPLE_EVENTS['survey-answer-submitted'] },
];

describe('a signed request', () => {
	test('gets 200 at once and starts one execution with one item per event, with the locale', async () => {
		sandbox.clearRequests();
		const harness = await trigger();
		const answer = await sender.sendNeoDayWebhook(harness.url, { events: both, locale: 'en_GB' });
		expect(answer.status).toBe(200);
		expect(harness.executions).toHaveLength(1);
		expect(harness.executions[0]).toEqual([
			[
				{ json: { name: 'transaction-created', data: sender.EXAMPLE_EVENTS['transaction-created'], locale: 'en_GB' } },
				{ json: { name: 'survey-answer-submitted', data: sender.EXAMPLE_EVENTS['survey-answer-submitted'], locale: 'en_GB' } },
			],
		]);
		// The trigger sends no request of its own: not even a token request to the gateway.
		expect(sandbox.requests).toHaveLength(0);
	});

	test('without a locale parameter the items carry locale null', async () => {
		const harness = await trigger();
		expect((await sender.sendNeoDayWebhook(harness.url, { locale: '' })).status).toBe(200);
		expect(harness.executions[0][0].map((item) => item.json.locale)).toEqual([null]);
	});

	test('an uppercase hex signature is accepted', async () => {
		const harness = await trigger();
		expect((await sender.sendNeoDayWebhook(harness.url, { variant: 'uppercase' })).status).toBe(200);
		expect(harness.executions).toHaveLength(1);
	});
});

describe('wrong requests get their status and a short reason, and start nothing', () => {
	test.each([
		['bad-signature', 401, 'X-NeoDay-Signature does not match the body'],
		['other-client', 401, "X-NeoDay-Client-ID is not the client ID of this trigger's credential"],
		['unsigned', 401, 'Missing X-NeoDay-Signature header'],
		['tampered', 401, 'X-NeoDay-Signature does not match the body'],
		['not-json', 400, 'The body is not JSON'],
		['too-large', 413, 'The body is over 1048576 bytes'],
		// n8n parses a JSON body before the node runs, and answers this itself (as the harness does).
		['malformed-json', 422, 'Failed to parse request body'],
	])('%s: %i', async (variant, status, message) => {
		const harness = await trigger();
		const answer = await sender.sendNeoDayWebhook(harness.url, { variant });
		expect({ status: answer.status, body: answer.json }).toEqual({ status, body: { message } });
		expect(answer.text).not.toContain('sandbox-client-secret-7Qx9');
		expect(harness.executions).toHaveLength(0);
	});

	test('a request signed with the secret of another credential: 401', async () => {
		const harness = await trigger({}, { clientSecret: 'a-rotated-secret' });
		expect((await sender.sendNeoDayWebhook(harness.url)).status).toBe(401);
		expect(harness.executions).toHaveLength(0);
	});

	test('when the server kept only the parsed body, the node refuses instead of verifying a re-serialised one', async () => {
		const harness = await trigger({}, { keepRawBody: false });
		const answer = await sender.sendNeoDayWebhook(harness.url);
		expect(answer.status).toBe(400);
		expect(answer.json).toEqual({ message: 'The request body as received is not available, so its signature cannot be checked' });
		expect(harness.executions).toHaveLength(0);
	});

	test('a signed body in valid JSON of another shape: 400', async () => {
		const harness = await trigger();
		const { body, headers } = sender.neoDayWebhookRequest({ events: [{ name: 'transaction-created' }] });
		const answer = await harness.post(body, headers);
		expect(answer.status).toBe(400);
		expect(harness.executions).toHaveLength(0);
	});
});

describe('Events', () => {
	test('only the picked and named events become items', async () => {
		const harness = await trigger({ events: ['survey-answer-submitted'], otherEvents: 'coupon-issued' });
		const events = [...both, { name: 'coupon-issued', data: { code: 'X1' } }, { name: 'user-registered', data: {} }];
		expect((await sender.sendNeoDayWebhook(harness.url, { events })).status).toBe(200);
		expect(harness.executions).toHaveLength(1);
		expect(harness.executions[0][0].map((item) => item.json.name)).toEqual(['survey-answer-submitted', 'coupon-issued']);
	});

	test('a request whose events are all filtered out gets 200 and starts nothing', async () => {
		const harness = await trigger({ events: ['survey-answer-submitted'] });
		const answer = await sender.sendNeoDayWebhook(harness.url);
		expect(answer.status).toBe(200);
		expect(harness.executions).toHaveLength(0);
	});

	test('an empty events list gets 200 and starts nothing', async () => {
		const harness = await trigger();
		expect((await sender.sendNeoDayWebhook(harness.url, { events: [] })).status).toBe(200);
		expect(harness.executions).toHaveLength(0);
	});
});

describe('description', () => {
	test('one POST webhook answered on receipt, with no registration to make, and a notice on where the URL goes', async () => {
		const { loader } = await loadPackage();
		const nodeType = loader.getNode(TYPE).type as INodeType;
		expect(nodeType.description.webhooks).toEqual([expect.objectContaining({ httpMethod: 'POST', responseMode: 'onReceived' })]);
		expect(nodeType.description.credentials).toEqual([{ name: 'neoDayGatewayOAuth2Api', required: true }]);
		const notice = nodeType.description.properties.find((property) => property.type === 'notice');
		expect(notice?.displayName).toMatch(/Production URL/);
		expect(notice?.displayName).toMatch(/client secret/);
		const methods = nodeType.webhookMethods?.default;
		expect(methods).toBeDefined();
		await expect(methods!.checkExists.call({} as never)).resolves.toBe(true);
	});
});
