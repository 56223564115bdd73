import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IHookFunctions;

/**
 * What the request core needs to know about one vendor API. Each service's
 * transport module builds one of these and keeps everything else here.
 */
export interface ServiceProfile {
	/** Name shown in error messages, e.g. "Scantrust". */
	serviceName: string;
	credentialType: string;
	/** The API origin and path prefix the credential points at, without a trailing slash. */
	baseUrl: (credentials: ICredentialDataDecryptedObject) => string;
	/** Pulls the vendor's own error text out of an error body. */
	errorMessage: (body: unknown) => string | undefined;
	/** Extra advice for 401 and 403, which nearly always mean a credential problem. */
	authHint: string;
	/** Query parameters every request carries, e.g. a locale from the credential. */
	defaultQuery?: (credentials: ICredentialDataDecryptedObject) => IDataObject;
}

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the credential's base URL. Ignored when `url` is set. */
	path?: string;
	/** Absolute URL on the API origin, e.g. a `next` page link. */
	url?: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	headers?: IDataObject;
}

export const RETRY_LIMITS = {
	maxAttempts: 5,
	baseDelayMs: 250,
	maxDelayMs: 30_000,
	/** A server that asks for a longer pause than this gets an error the user can act on. */
	maxRetryAfterMs: 120_000,
};

const TRANSIENT_ERROR_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EAI_AGAIN',
	'ERR_STREAM_PREMATURE_CLOSE',
	'UND_ERR_SOCKET',
	'UND_ERR_BODY_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
]);

interface FailureDetails {
	status?: number;
	headers: IDataObject;
	body: unknown;
	code?: string;
	message: string;
	/** The credential's token request failed, and `message` already says so. */
	tokenRequest?: boolean;
}

class MalformedResponseError extends Error {
	code = 'MALFORMED_RESPONSE';
}

/**
 * What a credential's `preAuthentication` throws when its token request fails.
 * It holds a message and the outcome, never the request: that carries the
 * client secret. The outcome stays out of `response`, `httpCode` and `code`
 * on purpose: n8n-core would take a `response.status` of 401 for an expired
 * token and ask for another one, and NodeApiError (and n8n's credential test)
 * would replace this message with a generic one.
 */
export class TokenRequestError extends Error {
	constructor(
		message: string,
		readonly outcome: { status?: number; networkCode?: string; retryAfter?: string } = {},
	) {
		super(message);
		this.name = 'TokenRequestError';
	}
}

function parseBodyIfText(body: unknown): unknown {
	if (typeof body !== 'string' || body.length === 0) return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

/** Reads status, headers and body from whatever the HTTP helper threw, without keeping the request (and its Authorization header). */
function describeFailure(error: unknown): FailureDetails {
	const candidates: unknown[] = [];
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		candidates.push(current);
		current = (current as { cause?: unknown }).cause;
	}
	const tokenError = candidates.find((candidate) => candidate instanceof TokenRequestError);
	if (tokenError) {
		const { outcome, message } = tokenError as TokenRequestError;
		const headers: IDataObject = outcome.retryAfter === undefined ? {} : { 'retry-after': outcome.retryAfter };
		return { status: outcome.status, headers, body: undefined, code: outcome.networkCode, message, tokenRequest: true };
	}
	type Candidate = {
		response?: { status?: number; headers?: IDataObject; data?: unknown };
		httpCode?: string | null;
		code?: string;
	};
	const typed = candidates as Candidate[];
	// n8n's helper throws a NodeApiError that has only httpCode; the body and Retry-After live on the HTTP error in its cause.
	const response = typed.find((c) => c.response)?.response;
	const httpCode = typed.find((c) => c.httpCode && /^\d{3}$/.test(c.httpCode))?.httpCode;
	const status = response?.status ?? (httpCode ? Number(httpCode) : undefined);
	const headers = response?.headers ?? {};
	const body = response?.data;
	const code = typed.find((c) => typeof c.code === 'string')?.code;
	const message = error instanceof Error ? error.message : String(error);
	return { status, headers, body: parseBodyIfText(body), code, message };
}

function isTransient(failure: FailureDetails): boolean {
	if (failure.status !== undefined) return failure.status === 429 || failure.status >= 500;
	if (failure.code && (TRANSIENT_ERROR_CODES.has(failure.code) || failure.code === 'MALFORMED_RESPONSE')) {
		return true;
	}
	return /socket hang up|terminated|aborted|premature close/i.test(failure.message);
}

function headerValue(headers: IDataObject, name: string): string | undefined {
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	const value = key ? headers[key] : undefined;
	return value === undefined || value === null ? undefined : String(value);
}

/** How long the server asked us to wait, from `Retry-After` or Scantrust's "Expected available in N seconds". */
export function requestedWaitMs(headers: IDataObject, body: unknown, now = Date.now()): number | undefined {
	const retryAfter = headerValue(headers, 'retry-after');
	if (retryAfter !== undefined) {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
	const match = /expected available in (\d+(?:\.\d+)?) seconds?/i.exec(text);
	return match ? Number(match[1]) * 1000 : undefined;
}

export function backoffMs(attempt: number): number {
	const exponential = RETRY_LIMITS.baseDelayMs * 2 ** (attempt - 1);
	const jitter = Math.floor(Math.random() * RETRY_LIMITS.baseDelayMs);
	return Math.min(RETRY_LIMITS.maxDelayMs, exponential + jitter);
}

function statusAdvice(profile: ServiceProfile, status: number | undefined): string | undefined {
	if (status === 401 || status === 403) return profile.authHint;
	if (status === 429) return `${profile.serviceName} kept throttling the requests. Wait a moment and run again, or lower how often the workflow runs.`;
	if (status !== undefined && status >= 500) return `${profile.serviceName} had a server problem. It was retried ${RETRY_LIMITS.maxAttempts} times; try again later.`;
	return undefined;
}

function toApiError(
	ctx: RequestContext,
	profile: ServiceProfile,
	failure: FailureDetails,
	itemIndex: number | undefined,
): NodeApiError {
	const vendorMessage = profile.errorMessage(failure.body);
	let message: string;
	if (failure.tokenRequest) {
		message = failure.message;
	} else if (failure.code === 'MALFORMED_RESPONSE') {
		message = `${profile.serviceName} returned a response that is not valid JSON`;
	} else if (failure.status === undefined) {
		message = `Could not reach ${profile.serviceName}: ${failure.message}`;
	} else {
		message = `${profile.serviceName} API error ${failure.status}: ${vendorMessage ?? failure.message}`;
	}
	const errorBody: JsonObject = { message };
	if (failure.status !== undefined) errorBody.httpCode = String(failure.status);
	if (failure.body !== undefined && typeof failure.body === 'object') errorBody.body = failure.body as JsonObject;
	return new NodeApiError(ctx.getNode(), errorBody, {
		message,
		description: statusAdvice(profile, failure.status),
		httpCode: failure.status !== undefined ? String(failure.status) : undefined,
		itemIndex,
	});
}

/**
 * Runs `send` until it succeeds, retrying 429, 5xx, connection resets and
 * unreadable bodies with backoff, then maps the last failure to a NodeApiError.
 */
export async function withRetries<T>(
	ctx: RequestContext,
	profile: ServiceProfile,
	send: () => Promise<T>,
	itemIndex?: number,
): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await send();
		} catch (error) {
			// Wrapping an existing NodeOperationError hands back the same error.
			if (error instanceof NodeOperationError) throw new NodeOperationError(ctx.getNode(), error);
			const failure = describeFailure(error);
			if (!isTransient(failure) || attempt >= RETRY_LIMITS.maxAttempts) {
				throw toApiError(ctx, profile, failure, itemIndex);
			}
			const asked = requestedWaitMs(failure.headers, failure.body);
			if (asked !== undefined && asked > RETRY_LIMITS.maxRetryAfterMs) {
				const apiError = toApiError(ctx, profile, failure, itemIndex);
				apiError.description = `${profile.serviceName} asked to wait ${Math.ceil(asked / 1000)} seconds before the next request. Run the workflow again after that.`;
				throw apiError;
			}
			await sleep(asked ?? backoffMs(attempt));
		}
	}
}

async function baseUrlOf(ctx: RequestContext, profile: ServiceProfile) {
	const credentials = await ctx.getCredentials(profile.credentialType);
	return { credentials, baseUrl: profile.baseUrl(credentials).replace(/\/+$/, '') };
}

/** Keeps requests on the configured origin: an absolute link from the API is re-rooted on the credential's base URL. */
function resolveUrl(baseUrl: string, request: ApiRequest): string {
	if (!request.url) return `${baseUrl}${request.path ?? ''}`;
	const link = new URL(request.url, `${baseUrl}/`);
	const base = new URL(baseUrl);
	if (link.origin === base.origin) return link.toString();
	return `${base.origin}${link.pathname}${link.search}`;
}

/** A body that announces JSON but does not parse came back as text: a truncated transfer, worth retrying. */
function requireParsedJson<T>(profile: ServiceProfile, response: unknown): T {
	if (typeof response === 'string' && response.length > 0 && /^\s*[[{]/.test(response)) {
		throw new MalformedResponseError(`${profile.serviceName} returned a truncated or malformed JSON body`);
	}
	return response as T;
}

/** One authenticated JSON request with retries and error mapping. */
export async function apiRequest<T = IDataObject>(
	ctx: RequestContext,
	profile: ServiceProfile,
	request: ApiRequest,
	itemIndex?: number,
): Promise<T> {
	const { credentials, baseUrl } = await baseUrlOf(ctx, profile);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: resolveUrl(baseUrl, request),
		qs: request.url ? undefined : { ...profile.defaultQuery?.(credentials), ...request.qs },
		headers: { Accept: 'application/json', ...request.headers },
		json: true,
	};
	if (request.body !== undefined) options.body = request.body;
	return await withRetries(
		ctx,
		profile,
		async () =>
			requireParsedJson<T>(
				profile,
				await ctx.helpers.httpRequestWithAuthentication.call(ctx, profile.credentialType, {
					...options,
					headers: { ...options.headers },
				}),
			),
		itemIndex,
	);
}

export interface DownloadOptions {
	fileName: string;
	mimeType: string;
	/** Extra query parameters, only for links on the API origin. */
	qs?: IDataObject;
}

/**
 * Prepares a GET of a link the API handed out, absolute or relative to the
 * API. `send` carries the credential only for links on the API origin;
 * links anywhere else (presigned storage URLs) are fetched with no
 * credential at all.
 */
async function linkRequest(
	ctx: IExecuteFunctions | IPollFunctions,
	profile: ServiceProfile,
	link: string,
	options: Partial<IHttpRequestOptions>,
	qs: IDataObject | undefined,
) {
	const { credentials, baseUrl } = await baseUrlOf(ctx, profile);
	const url = new URL(/^https?:\/\//i.test(link) ? link : `${baseUrl}${link.startsWith('/') ? '' : '/'}${link}`);
	const authenticated = url.origin === new URL(baseUrl).origin;
	const requestOptions: IHttpRequestOptions = {
		...options,
		method: 'GET',
		url: url.toString(),
		qs: authenticated ? { ...profile.defaultQuery?.(credentials), ...qs } : undefined,
	};
	return async (): Promise<unknown> =>
		authenticated
			? await ctx.helpers.httpRequestWithAuthentication.call(ctx, profile.credentialType, { ...requestOptions })
			: await ctx.helpers.httpRequest({ ...requestOptions });
}

/** Streams a file from a link into n8n's binary data store, with the link rules above. */
export async function downloadToBinary(
	ctx: IExecuteFunctions | IPollFunctions,
	profile: ServiceProfile,
	link: string,
	options: DownloadOptions,
	itemIndex?: number,
): Promise<IBinaryData> {
	const send = await linkRequest(ctx, profile, link, { encoding: 'stream', returnFullResponse: true }, options.qs);
	return await withRetries(
		ctx,
		profile,
		async () => {
			const response = (await send()) as IN8nHttpFullResponse;
			const contentType = headerValue(response.headers as IDataObject, 'content-type');
			const mimeType = contentType?.split(';')[0].trim() || options.mimeType;
			return await ctx.helpers.prepareBinaryData(
				response.body as Buffer,
				options.fileName,
				mimeType === 'application/octet-stream' ? options.mimeType : mimeType,
			);
		},
		itemIndex,
	);
}

/**
 * Reads a JSON document from a link, with the link rules and retries of
 * downloadToBinary. The body is parsed whatever content type the storage
 * labels it with.
 */
export async function downloadJson<T = unknown>(
	ctx: IExecuteFunctions | IPollFunctions,
	profile: ServiceProfile,
	link: string,
	itemIndex?: number,
): Promise<T> {
	const send = await linkRequest(ctx, profile, link, { json: true }, undefined);
	return await withRetries(ctx, profile, async () => requireParsedJson<T>(profile, await send()), itemIndex);
}
