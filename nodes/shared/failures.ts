import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/**
 * What the request core needs to know about one vendor API. Each service's
 * transport module builds one of these and keeps everything else in nodes/shared.
 */
export interface ServiceProfile {
	/** Name shown in error messages, e.g. "Scantrust". */
	serviceName: string;
	credentialType: string;
	/** The API origin and path prefix the credential points at, without a trailing slash. */
	baseUrl: (credentials: IDataObject) => string;
	/** Pulls the vendor's own error text out of an error body. */
	errorMessage: (body: unknown) => string | undefined;
	/** Extra advice for 401 and 403, which nearly always mean a credential problem. */
	authHint: string;
	/** Query parameters every request carries, e.g. a locale from the credential. */
	defaultQuery?: (credentials: IDataObject) => IDataObject;
	/**
	 * The credential's expirable token field, when its `preAuthentication`
	 * fetches the token: after a 401 it is emptied and the request sent once
	 * more, so n8n asks for a new token first (see `send` in transport.ts).
	 */
	expirableToken?: string;
	/**
	 * The other addresses the same credential serves, e.g. TrackVision's EPCIS
	 * host beside its API. Their origins get the credential too; every other
	 * origin gets none.
	 */
	otherBaseUrls?: (credentials: IDataObject) => string[];
}

/** Network failures after which a request is worth sending again. */
const NETWORK_ERROR_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'ERR_STREAM_PREMATURE_CLOSE',
	'UND_ERR_SOCKET',
	'UND_ERR_BODY_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'MALFORMED_RESPONSE',
	'REQUEST_TIMEOUT',
]);

/** Failures that prove the request never reached the server, so even a create may be sent again. */
const NOT_SENT_ERROR_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

const NETWORK_ERROR_TEXT = /socket hang up|terminated|aborted|premature close|stream has been aborted/i;

export interface FailureDetails {
	/** HTTP status of an answer the server completed; undefined for network failures, also those mid-body. */
	status?: number;
	headers: IDataObject;
	body: unknown;
	code?: string;
	message: string;
	/** Host that failed, e.g. "api.scantrust.com" or a storage host. */
	host?: string;
	/** The failure came from a host other than the API's own: storage behind a download link. */
	foreignHost?: boolean;
	/** The credential's token request failed, and `message` already says so. */
	tokenRequest?: boolean;
}

/** A response that announced JSON but did not parse: a truncated transfer, worth retrying. */
export class MalformedResponseError extends Error {
	code = 'MALFORMED_RESPONSE';
}

/** A request that went past its timeout; the message names the host and the time. */
export class RequestTimeoutError extends Error {
	code = 'REQUEST_TIMEOUT';
}

/**
 * An answer with an error status. n8n's helper hands every status back as an
 * answer (see `send` in transport.ts) and this carries its status, headers and
 * body as the HTTP client's error would, without the request.
 */
export class HttpStatusError extends Error {
	readonly response: { status: number; headers: IDataObject; data: unknown };

	constructor(status: number, headers: IDataObject, body: unknown) {
		super(`The server answered HTTP ${status}`);
		this.response = { status, headers, data: body };
	}
}

/** A failure of one hop of a request, with where it went. The original error stays out of sight: it holds the request headers. */
export class HopError extends Error {
	constructor(
		readonly original: unknown,
		readonly url: URL,
		readonly foreignHost: boolean,
	) {
		super(original instanceof Error ? original.message : String(original));
	}
}

/**
 * What a credential's `preAuthentication` throws when its token request fails:
 * an Error named "TokenRequestError" with an `outcome`. It is recognised by
 * name because credentials stand alone and do not share classes with nodes.
 */
interface TokenRequestFailure extends Error {
	outcome?: { status?: number; networkCode?: string; retryAfter?: string };
}

function isTokenRequestFailure(candidate: unknown): candidate is TokenRequestFailure {
	return candidate instanceof Error && candidate.name === 'TokenRequestError';
}

function parseBodyIfText(body: unknown): unknown {
	if (typeof body !== 'string' || body.length === 0) return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

export function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	const value = key ? headers[key] : undefined;
	return value === undefined || value === null ? undefined : String(value);
}

/** Reads status, headers and body from whatever the HTTP helper threw, without keeping the request (and its Authorization header). */
export function describeFailure(error: unknown): FailureDetails {
	const hop = error instanceof HopError ? error : undefined;
	const candidates: unknown[] = [];
	let current: unknown = hop ? hop.original : error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		candidates.push(current);
		current = (current as { cause?: unknown }).cause;
	}
	const where = hop ? { host: hop.url.host, foreignHost: hop.foreignHost } : {};
	const tokenError = candidates.find(isTokenRequestFailure);
	if (tokenError) {
		const outcome = tokenError.outcome ?? {};
		const headers: IDataObject = outcome.retryAfter === undefined ? {} : { 'retry-after': outcome.retryAfter };
		return { status: outcome.status, headers, body: undefined, code: outcome.networkCode, message: tokenError.message, tokenRequest: true };
	}
	type Candidate = {
		response?: { status?: number; headers?: IDataObject; data?: unknown };
		httpCode?: string | null;
		code?: string;
		messages?: unknown;
	};
	const typed = candidates as Candidate[];
	const response = typed.find((c) => c.response)?.response;
	const httpCode = typed.find((c) => c.httpCode && /^\d{3}$/.test(c.httpCode))?.httpCode;
	let status = response?.status ?? (httpCode ? Number(httpCode) : undefined);
	// n8n 1.x's NodeApiError drops the error it wraps (its `cause`), and keeps a network failure's code only as its
	// httpCode, and the original message first in its `messages`.
	const codes = typed.flatMap((c) => [c.code, c.httpCode]).filter((value): value is string => typeof value === 'string' && !/^\d{3}$/.test(value));
	const code = codes.find((value) => NETWORK_ERROR_CODES.has(value)) ?? codes[0];
	const errors = candidates.filter((c): c is Error => c instanceof Error);
	const innermost = errors[errors.length - 1];
	const wrapperMessages = Array.isArray((innermost as Candidate | undefined)?.messages) ? ((innermost as Candidate).messages as unknown[]) : [];
	// The innermost error's own words: n8n's wrapper swaps them for a generic text of its own.
	const message = typeof wrapperMessages[0] === 'string' && wrapperMessages[0] ? wrapperMessages[0] : (innermost?.message ?? String(error));
	// A body that broke after a 2xx status line is a network failure: "API error 200" would name the wrong problem.
	if (status !== undefined && status < 300 && (NETWORK_ERROR_CODES.has(code ?? '') || NETWORK_ERROR_TEXT.test(message))) {
		status = undefined;
	}
	return { status, headers: response?.headers ?? {}, body: parseBodyIfText(response?.data), code, message, ...where };
}

/** The request failed in the network, or its answer broke off: worth sending again when that is safe. */
export function isNetworkFailure(failure: FailureDetails): boolean {
	if (failure.status !== undefined) return false;
	if (failure.code && NETWORK_ERROR_CODES.has(failure.code)) return true;
	return NETWORK_ERROR_TEXT.test(failure.message);
}

/** The request never reached the server, so sending it again cannot apply anything twice. */
export function wasNeverSent(failure: FailureDetails): boolean {
	return failure.status === undefined && failure.code !== undefined && NOT_SENT_ERROR_CODES.has(failure.code);
}

/** S3's `<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>`, or a JSON error. */
export function storageErrorMessage(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const code = /<Code>([^<]*)<\/Code>/i.exec(body)?.[1];
		const message = /<Message>([^<]*)<\/Message>/i.exec(body)?.[1];
		if (code || message) return [code, message].filter(Boolean).join(': ');
		return body.trim() ? body.trim().slice(0, 300) : undefined;
	}
	if (!body || typeof body !== 'object') return undefined;
	const record = body as IDataObject;
	const code = [record.Code, record.code, record.error].find((value) => typeof value === 'string');
	const message = [record.Message, record.message, record.error_description].find((value) => typeof value === 'string');
	return code || message ? [code, message].filter(Boolean).join(': ') : undefined;
}

/** Advice for a failure at a host other than the API's: presigned storage, or wherever a redirect pointed. */
function foreignHostAdvice(failure: FailureDetails): string | undefined {
	const text = storageErrorMessage(failure.body) ?? '';
	if (failure.status === 403 || failure.status === 400 || /expired|AccessDenied|Signature/i.test(text)) {
		return 'The download link has expired or is no longer valid. Run the node again: it asks the API for a fresh link each time.';
	}
	if (failure.status === 404) return 'The storage host no longer has this file. Run the node again to ask the API for a fresh link.';
	if (failure.status === 401) {
		return `The API redirected the request to ${failure.host}, which is not its own address, so no credential went along. If the API has moved, set its new address in the credential.`;
	}
	if (failure.status !== undefined && failure.status >= 500) return `${failure.host} had a problem. It was retried; try again later.`;
	return undefined;
}

export const RETRY_LIMITS = {
	maxAttempts: 5,
	baseDelayMs: 250,
	maxDelayMs: 30_000,
	/** A server that asks for a longer pause than this gets an error the user can act on. */
	maxRetryAfterMs: 120_000,
};

function statusAdvice(profile: ServiceProfile, failure: FailureDetails): string | undefined {
	if (failure.foreignHost) return foreignHostAdvice(failure);
	const { status } = failure;
	if (status === 401 || status === 403) return profile.authHint;
	if (status === 429) return `${profile.serviceName} kept throttling the requests. Wait a moment and run again, or lower how often the workflow runs.`;
	if (status !== undefined && status >= 500) return `${profile.serviceName} had a server problem. It was retried ${RETRY_LIMITS.maxAttempts} times; try again later.`;
	if (failure.code === 'REQUEST_TIMEOUT') return 'Raise the timeout under Request Options if the server is known to be slow.';
	return undefined;
}

/**
 * Network failures in words. n8n's NodeApiError swaps any message that names
 * a code such as ECONNRESET for a generic text of its own, which would lose
 * the host, so the codes are not named.
 */
function networkProblem(failure: FailureDetails): string {
	switch (failure.code) {
		case 'ECONNREFUSED':
			return 'the connection was refused';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return 'its host name could not be resolved';
		case 'ENETUNREACH':
		case 'EHOSTUNREACH':
			return 'the network has no route to it';
		case 'ETIMEDOUT':
		case 'ESOCKETTIMEDOUT':
		case 'ECONNABORTED':
			return 'the connection timed out';
	}
	if ((failure.code && NETWORK_ERROR_CODES.has(failure.code)) || NETWORK_ERROR_TEXT.test(failure.message)) {
		return 'the connection was closed before the answer was complete';
	}
	return failure.message;
}

export function failureMessage(profile: ServiceProfile, failure: FailureDetails): string {
	if (failure.tokenRequest || failure.code === 'REQUEST_TIMEOUT') return failure.message;
	const where = failure.host ? ` (${failure.host})` : '';
	if (failure.code === 'MALFORMED_RESPONSE') return `${profile.serviceName}${where} returned a response that is not valid JSON`;
	if (failure.status === undefined) {
		return failure.foreignHost
			? `The download from ${failure.host} failed: ${networkProblem(failure)}`
			: `Could not reach ${profile.serviceName}${where}: ${networkProblem(failure)}`;
	}
	if (failure.foreignHost) {
		const remote = storageErrorMessage(failure.body) ?? profile.errorMessage(failure.body) ?? failure.message;
		return `${failure.host} answered ${failure.status}: ${remote}`;
	}
	return `${profile.serviceName} API error ${failure.status}: ${profile.errorMessage(failure.body) ?? failure.message}`;
}

export function toApiError(
	node: INode,
	profile: ServiceProfile,
	failure: FailureDetails,
	itemIndex: number | undefined,
	description = statusAdvice(profile, failure),
): NodeApiError {
	const message = failureMessage(profile, failure);
	const errorBody: JsonObject = { message };
	if (failure.status !== undefined) errorBody.httpCode = String(failure.status);
	if (failure.body !== undefined && failure.body !== null && typeof failure.body === 'object') {
		errorBody.body = failure.body as JsonObject;
	} else if (typeof failure.body === 'string' && failure.body) {
		errorBody.body = failure.body.slice(0, 2000);
	}
	return new NodeApiError(node, errorBody, {
		message,
		description,
		httpCode: failure.status !== undefined ? String(failure.status) : undefined,
		itemIndex,
	});
}
