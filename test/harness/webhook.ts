// Serves a webhook node of ours over real HTTP through n8n-core's
// WebhookContext, the way n8n's webhook server calls it (packages/cli
// webhook-helpers.ts, checked against n8n 2.41.1 and 1.123.x):
// - the body is read whole into `req.rawBody` (a Buffer) before the node runs,
//   and parsed into `req.body` for a JSON content type; JSON that does not
//   parse is answered 422 by n8n itself, before any node runs;
// - the node's `webhook()` gets the request and the response;
// - `noWebhookResponse` means the node answered itself; otherwise, with
//   responseMode onReceived, n8n answers 200 and, when there is
//   `workflowData`, starts one execution with it.
import type { ICredentialDataDecryptedObject, INode, INodeExecutionData, INodeType, IWebhookData, IWebhookResponseData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { WebhookContext } from 'n8n-core';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdditionalData, createCredentialsHelper, loadPackage, PACKAGE_PREFIX } from './n8n';

export interface WebhookHarnessOptions {
	type: string;
	parameters: INode['parameters'];
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** false: the server keeps no raw body, only the parsed one (what the node must refuse to verify). */
	keepRawBody?: boolean;
}

export interface WebhookCall {
	status: number;
	body: string;
	json: unknown;
}

type HarnessRequest = IncomingMessage & { rawBody?: Buffer; body?: unknown; query?: Record<string, string>; params?: Record<string, string> };

export class WebhookHarness {
	private constructor(
		private readonly server: Server,
		readonly url: string,
		/** The workflowData of every execution the node started, one entry per execution. */
		readonly executions: INodeExecutionData[][][],
	) {}

	static async start(options: WebhookHarnessOptions): Promise<WebhookHarness> {
		const { nodeTypes, loader } = await loadPackage();
		const nodeType = loader.getNode(options.type).type as INodeType;
		const node: INode = {
			id: 'webhook-under-test',
			name: 'Webhook Under Test',
			type: `${PACKAGE_PREFIX}.${options.type}`,
			typeVersion: 1,
			position: [0, 0],
			parameters: options.parameters,
			webhookId: 'harness-webhook',
			credentials: Object.fromEntries(
				(nodeType.description.credentials ?? []).map((credential) => [credential.name, { id: credential.name, name: credential.name }]),
			),
		};
		const workflow = new Workflow({ id: 'harness', nodes: [node], connections: {}, nodeTypes, active: true });
		const credentialsHelper = await createCredentialsHelper(options.credentials);
		const [description] = nodeType.description.webhooks ?? [];
		if (!description) throw new Error(`${options.type} declares no webhook`);

		const executions: INodeExecutionData[][][] = [];
		const server = createServer((req: HarnessRequest, res: ServerResponse) => {
			void (async () => {
				const chunks: Buffer[] = [];
				for await (const chunk of req) chunks.push(chunk as Buffer);
				const raw = Buffer.concat(chunks);
				const url = new URL(req.url ?? '/', 'http://harness');
				req.query = Object.fromEntries(url.searchParams);
				req.params = {};
				if (/^application\/json\b/.test(req.headers['content-type'] ?? '') && raw.length) {
					try {
						req.body = JSON.parse(raw.toString('utf8'));
					} catch {
						res.writeHead(422, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'Failed to parse request body' }));
						return;
					}
				}
				if (options.keepRawBody !== false) req.rawBody = raw;
				const additionalData = { ...createAdditionalData(credentialsHelper), httpRequest: req, httpResponse: res };
				const webhookData: IWebhookData = {
					httpMethod: 'POST',
					node: node.name,
					path: `${node.webhookId}/${String(description.path)}`,
					webhookDescription: description,
					workflowId: 'harness',
					workflowExecuteAdditionalData: additionalData as never,
					webhookId: node.webhookId,
				};
				const context = new WebhookContext(workflow, node, additionalData as never, 'webhook', webhookData, [], null);
				let result: IWebhookResponseData;
				try {
					result = await nodeType.webhook!.call(context);
				} catch (error) {
					res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: (error as Error).message }));
					return;
				}
				if (result.workflowData) executions.push(result.workflowData);
				if (result.noWebhookResponse) return;
				const body = result.webhookResponse ?? { message: result.workflowData ? 'Workflow was started' : 'Webhook call received' };
				res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
			})();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		return new WebhookHarness(server, `http://127.0.0.1:${port}/webhook/${node.webhookId}/${String(description.path)}`, executions);
	}

	/** POSTs `body` with `headers` and returns the answer. */
	async post(body: Buffer | string, headers: Record<string, string>, query = ''): Promise<WebhookCall> {
		const res = await fetch(`${this.url}${query}`, { method: 'POST', headers, body });
		const text = await res.text();
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, body: text, json };
	}

	async close(): Promise<void> {
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		this.server.closeAllConnections();
		await closed;
	}
}
