import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { RequestContext, ServiceProfile } from '../../shared/transport';
import { collectOffsetPages } from '../../shared/pagination';
import { apiRequest } from '../../shared/transport';

export type Collection = 'integrity_check' | 'integrity_check_result' | 'scan_event' | 'epcis_capture';

/** The primary key of every TrackVision collection (the vendor pages' `id`). */
export const PRIMARY_KEY = 'id';

const RECORD_LABELS: Record<Collection, string> = {
	integrity_check: 'integrity check',
	integrity_check_result: 'integrity check result',
	scan_event: 'scan event',
	epcis_capture: 'EPCIS capture job',
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
	// The EPCIS host of the same tenant, when the credential names one.
	otherBaseUrls: (credentials) => [String(credentials.epcisUrl ?? '').trim()].filter(Boolean),
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

/** What a role must be allowed to do to a record for each request on one record. */
const ACTIONS: Partial<Record<IHttpRequestMethods, string>> = { GET: 'read', PATCH: 'update', DELETE: 'delete' };

/**
 * Reads, changes or deletes one record by ID. Directus never answers 404 for
 * an item: a missing one gets 403 (to an admin on Get, to any other role on
 * Get, Update and Delete), the answer a role gets for a record it may not
 * touch, so a 403 names the ID and both causes.
 */
async function itemRequest(
	ctx: RequestContext,
	method: IHttpRequestMethods,
	collection: Collection,
	id: string,
	options: { qs?: IDataObject; body?: IDataObject } = {},
	itemIndex?: number,
): Promise<IDataObject | undefined> {
	try {
		const response = await apiRequest<DirectusResponse<IDataObject> | ''>(
			ctx,
			trackVisionProfile,
			{ method, path: `/items/${collection}/${encodeURIComponent(id)}`, ...options },
			itemIndex,
		);
		const record = typeof response === 'object' && response !== null ? response.data : undefined;
		return record && typeof record === 'object' ? record : undefined;
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '403') {
			const label = RECORD_LABELS[collection];
			const action = ACTIONS[method] ?? 'use';
			error.message = `The ${label} "${id}" does not exist, or the token's role may not ${action} it (${error.message})`;
			error.description = `Directus answers 403 both for an ID that no ${label} has and for a record the role may not ${action}. Check the ID, and that the role of the access token may ${action} records of ${collection}.`;
		}
		// Hands back the same NodeApiError when it already is one.
		throw new NodeApiError(ctx.getNode(), error as JsonObject, { itemIndex });
	}
}

/**
 * Why Directus answered a read or an update without the record. It answers
 * an update with 204 and no body when it has no record to send: an admin's
 * update of an ID that does not exist (nothing was changed), or a role that
 * may update the record but not read it (the change was saved). Reading the
 * record back cannot tell the two apart, as Directus answers 403 to both, so
 * the node fails with the ID and both causes rather than output an empty item
 * as if the update had worked.
 */
function noRecordDescription(method: 'GET' | 'PATCH', label: string, collection: Collection): string {
	return method === 'PATCH'
		? `Directus answers so when no ${label} has this ID (nothing was changed), or when the role of the access token may update ${collection} but not read it (the change was saved). Check the ID, and give the role read access to ${collection}.`
		: 'Directus answers a read with the record or with an error; check that the Instance URL of the credential points at the TrackVision API itself, not at a proxy that drops the body.';
}

/** Reads (GET) or changes (PATCH) one record and returns it as Directus sends it back. */
async function recordRequest(
	ctx: IExecuteFunctions,
	method: 'GET' | 'PATCH',
	collection: Collection,
	id: string,
	options: { qs?: IDataObject; body?: IDataObject },
	itemIndex: number,
): Promise<IDataObject> {
	const record = await itemRequest(ctx, method, collection, id, options, itemIndex);
	if (record) return record;
	const label = RECORD_LABELS[collection];
	const what = method === 'PATCH' ? 'update' : 'read';
	throw new NodeOperationError(ctx.getNode(), `TrackVision answered the ${what} of ${label} "${id}" without the ${label} (no content)`, {
		itemIndex,
		description: noRecordDescription(method, label, collection),
	});
}

/** Reads one record; `qs` may pick its fields. */
export async function readItem(ctx: IExecuteFunctions, collection: Collection, id: string, qs: IDataObject, itemIndex: number) {
	return await recordRequest(ctx, 'GET', collection, id, { qs }, itemIndex);
}

/** Changes one record and returns it; fails naming the ID when Directus answers without it (see noRecordDescription). */
export async function updateItem(ctx: IExecuteFunctions, collection: Collection, id: string, body: IDataObject, itemIndex: number) {
	return await recordRequest(ctx, 'PATCH', collection, id, { body }, itemIndex);
}

/**
 * Deletes one record. Directus answers 204 with no body, to an admin also
 * when no record has the ID (already deleted, or never there); any other
 * role gets 403 for a missing ID.
 */
export async function deleteItem(ctx: IExecuteFunctions, collection: Collection, id: string, itemIndex: number): Promise<void> {
	await itemRequest(ctx, 'DELETE', collection, id, {}, itemIndex);
}

/**
 * The sort of an offset-paged read, ending with the primary key. Postgres
 * does not keep the order of records with equal sort keys from one
 * `offset` page to the next, so without it a page can repeat a record that
 * another page held and lose one that no page shows. A sort that already
 * names the primary key is total as it is.
 */
export function sortEndingWithPrimaryKey(sort: unknown): string {
	const keys = String(sort ?? '')
		.split(',')
		.map((key) => key.trim())
		.filter(Boolean);
	if (keys.some((key) => key.replace(/^-/, '') === PRIMARY_KEY)) return keys.join(',');
	return [...keys, PRIMARY_KEY].join(',');
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
 * short page. The sort always ends with the primary key (see
 * sortEndingWithPrimaryKey). A poll passes `outOfTime` to stop at its time budget.
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
			const query: IDataObject = { ...qs, sort: sortEndingWithPrimaryKey(qs.sort), limit: size, offset };
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
