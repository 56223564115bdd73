import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { FullResponse, RequestContext, ServiceProfile } from '../../shared/transport';
import { apiRequest } from '../../shared/transport';
import { headerValue } from '../../shared/failures';
import { directusErrorMessage } from './index';

/** TrackVision's EPCIS paths all sit under /v2/epcis (docs.trackvision.ai, GS1 EPCIS API). */
const EPCIS_PATH = '/v2/epcis';

export const MISSING_EPCIS_URL =
	'The TrackVision credential has no EPCIS URL. Set it to the address of your EPCIS interface, e.g. https://epcis.mybrand.trackvision.ai.';

/** The EPCIS base URL from the credential; a URL that already ends in /v2/epcis is taken as it is. */
export function epcisBaseUrl(credentials: IDataObject): string {
	const url = String(credentials.epcisUrl ?? '').trim().replace(/\/+$/, '');
	if (!url) throw new Error(MISSING_EPCIS_URL);
	return `${url.replace(/\/v2\/epcis$/, '')}${EPCIS_PATH}`;
}

/** EPCIS 2.0 errors are RFC 7807 problems: `{"type": "epcisException:…", "title": "…", "detail": "…"}`. */
export function epcisErrorMessage(body: unknown): string | undefined {
	if (body && typeof body === 'object' && !Array.isArray(body)) {
		const { type, title, detail } = body as IDataObject;
		const text = [title, detail].filter((part) => typeof part === 'string' && part).join(': ');
		if (text) return typeof type === 'string' && type ? `${text} [${type}]` : text;
	}
	return directusErrorMessage(body);
}

/** The EPCIS host of the same credential: the token goes to it and to the instance URL only. */
export const epcisProfile: ServiceProfile = {
	serviceName: 'TrackVision EPCIS',
	credentialType: 'trackVisionApi',
	baseUrl: epcisBaseUrl,
	otherBaseUrls: (credentials) => [String(credentials.url ?? '')],
	errorMessage: epcisErrorMessage,
	authHint:
		"Check the access token in the TrackVision API credential: it may be mistyped, expired or regenerated. A valid token whose user may not use TrackVision's EPCIS interface gets 403 too.",
};

export type CaptureErrorBehaviour = 'rollback' | 'proceed';

export interface CaptureReceipt {
	/** The capture job's ID: the last segment of the `Location` the standard's 202 answer carries. */
	captureId?: string;
	location?: string;
	statusCode: number;
	body: unknown;
}

/** The capture job's ID at the end of a Location such as `/capture/id9261379075` (the standard's example). */
export function captureIdFromLocation(location: string | undefined): string | undefined {
	if (!location) return undefined;
	const path = location.split(/[?#]/)[0].replace(/\/+$/, '');
	const id = path.slice(path.lastIndexOf('/') + 1);
	return id ? decodeURIComponent(id) : undefined;
}

/**
 * POST /capture with one EPCISDocument. A capture is a write without a key
 * the server is known to honour, so an ambiguous failure is not sent again
 * (see retries.ts): the error says how to check what arrived.
 */
export async function captureDocument(
	ctx: RequestContext,
	document: IDataObject,
	errorBehaviour: CaptureErrorBehaviour | undefined,
	itemIndex?: number,
): Promise<CaptureReceipt> {
	const headers: IDataObject = { 'Content-Type': 'application/json' };
	if (errorBehaviour) headers['GS1-Capture-Error-Behaviour'] = errorBehaviour;
	const response = await apiRequest<FullResponse<unknown>>(
		ctx,
		epcisProfile,
		{
			method: 'POST',
			path: '/capture',
			body: document,
			headers,
			fullResponse: true,
			write: {
				checkHint:
					'Look for its capture job with Capture Job → Get Many (newest first), or query the events by their eventID or record time, before you run the node again. Events built from fields get the same eventID on every run.',
			},
		},
		itemIndex,
	);
	const location = headerValue(response.headers, 'location');
	return { captureId: captureIdFromLocation(location), location, statusCode: response.statusCode, body: response.body };
}

export interface ValidationOutcome {
	valid: boolean;
	statusCode: number;
	message?: string;
	response: unknown;
}

/**
 * POST /validate: checks a document against the EPCIS 2.0 schema and stores
 * nothing, so it is sent again like a read. A 400 is the answer "not valid",
 * with TrackVision's own explanation; other failures are errors.
 */
export async function validateDocument(ctx: RequestContext, document: IDataObject, itemIndex?: number): Promise<ValidationOutcome> {
	try {
		const response = await apiRequest<FullResponse<unknown>>(
			ctx,
			epcisProfile,
			{
				method: 'POST',
				path: '/validate',
				body: document,
				headers: { 'Content-Type': 'application/json' },
				fullResponse: true,
				write: { storesNothing: true },
			},
			itemIndex,
		);
		return { valid: true, statusCode: response.statusCode, response: response.body === '' ? null : response.body ?? null };
	} catch (error) {
		if (error instanceof NodeApiError && (error.httpCode === '400' || error.httpCode === '422')) {
			const body = (error as unknown as { errorResponse?: JsonObject }).errorResponse?.body;
			return { valid: false, statusCode: Number(error.httpCode), message: error.message, response: body ?? null };
		}
		// Hands back the same error when it already is a NodeApiError.
		throw new NodeApiError(ctx.getNode(), error as JsonObject, { itemIndex });
	}
}

export interface QueryPage {
	/** The EPCISQueryDocument as TrackVision answered it. */
	document: IDataObject;
	events: IDataObject[];
	/** The `rel="next"` link of the `Link` header, or undefined on the last page. */
	next?: string;
}

/** `<https://…?nextPageToken=…>; rel="next"` -> the URL; the standard's only pagination signal for a client. */
export function nextLink(linkHeader: string | undefined): string | undefined {
	if (!linkHeader) return undefined;
	for (const part of linkHeader.split(/,(?=\s*<)/)) {
		const match = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
		if (match && /(^|;)\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2])) return match[1];
	}
	return undefined;
}

/** The events of an EPCISQueryDocument: `epcisBody.queryResults.resultsBody.eventList`. */
export function eventsOf(document: IDataObject): IDataObject[] {
	const body = document.epcisBody as IDataObject | undefined;
	const results = body?.queryResults as IDataObject | undefined;
	const list = (results?.resultsBody as IDataObject | undefined)?.eventList ?? body?.eventList;
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

/** One page of GET /events: the first with the query, the next ones from the `Link` the server gave. */
export async function queryPage(ctx: RequestContext, request: { qs: IDataObject } | { link: string }, itemIndex?: number): Promise<QueryPage> {
	const response = await apiRequest<FullResponse<IDataObject>>(
		ctx,
		epcisProfile,
		'link' in request
			? { method: 'GET', url: request.link, fullResponse: true }
			: { method: 'GET', path: '/events', qs: request.qs, fullResponse: true },
		itemIndex,
	);
	const document = response.body && typeof response.body === 'object' ? response.body : {};
	return { document, events: eventsOf(document), next: nextLink(headerValue(response.headers, 'link')) };
}

/**
 * Events per page asked for. The standard's default is 30 and a server may
 * cap it or answer fewer; the walk follows `Link` whatever size comes back.
 */
export const EVENTS_PER_PAGE = 100;

export interface QueryResult {
	events: IDataObject[];
	documents: IDataObject[];
	/** A read stopped by `outOfTime` before the last page. */
	stoppedEarly: boolean;
}

/**
 * Pages through GET /events by the standard's pagination until `limit`
 * events, the last page, or `outOfTime`. A page that fails fails the whole
 * read: it never silently comes back shorter.
 */
export async function queryEvents(
	ctx: RequestContext,
	qs: IDataObject,
	limit: number | undefined,
	itemIndex?: number,
	outOfTime?: () => boolean,
): Promise<QueryResult> {
	const events: IDataObject[] = [];
	const documents: IDataObject[] = [];
	const perPage = limit === undefined ? EVENTS_PER_PAGE : Math.min(EVENTS_PER_PAGE, Math.max(1, limit));
	let page = await queryPage(ctx, { qs: { ...qs, perPage } }, itemIndex);
	for (;;) {
		documents.push(page.document);
		events.push(...page.events);
		if (limit !== undefined && events.length >= limit) return { events: events.slice(0, limit), documents, stoppedEarly: false };
		if (!page.next) return { events, documents, stoppedEarly: false };
		if (outOfTime?.()) return { events, documents, stoppedEarly: true };
		page = await queryPage(ctx, { link: page.next }, itemIndex);
	}
}
