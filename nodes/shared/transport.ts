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
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { FailureDetails, ServiceProfile } from './failures';
import { describeFailure, headerValue, HopError, HttpStatusError, isNetworkFailure, MalformedResponseError, RequestTimeoutError } from './failures';
import type { WriteRule } from './retries';
import { withRetries } from './retries';
import { JsonPageReader } from './jsonPageReader';

export type { ServiceProfile } from './failures';

export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IHookFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the credential's base URL. Ignored when `url` is set. */
	path?: string;
	/** Absolute URL on the API origin, e.g. a `next` page link. */
	url?: string;
	qs?: IDataObject;
	/** JSON to send; text is sent as it is, with the Content-Type given in `headers`. */
	body?: IDataObject | IDataObject[] | string;
	headers?: IDataObject;
	/** How a failed write may be sent again; see the write rules in retries.ts. */
	write?: WriteRule;
	/**
	 * A top-level array of the JSON answer that runs to megabytes, such as a
	 * page of 2,000 scans: the answer is then streamed and that array parsed
	 * in pieces (see JsonPageReader).
	 */
	largeArray?: string;
	/** Answers the status and headers too, e.g. for a `Location` or a `Link` to the next page. */
	fullResponse?: boolean;
}

/** An answer with its status and headers, for requests made with `fullResponse`. */
export interface FullResponse<T> {
	statusCode: number;
	headers: IDataObject;
	body: T;
}

/** Defaults of the node's Request Options, in seconds. */
export const TIMEOUT_DEFAULTS = {
	/** A JSON call's whole exchange, from connecting to the last byte. */
	requestSeconds: 120,
	/** How long a streamed download may go without receiving a byte; it never limits a download that keeps flowing. */
	downloadIdleSeconds: 60,
};

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
/** Error bodies of streamed requests are read this far, for the remote's own message. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

interface Timeouts {
	requestMs: number;
	downloadIdleMs: number;
}

function seconds(value: unknown, fallback: number): number {
	const number = Number(value);
	return Number.isFinite(number) && number > 0 ? number : fallback;
}

/** The node's Request Options where an action node has them; triggers and list searches use the defaults. */
function timeoutsOf(ctx: RequestContext, itemIndex: number | undefined): Timeouts {
	let options: IDataObject = {};
	if ('getInputData' in ctx) {
		try {
			options = ctx.getNodeParameter('requestOptions', itemIndex ?? 0, {}) as IDataObject;
		} catch {
			options = {};
		}
	}
	return {
		requestMs: seconds(options.timeout, TIMEOUT_DEFAULTS.requestSeconds) * 1000,
		downloadIdleMs: seconds(options.downloadIdleTimeout, TIMEOUT_DEFAULTS.downloadIdleSeconds) * 1000,
	};
}

interface Connection {
	credentials: ICredentialDataDecryptedObject;
	baseUrl: string;
	origin: string;
	/** Every origin the credential serves: the base URL's and the profile's other addresses'. */
	origins: Set<string>;
}

/**
 * The credential is read once per node run: every item and page shares it,
 * for the base URL and, handed to the authenticated helper, for the header.
 * A token the helper refreshes is written into this same object, so the
 * requests after it use the new one. A trigger's context lives as long as
 * its activation, so a poll reads the credential afresh, and an edited
 * credential counts from the next poll.
 */
const credentialReads = new WeakMap<object, Promise<ICredentialDataDecryptedObject>>();

async function readCredentials(ctx: RequestContext, profile: ServiceProfile): Promise<ICredentialDataDecryptedObject> {
	if (!('getInputData' in ctx)) return await ctx.getCredentials(profile.credentialType);
	let read = credentialReads.get(ctx);
	if (!read) {
		read = ctx.getCredentials(profile.credentialType);
		credentialReads.set(ctx, read);
		read.catch(() => credentialReads.delete(ctx));
	}
	return await read;
}

/** Two profiles of one credential (an API and its EPCIS host) share the run's one credential read. */
async function connectionOf(ctx: RequestContext, profile: ServiceProfile): Promise<Connection> {
	const credentials = await readCredentials(ctx, profile);
	const baseUrl = profile.baseUrl(credentials).replace(/\/+$/, '');
	const origin = new URL(baseUrl).origin;
	const origins = new Set([origin]);
	for (const other of profile.otherBaseUrls?.(credentials) ?? []) {
		// A malformed second address serves nothing; the requests that need it fail on it themselves.
		if (URL.canParse(other)) origins.add(new URL(other).origin);
	}
	return { credentials, baseUrl, origin, origins };
}

/** The API's base URL from the credential, without a trailing slash; read with the run's one credential read. */
export async function apiBaseUrl(ctx: RequestContext, profile: ServiceProfile): Promise<string> {
	return (await connectionOf(ctx, profile)).baseUrl;
}

type Readable = NodeJS.ReadableStream & { destroy(error?: Error): void };

function isReadable(value: unknown): value is Readable {
	return !!value && typeof value === 'object' && typeof (value as { pipe?: unknown }).pipe === 'function';
}

interface WatchedDownload {
	/** The download as n8n's binary store should read it. */
	stream: Readable;
	/** Why the transfer broke off, if it did: the network's failure or the idle timeout, never the store's. */
	failure(): Error | undefined;
}

/** A stream class's own `from`; community nodes may not import node:stream, so it is taken from the stream in hand. */
type ReadableFrom = { from(chunks: AsyncIterable<Buffer>, options: { objectMode: boolean }): Readable };

/**
 * Re-streams a download so that a stall fails it: no byte for `idleMs`
 * rejects the read in progress with a timeout. The check re-arms itself
 * while bytes flow, so a long download is never cut off; a stall is noticed
 * between one and two idle periods after the last byte. Destroying the HTTP
 * client's stream is not enough here: its own wrapper waits for a socket that
 * says nothing.
 */
function watchDownload(source: Readable, idleMs: number, host: string): WatchedDownload {
	let received = 0;
	let finished = false;
	let failure: Error | undefined;
	source.once('error', (error: Error) => (failure ??= error));
	// Only the read in progress can be failed by a stall. One long-lived promise raced against every
	// read would keep a reaction, and with it each chunk, for the whole download.
	let failPendingRead: (error: Error) => void = () => undefined;
	// Node drops a timeout signal nobody holds, and its event with it; this closure holds the current one.
	let check: AbortSignal;
	const arm = (checked: number) => {
		check = AbortSignal.timeout(idleMs);
		check.addEventListener(
			'abort',
			() => {
				if (finished) return;
				if (received !== checked) return arm(received);
				failure ??= new RequestTimeoutError(`${host} sent no data for ${idleMs / 1000} seconds during the download`);
				failPendingRead(failure);
				source.destroy(failure);
			},
			{ once: true },
		);
	};
	async function* chunks(): AsyncGenerator<Buffer> {
		const iterator = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
		const read = () =>
			new Promise<IteratorResult<Buffer>>((resolve, reject) => {
				if (failure) return reject(failure);
				failPendingRead = reject;
				iterator.next().then(resolve, reject);
			});
		try {
			for (;;) {
				const next = await read();
				if (next.done) return;
				received += next.value.length;
				yield next.value;
			}
		} finally {
			finished = true;
		}
	}
	arm(received);
	const stream = (source.constructor as unknown as ReadableFrom).from(chunks(), { objectMode: false });
	return { stream, failure: () => failure };
}

/** Reads the start of a streamed error body as text, so the remote's own message survives. */
async function readErrorText(stream: Readable, timeoutMs: number, host: string): Promise<string> {
	const chunks: Buffer[] = [];
	const read = async () => {
		let size = 0;
		for await (const chunk of stream as AsyncIterable<Buffer | string>) {
			const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			chunks.push(buffer);
			size += buffer.length;
			if (size >= MAX_ERROR_BODY_BYTES) break;
		}
	};
	try {
		await withDeadline(read(), timeoutMs, host);
	} catch {
		// A body that breaks off or stalls still leaves what arrived.
	}
	stream.destroy();
	return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8');
}

function discardBody(body: unknown): void {
	if (isReadable(body)) body.destroy();
}

/** A JSON call gets a deadline for the whole exchange; the HTTP client's own timeout only notices a silent socket. */
async function withDeadline<T>(promise: Promise<T>, timeoutMs: number, host: string): Promise<T> {
	const deadline = AbortSignal.timeout(timeoutMs);
	const expired = new Promise<never>((_, reject) =>
		deadline.addEventListener(
			'abort',
			() => reject(new RequestTimeoutError(`${host} did not answer within ${timeoutMs / 1000} seconds`)),
			{ once: true },
		),
	);
	return await Promise.race([promise, expired]);
}

function isClientTimeout(failure: FailureDetails): boolean {
	return failure.status === undefined && /timeout of \d+ms exceeded/i.test(failure.message);
}

/**
 * One request as it is, with the credential only for the API's own origin;
 * any other origin gets none. Every HTTP status comes back as an answer
 * (`ignoreHttpStatusErrors`), never as n8n's error: n8n 1.x wraps the HTTP
 * client's error in a NodeApiError that drops it (its ExecutionBaseError
 * declares `cause` as a class field, which resets the cause the Error
 * constructor set), and with it the body, the headers and the status. As an
 * answer they survive on every n8n version. Only network failures still come
 * as errors; describeFailure reads what n8n 1.x keeps of those.
 */
async function sendOnce(
	ctx: RequestContext,
	profile: ServiceProfile,
	credentialFor: Connection | undefined,
	options: IHttpRequestOptions,
): Promise<IN8nHttpFullResponse> {
	const asAnswer: IHttpRequestOptions = { ...options, headers: { ...options.headers }, ignoreHttpStatusErrors: true, returnFullResponse: true };
	if (!credentialFor) return (await ctx.helpers.httpRequest(asAnswer)) as IN8nHttpFullResponse;
	return (await ctx.helpers.httpRequestWithAuthentication.call(ctx, profile.credentialType, asAnswer, {
		credentialsDecrypted: { id: '', name: '', type: profile.credentialType, data: credentialFor.credentials },
	})) as IN8nHttpFullResponse;
}

/**
 * Sends one request. A 401 to a credential whose token n8n fetches
 * (`expirableToken`) means the token expired: n8n only asks for a new one
 * when the HTTP client throws the 401, which it no longer does here, or when
 * the token field is empty. So the field is emptied and the request sent
 * once more; n8n fetches a token first, and saves it with the credential. A
 * 401 cannot have applied anything, so this holds for a POST too. The field
 * is emptied only if it still holds the token this request went out with:
 * another item may have renewed it meanwhile.
 */
async function send(
	ctx: RequestContext,
	profile: ServiceProfile,
	credentialFor: Connection | undefined,
	options: IHttpRequestOptions,
): Promise<IN8nHttpFullResponse> {
	const field = credentialFor ? profile.expirableToken : undefined;
	const tokenBefore = field ? credentialFor?.credentials[field] : undefined;
	const response = await sendOnce(ctx, profile, credentialFor, options);
	if (response.statusCode !== 401 || !field || !credentialFor) return response;
	// A token fetched for this very request and refused is not an expired one.
	if (!tokenBefore) return response;
	discardBody(response.body);
	if (credentialFor.credentials[field] === tokenBefore) credentialFor.credentials[field] = '';
	return await sendOnce(ctx, profile, credentialFor, options);
}

/**
 * Sends one request and follows its redirects one hop at a time. Only hops
 * on the API's own origin go through the authenticated helper; any other
 * origin, such as the presigned storage a download redirects to, is asked
 * with no credential at all. n8n's own redirect handling is off for every
 * hop (it forwards credentials across origins by default, and n8n 1.x has no
 * switch for it), so this holds on every n8n version.
 */
async function sendFollowingRedirects(
	ctx: RequestContext,
	profile: ServiceProfile,
	connection: Connection,
	request: IHttpRequestOptions,
	timeouts: Timeouts,
): Promise<unknown> {
	const streamed = request.encoding === 'stream';
	const fullResponse = request.returnFullResponse === true;
	let hop: IHttpRequestOptions = request;
	for (let redirects = 0; ; redirects++) {
		const url = new URL(hop.url);
		const onApiOrigin = connection.origins.has(url.origin);
		const options: IHttpRequestOptions = {
			...hop,
			headers: { ...hop.headers },
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			timeout: streamed ? timeouts.downloadIdleMs : timeouts.requestMs,
		};
		const sending = send(ctx, profile, onApiOrigin ? connection : undefined, options);
		// Failures leave the catch first: they are thrown as the internal HopError, which withRetries maps to a NodeApiError.
		let response: IN8nHttpFullResponse | undefined;
		let error: unknown;
		try {
			response = streamed ? await sending : await withDeadline(sending, timeouts.requestMs, url.host);
		} catch (caught) {
			error = caught;
		}
		if (!response) {
			if (isClientTimeout(describeFailure(error))) {
				const waited = (streamed ? timeouts.downloadIdleMs : timeouts.requestMs) / 1000;
				throw new HopError(new RequestTimeoutError(`${url.host} did not answer within ${waited} seconds`), url, !onApiOrigin);
			}
			throw new HopError(error, url, !onApiOrigin);
		}
		const status = response.statusCode;
		if (status < 300) return fullResponse ? response : response.body;
		const headers = (response.headers ?? {}) as IDataObject;
		const location = REDIRECT_STATUSES.has(status) ? headerValue(headers, 'location') : undefined;
		if (location === undefined || redirects >= MAX_REDIRECTS) {
			const body = isReadable(response.body) ? await readErrorText(response.body, timeouts.downloadIdleMs, url.host) : response.body;
			throw new HopError(new HttpStatusError(status, headers, body), url, !onApiOrigin);
		}
		discardBody(response.body);
		const next = new URL(location, url);
		const asGet = status === 303 || ((status === 301 || status === 302) && hop.method === 'POST');
		hop = { ...hop, url: next.toString(), qs: undefined, ...(asGet ? { method: 'GET', body: undefined } : {}) };
	}
}

/** Keeps requests on the configured origin: an absolute link from the API is re-rooted on the credential's base URL. */
function resolveUrl(baseUrl: string, request: ApiRequest): string {
	if (!request.url) return `${baseUrl}${request.path ?? ''}`;
	const link = new URL(request.url, `${baseUrl}/`);
	const base = new URL(baseUrl);
	if (link.origin === base.origin) return link.toString();
	return `${base.origin}${link.pathname}${link.search}`;
}

const malformedJson = (profile: ServiceProfile) => new MalformedResponseError(`${profile.serviceName} returned a truncated or malformed JSON body`);

/** A body that announces JSON but does not parse came back as text: a truncated transfer, worth retrying. */
function requireParsedJson<T>(profile: ServiceProfile, response: unknown): T {
	if (typeof response === 'string' && response.length > 0 && /^\s*[[{]/.test(response)) {
		throw malformedJson(profile);
	}
	return response as T;
}

/**
 * Reads a streamed JSON answer within the request's deadline, its large array
 * parsed in pieces. A transfer that breaks off or stalls is the network's
 * failure, and a body that does not parse a malformed one: both are worth
 * another try, as for any JSON call.
 */
async function readJsonPage(profile: ServiceProfile, sending: Promise<unknown>, arrayKey: string, timeoutMs: number, url: URL): Promise<unknown> {
	let body: Readable | undefined;
	let abandoned = false;
	const reading = (async () => {
		const response = await sending;
		if (!isReadable(response)) return response;
		body = response;
		if (abandoned) body.destroy();
		const reader = new JsonPageReader(arrayKey);
		for await (const chunk of body as AsyncIterable<Buffer>) reader.push(chunk);
		return finishPage(profile, reader);
	})();
	// Failures leave the catch first, as in sendFollowingRedirects.
	let failure: unknown;
	try {
		return await withDeadline(reading, timeoutMs, url.host);
	} catch (caught) {
		failure = caught;
	}
	abandoned = true;
	body?.destroy();
	// The read the deadline overtook fails on its own once its stream is gone; the deadline is what is reported.
	reading.catch(() => undefined);
	throw failure instanceof HopError || failure instanceof MalformedResponseError ? failure : new HopError(failure, url, false);
}

function finishPage(profile: ServiceProfile, reader: JsonPageReader): unknown {
	let document: unknown;
	let parsed = true;
	try {
		document = reader.finish();
	} catch {
		parsed = false;
	}
	if (!parsed) throw malformedJson(profile);
	return document;
}

/** One authenticated JSON request with redirects, timeouts, retries by the write rules, and error mapping. */
export async function apiRequest<T = IDataObject>(
	ctx: RequestContext,
	profile: ServiceProfile,
	request: ApiRequest,
	itemIndex?: number,
): Promise<T> {
	const connection = await connectionOf(ctx, profile);
	const { credentials, baseUrl } = connection;
	const timeouts = timeoutsOf(ctx, itemIndex);
	const headers: IDataObject = { Accept: 'application/json', ...request.headers };
	if (request.write?.idempotencyKey) headers['Idempotency-Key'] = request.write.idempotencyKey;
	const options: IHttpRequestOptions = {
		method: request.method,
		url: resolveUrl(baseUrl, request),
		qs: request.url ? undefined : { ...profile.defaultQuery?.(credentials), ...request.qs },
		headers,
		json: true,
	};
	if (request.body !== undefined) options.body = request.body;
	const { largeArray } = request;
	if (largeArray !== undefined) options.encoding = 'stream';
	if (request.fullResponse) options.returnFullResponse = true;
	return await withRetries(
		{ owner: ctx, node: ctx.getNode(), profile, method: request.method, rule: request.write, itemIndex },
		async () => {
			const sending = sendFollowingRedirects(ctx, profile, connection, options, timeouts);
			const body = largeArray === undefined ? await sending : await readJsonPage(profile, sending, largeArray, timeouts.requestMs, new URL(options.url));
			if (!request.fullResponse) return requireParsedJson<T>(profile, body);
			const response = body as IN8nHttpFullResponse;
			const full: FullResponse<unknown> = {
				statusCode: response.statusCode,
				headers: response.headers as IDataObject,
				body: requireParsedJson<unknown>(profile, response.body),
			};
			return full as T;
		},
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
 * API. The credential goes only to the API's own origin, also across
 * redirects; presigned storage URLs are fetched with no credential at all.
 */
async function linkRequest(ctx: IExecuteFunctions | IPollFunctions, profile: ServiceProfile, link: string, qs: IDataObject | undefined) {
	const connection = await connectionOf(ctx, profile);
	const { credentials, baseUrl, origin } = connection;
	const url = new URL(/^https?:\/\//i.test(link) ? link : `${baseUrl}${link.startsWith('/') ? '' : '/'}${link}`);
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: url.toString(),
		qs: url.origin === origin ? { ...profile.defaultQuery?.(credentials), ...qs } : undefined,
	};
	return { options, connection, url };
}

/** n8n's binary store refused the file: no retry helps, the user has to change a setting. */
function binaryStoreError(ctx: IExecuteFunctions | IPollFunctions, error: unknown, fileName: string, itemIndex?: number) {
	const message = error instanceof Error ? error.message : String(error);
	const tooLarge = /exceeds the max(imum)? size|max size limit|too large/i.test(message);
	return new NodeOperationError(
		ctx.getNode(),
		tooLarge
			? `${fileName} is larger than n8n's binary data store accepts: ${message}`
			: `n8n could not store the downloaded file ${fileName}: ${message}`,
		{
			itemIndex,
			description: tooLarge
				? 'In database binary mode n8n caps each file at N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE (in MiB, 512 by default). Raise it, narrow the export with filters, or use the s3 binary data mode. No partial file was passed on.'
				: 'Check the binary data settings of this n8n (N8N_DEFAULT_BINARY_DATA_MODE and its storage). No partial file was passed on.',
		},
	);
}

/** Streams a file from a link into n8n's binary data store, with the link rules above. */
export async function downloadToBinary(
	ctx: IExecuteFunctions | IPollFunctions,
	profile: ServiceProfile,
	link: string,
	options: DownloadOptions,
	itemIndex?: number,
): Promise<IBinaryData> {
	const { options: request, connection, url } = await linkRequest(ctx, profile, link, options.qs);
	const timeouts = timeoutsOf(ctx, itemIndex);
	return await withRetries({ owner: ctx, node: ctx.getNode(), profile, method: 'GET', itemIndex }, async () => {
		const response = (await sendFollowingRedirects(
			ctx,
			profile,
			connection,
			{ ...request, encoding: 'stream', returnFullResponse: true },
			timeouts,
		)) as IN8nHttpFullResponse;
		const body = response.body as unknown as Readable;
		const download = watchDownload(body, timeouts.downloadIdleMs, url.host);
		const contentType = headerValue(response.headers as IDataObject, 'content-type');
		const mimeType = contentType?.split(';')[0].trim() || options.mimeType;
		let storeFailure: unknown;
		try {
			return await ctx.helpers.prepareBinaryData(
				download.stream as unknown as Buffer,
				options.fileName,
				mimeType === 'application/octet-stream' ? options.mimeType : mimeType,
			);
		} catch (caught) {
			storeFailure = caught;
		}
		download.stream.destroy();
		body.destroy();
		// A transfer that broke off is the network's failure and worth another try; anything else is the store's.
		const transferFailure = download.failure() ?? (isNetworkFailure(describeFailure(storeFailure)) ? storeFailure : undefined);
		if (transferFailure) throw new HopError(transferFailure, url, !connection.origins.has(url.origin));
		throw binaryStoreError(ctx, storeFailure, options.fileName, itemIndex);
	});
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
	const { options, connection } = await linkRequest(ctx, profile, link, undefined);
	const timeouts = timeoutsOf(ctx, itemIndex);
	return await withRetries({ owner: ctx, node: ctx.getNode(), profile, method: 'GET', itemIndex }, async () =>
		requireParsedJson<T>(profile, await sendFollowingRedirects(ctx, profile, connection, { ...options, json: true }, timeouts)),
	);
}
