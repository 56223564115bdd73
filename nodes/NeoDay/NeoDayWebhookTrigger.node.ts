import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { eventFilter, verifyNeoDayWebhook } from './webhook/verification';

/** What n8n's webhook server hands the node; `rawBody` holds the bytes as received once the body was read. */
interface WebhookRequest {
	headers: Record<string, string | string[] | undefined>;
	query?: IDataObject;
	rawBody?: unknown;
	readRawBody?: () => Promise<void>;
}

/** The parts of the response this node writes when it refuses a request. */
interface WebhookResponse {
	headersSent?: boolean;
	writeHead(status: number, headers: Record<string, string>): unknown;
	end(body: string): unknown;
}

/** The documented events; others can be named in Other Event Names. */
const DOCUMENTED_EVENTS = [
	{ name: 'Survey Answer Submitted', value: 'survey-answer-submitted' },
	{ name: 'Transaction Created', value: 'transaction-created' },
];

/** The bytes the request arrived with. n8n reads them before the node runs; a server that deferred reading is asked to. */
async function rawBodyOf(request: WebhookRequest): Promise<Buffer | undefined> {
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') {
		try {
			await request.readRawBody();
		} catch {
			return undefined;
		}
	}
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}

function answer(response: WebhookResponse, status: number, message: string): IWebhookResponseData {
	if (!response.headersSent) {
		response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
		response.end(JSON.stringify({ message }));
	}
	return { noWebhookResponse: true };
}

export class NeoDayWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NeoDay Webhook Trigger',
		name: 'neoDayWebhookTrigger',
		icon: { light: 'file:neoday.svg', dark: 'file:neoday.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Signed NeoDay events',
		description: 'Starts a workflow on each event NeoDay sends to a webhook, once its signature is verified',
		defaults: { name: 'NeoDay Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'neoDayGatewayOAuth2Api', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// NeoDay gets its answer at once and does not wait for the workflow.
				responseMode: 'onReceived',
				path: 'neoday',
			},
		],
		properties: [
			{
				displayName:
					'Copy the <b>Production URL</b> from <b>Webhook URLs</b> above and give it to NeoDay as the URL its webhooks are sent to (NeoDay documents no API for this: it is set on the NeoDay side, by your NeoDay contact or administrator). NeoDay signs each request with the client secret of the API client whose ID it sends; pick the credential of that same client below. Requests without a valid signature are refused with 401 and start nothing.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				default: [],
				options: DOCUMENTED_EVENTS,
				description: 'The events to start the workflow on. None picked means every event.',
			},
			{
				displayName: 'Other Event Names',
				name: 'otherEvents',
				type: 'string',
				default: '',
				placeholder: 'e.g. coupon-issued, user-registered',
				description:
					'Further event names to start the workflow on, separated by commas, as NeoDay sends them in "name". With Events empty too, every event starts it.',
			},
		],
	};

	webhookMethods = {
		// NeoDay documents no API to register a webhook: its URL is set on the NeoDay side, so
		// there is nothing to create or delete, and the hook counts as existing.
		default: {
			async checkExists(): Promise<boolean> {
				return true;
			},
			async create(): Promise<boolean> {
				return true;
			},
			async delete(): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as unknown as WebhookRequest;
		const response = this.getResponseObject() as unknown as WebhookResponse;
		const credentials = await this.getCredentials('neoDayGatewayOAuth2Api');
		const verdict = verifyNeoDayWebhook(
			{ rawBody: await rawBodyOf(request), headers: request.headers },
			{ clientId: String(credentials.clientId ?? '').trim(), clientSecret: String(credentials.clientSecret ?? '') },
		);
		if (!verdict.ok) return answer(response, verdict.status, verdict.reason);

		const fires = eventFilter(this.getNodeParameter('events', []), this.getNodeParameter('otherEvents', ''));
		const locale = typeof request.query?.locale === 'string' ? request.query.locale : null;
		const items: INodeExecutionData[] = verdict.events
			.filter((event) => fires(event.name))
			.map((event) => ({ json: { name: event.name, data: event.data, locale } }));
		if (items.length === 0) return answer(response, 200, 'No event of this request is one the workflow starts on');
		return { workflowData: [items] };
	}
}
