import type { IDataObject, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { RequestContext, ServiceProfile } from '../../shared/transport';
import { collectOffsetPages } from '../../shared/pagination';
import { apiRequest } from '../../shared/transport';

export type Collection = 'integrity_check' | 'integrity_check_result' | 'scan_event';

const RECORD_LABELS: Record<Collection, string> = {
	integrity_check: 'integrity check',
	integrity_check_result: 'integrity check result',
	scan_event: 'scan event',
};

interface DirectusError {
	message?: unknown;
	extensions?: { code?: unknown };
}

/** Directus errors: `{"errors": [{"message": "...", "extensions": {"code": "..."}}]}`. */
export function directusErrorMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return body ? body.slice(0, 300) : undefined;
	if (!body || typeof body !== 'object') return undefined;
	const { errors, message } = body as { errors?: unknown; message?: unknown };
	if (Array.isArray(errors)) {
		const messages = (errors as DirectusError[])
			.filter((error) => typeof error?.message === 'string')
			.map((error) => {
				const code = error.extensions?.code;
				return typeof code === 'string' ? `${String(error.message)} [${code}]` : String(error.message);
			});
		if (messages.length) return messages.join('; ');
	}
	// Proxies and gateways in front of the instance answer in their own shape.
	return typeof message === 'string' ? message : undefined;
}

export const trackVisionProfile: ServiceProfile = {
	serviceName: 'TrackVision',
	credentialType: 'trackVisionApi',
	baseUrl: (credentials) => String(credentials.url ?? ''),
	errorMessage: directusErrorMessage,
	authHint:
		'Check the access token in the TrackVision API credential: it may be mistyped, expired or regenerated. A valid token whose role may not read or change this collection gets 403 too.',
};

interface DirectusResponse<T> {
	data?: T;
	meta?: { filter_count?: number | string };
}

/** Creates one record and returns it, unwrapped from `{data}`. */
export async function createItem(
	ctx: RequestContext,
	collection: Collection,
	body: IDataObject,
	itemIndex?: number,
): Promise<IDataObject> {
	const response = await apiRequest<DirectusResponse<IDataObject>>(
		ctx,
		trackVisionProfile,
		{
			method: 'POST',
			path: `/items/${collection}`,
			body,
			// Directus records have no natural key to look a lost create up by.
			write: {
				checkHint: `Look for the ${RECORD_LABELS[collection]} with Get Many (e.g. filtered by its QR code or sorted by -date_created) before you run the node again.`,
			},
		},
		itemIndex,
	);
	return response.data ?? {};
}

/**
 * Reads, changes or deletes one record by ID. A 404 is reworded to name the
 * ID; a 403 gets a hint, because Directus also answers 403 for a missing item.
 */
export async function itemRequest(
	ctx: RequestContext,
	method: IHttpRequestMethods,
	collection: Collection,
	id: string,
	options: { qs?: IDataObject; body?: IDataObject } = {},
	itemIndex?: number,
): Promise<IDataObject> {
	try {
		const response = await apiRequest<DirectusResponse<IDataObject> | ''>(
			ctx,
			trackVisionProfile,
			{ method, path: `/items/${collection}/${encodeURIComponent(id)}`, ...options },
			itemIndex,
		);
		return (typeof response === 'object' ? response.data : undefined) ?? {};
	} catch (error) {
		if (error instanceof NodeApiError) {
			const label = RECORD_LABELS[collection];
			if (error.httpCode === '404') {
				error.message = `The ${label} with ID "${id}" was not found (${error.message})`;
			} else if (error.httpCode === '403') {
				error.description = `${error.description ?? ''} Directus also answers 403 for an ID that does not exist: check that the ${label} "${id}" exists.`.trim();
			}
		}
		// Hands back the same NodeApiError when it already is one.
		throw new NodeApiError(ctx.getNode(), error as JsonObject, { itemIndex });
	}
}

/**
 * Records asked for per page. Directus answers 100 when no limit is given and
 * accepts up to QUERY_LIMIT_MAX, which is unlimited (-1) unless the instance
 * sets it. `limit=-1` would put a whole collection in one response, held in
 * memory at once; 1,000 keeps a page near a megabyte and takes a tenth of the
 * requests of 100.
 */
export const PAGE_SIZE = 1000;

/**
 * Pages through a collection with `limit`/`offset`. When more than one page
 * may be needed, the first request also asks for `meta=filter_count`; with
 * that total the other pages are fetched several at a time and put back in
 * order. Without the count the walk goes page by page and stops at the first
 * short page. A poll passes `outOfTime` to stop at its time budget.
 */
export async function listItems(
	ctx: RequestContext,
	collection: Collection,
	qs: IDataObject,
	limit: number | undefined,
	itemIndex?: number,
	pageSize = PAGE_SIZE,
	outOfTime?: () => boolean,
): Promise<IDataObject[]> {
	return await collectOffsetPages(
		async (offset, size) => {
			const query: IDataObject = { ...qs, limit: size, offset };
			if (offset === 0 && (limit === undefined || limit > pageSize)) query.meta = 'filter_count';
			const response = await apiRequest<DirectusResponse<IDataObject[]>>(
				ctx,
				trackVisionProfile,
				{ method: 'GET', path: `/items/${collection}`, qs: query },
				itemIndex,
			);
			const count = response.meta?.filter_count;
			const total = count !== undefined && count !== null && Number.isFinite(Number(count)) ? Number(count) : undefined;
			return { items: response.data ?? [], total };
		},
		pageSize,
		limit,
		outOfTime,
	);
}
