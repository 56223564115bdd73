import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { RequestContext, ServiceProfile } from '../../shared/transport';
import { collectPages } from '../../shared/pagination';
import { apiRequest, downloadJson, downloadToBinary } from '../../shared/transport';

export interface ExportResult {
	id: string;
	expires_at: string;
	created_at: string;
}

export interface AutomatedExport {
	id: string;
	system_name: string;
	last_run: ExportResult | null;
}

/**
 * The gateway's error text. Its error format is not documented, so this reads
 * the usual places: `message`, OAuth2's `error_description` and `error`, `detail`.
 */
export function neoDayErrorMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return body ? body.slice(0, 300) : undefined;
	if (!body || typeof body !== 'object') return undefined;
	const record = body as IDataObject;
	const nested = record.error && typeof record.error === 'object' ? (record.error as IDataObject).message : undefined;
	const text = [record.message, record.error_description, nested, record.error, record.detail].find(
		(value) => typeof value === 'string' && value !== '',
	);
	return text as string | undefined;
}

export const neoDayProfile: ServiceProfile = {
	serviceName: 'NeoDay',
	credentialType: 'neoDayGatewayOAuth2Api',
	baseUrl: (credentials) => String(credentials.gatewayUrl ?? ''),
	errorMessage: neoDayErrorMessage,
	authHint:
		"Check the client ID and secret in the NeoDay credential and that the client's role has the permission the operation needs (the automated-exports-view permission for exports). If the gateway asks for a locale, set Locale (e.g. en_GB) in the credential.",
	defaultQuery: (credentials) => {
		const locale = String(credentials.locale ?? '').trim();
		return locale ? { locale } : {};
	},
	expirableToken: 'accessToken',
};

const EXPORTS_PATH = '/api/1/data-exporter/automated';

/**
 * Page size for walking results. The seed shows perPage=10 and names no
 * maximum. An export has one result per run, so 100 covers months of daily
 * runs in one request; a gateway that caps perPage lower still walks
 * correctly, because the walk counts the results that came back against `total`.
 */
export const RESULTS_PAGE_SIZE = 100;

export async function listExports(ctx: RequestContext, itemIndex?: number): Promise<AutomatedExport[]> {
	return await apiRequest<AutomatedExport[]>(ctx, neoDayProfile, { method: 'GET', path: EXPORTS_PATH }, itemIndex);
}

export async function resultsPage(
	ctx: RequestContext,
	exportName: string,
	page: number,
	perPage: number,
	itemIndex?: number,
): Promise<{ results: ExportResult[]; total: number }> {
	const body = await apiRequest<{ results?: ExportResult[]; total?: number | string }>(
		ctx,
		neoDayProfile,
		{ method: 'GET', path: `${EXPORTS_PATH}/${encodeURIComponent(exportName)}/results`, qs: { page, perPage } },
		itemIndex,
	);
	return { results: body.results ?? [], total: Number(body.total ?? 0) };
}

/**
 * Walks `page`/`perPage` until `total` results are seen, or `limit` are
 * collected. The page size stays the same for the whole walk, because the
 * page number counts in it.
 */
export async function listResults(
	ctx: RequestContext,
	exportName: string,
	limit: number | undefined,
	itemIndex?: number,
): Promise<ExportResult[]> {
	const perPage = Math.min(limit ?? RESULTS_PAGE_SIZE, RESULTS_PAGE_SIZE);
	let seen = 0;
	const results = await collectPages<number>(async (page = 1) => {
		const { results: items, total } = await resultsPage(ctx, exportName, page, perPage, itemIndex);
		seen += items.length;
		return { items: items as unknown as IDataObject[], next: items.length > 0 && seen < total ? page + 1 : undefined };
	}, limit);
	return results as unknown as ExportResult[];
}

/** Looks one result up in its export's results, stopping at the page that has it. */
export async function findResult(
	ctx: RequestContext,
	exportName: string,
	resultId: string,
	itemIndex?: number,
): Promise<ExportResult | undefined> {
	let seen = 0;
	for (let page = 1; ; page++) {
		const { results, total } = await resultsPage(ctx, exportName, page, RESULTS_PAGE_SIZE, itemIndex);
		const found = results.find((result) => result.id === resultId);
		if (found) return found;
		seen += results.length;
		if (results.length === 0 || seen >= total) return undefined;
	}
}

/** Step one of a download: the gateway hands out a presigned link to the file. */
export async function fetchDownloadUrl(
	ctx: IExecuteFunctions | IPollFunctions,
	resultId: string,
	itemIndex?: number,
): Promise<string> {
	const body = await apiRequest<{ result?: { download_url?: string } }>(
		ctx,
		neoDayProfile,
		{ method: 'GET', path: `${EXPORTS_PATH}/fetch/${encodeURIComponent(resultId)}` },
		itemIndex,
	);
	const link = body.result?.download_url;
	if (typeof link !== 'string' || link === '') {
		throw new NodeOperationError(ctx.getNode(), `NeoDay returned no download_url for result ${resultId}`, {
			itemIndex,
			description: 'The fetch answer had no result.download_url. Try again; if it persists, ask NeoDay about this result.',
		});
	}
	return link;
}

/** Step two, as rows: the presigned link is read without the gateway token. */
export async function downloadExportDocument(
	ctx: IExecuteFunctions | IPollFunctions,
	link: string,
	itemIndex?: number,
): Promise<unknown> {
	return await downloadJson(ctx, neoDayProfile, link, itemIndex);
}

/** Step two, as a file: streamed into n8n's binary store, without the gateway token. */
export async function downloadExportFile(
	ctx: IExecuteFunctions | IPollFunctions,
	link: string,
	fileName: string,
	itemIndex?: number,
) {
	return await downloadToBinary(ctx, neoDayProfile, link, { fileName, mimeType: 'application/json' }, itemIndex);
}

const TERMINAL_PATH = '/api/1/terminal';

/** The `$id` NeoDay requires of an event's schema: the URI the schema is PUT to. */
export function customEventSchemaId(gatewayBaseUrl: string, eventName: string): string {
	return `${gatewayBaseUrl}${TERMINAL_PATH}/events/${encodeURIComponent(eventName)}`;
}

/** Defines (or redefines) an event's JSON Schema. A PUT sets the same state however often it is sent. */
export async function defineCustomEvent(
	ctx: IExecuteFunctions,
	eventName: string,
	schema: IDataObject,
	itemIndex: number,
): Promise<unknown> {
	return await apiRequest<unknown>(
		ctx,
		neoDayProfile,
		{ method: 'PUT', path: `${TERMINAL_PATH}/events/${encodeURIComponent(eventName)}`, body: schema },
		itemIndex,
	);
}

/**
 * A POST that NeoDay applies once per Idempotency-Key (dev.neoday.com/server-apis,
 * "Idempotency"); see `idempotencyKey` in shared/idempotency.ts.
 * `checkHint` tells the user what to look at if no key could be sent and the
 * answer was lost.
 */
async function postOnce(
	ctx: IExecuteFunctions,
	request: { path: string; body: IDataObject | string; key: string | undefined; checkHint: string },
	itemIndex: number,
): Promise<unknown> {
	return await apiRequest<unknown>(
		ctx,
		neoDayProfile,
		{
			method: 'POST',
			path: request.path,
			body: request.body,
			headers: { 'Content-Type': 'application/json' },
			write: { idempotencyKey: request.key, checkHint: request.checkHint },
		},
		itemIndex,
	);
}

/** Sends one event for one user; NeoDay answers 202 and processes it asynchronously. */
export async function sendCustomEvent(
	ctx: IExecuteFunctions,
	userId: string,
	eventName: string,
	data: IDataObject,
	key: string | undefined,
	itemIndex: number,
): Promise<unknown> {
	return await postOnce(
		ctx,
		{
			path: `${TERMINAL_PATH}/${encodeURIComponent(userId)}/events/${encodeURIComponent(eventName)}`,
			// n8n's request helper drops an empty object body; an event without data still sends {}.
			body: Object.keys(data).length > 0 ? data : '{}',
			key,
			checkHint: 'Check in NeoDay whether the user received the event before you send it again.',
		},
		itemIndex,
	);
}

/** The two ticket issuers a coupon can have, each with its own consume endpoint (dev.neoday.com/server-apis/coupons). */
export const COUPON_CONSUME_PATHS = {
	predefinedCode: '/api/1/coupon/predefined-code/consume',
	unlimitedSingleCode: '/api/1/coupon/unlimited-single-code/consume',
} as const;

export type TicketIssuer = keyof typeof COUPON_CONSUME_PATHS;

export async function consumeCoupon(
	ctx: IExecuteFunctions,
	issuer: TicketIssuer,
	body: IDataObject,
	key: string | undefined,
	itemIndex: number,
): Promise<unknown> {
	return await postOnce(
		ctx,
		{
			path: COUPON_CONSUME_PATHS[issuer],
			body,
			key,
			checkHint: 'Check in the NeoDay backoffice whether the coupon shows as consumed before you run the node again.',
		},
		itemIndex,
	);
}
