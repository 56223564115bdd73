import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IPollFunctions } from 'n8n-workflow';
import type { RequestContext, ServiceProfile } from '../../shared/transport';
import type { Page } from '../../shared/pagination';
import { collectGrowingListByOffset, collectPages } from '../../shared/pagination';
import { apiRequest, downloadToBinary } from '../../shared/transport';

/** Django REST framework errors: `{"detail": "..."}` or `{"field": ["message", ...]}`. */
function scantrustErrorMessage(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return typeof body === 'string' && body ? body.slice(0, 300) : undefined;
	const record = body as IDataObject;
	if (typeof record.detail === 'string') return record.detail;
	const fieldErrors = Object.entries(record)
		.filter(([, value]) => Array.isArray(value) || typeof value === 'string')
		.map(([field, value]) => `${field}: ${Array.isArray(value) ? value.join(' ') : String(value)}`);
	return fieldErrors.length ? fieldErrors.join('; ') : undefined;
}

export const scantrustProfile: ServiceProfile = {
	serviceName: 'Scantrust',
	credentialType: 'scantrustApi',
	baseUrl: (credentials) => String(credentials.baseUrl || 'https://api.scantrust.com'),
	errorMessage: scantrustErrorMessage,
	authHint:
		'Check the UAT token in the Scantrust API credential, and that it has the permission this operation needs (e.g. scans_download, workorder_view, workorder_create).',
};

export async function scantrustRequest<T = IDataObject>(
	ctx: RequestContext,
	method: IHttpRequestMethods,
	path: string,
	options: { qs?: IDataObject; body?: IDataObject } = {},
	itemIndex?: number,
): Promise<T> {
	return await apiRequest<T>(ctx, scantrustProfile, { method, path, ...options }, itemIndex);
}

interface ScantrustPage {
	count?: number;
	next?: string | null;
	results?: IDataObject[];
}

/** Page size for lists whose maximum Scantrust does not document (workorders, templates, products). */
export const PAGE_SIZE = 1000;

/**
 * Page size for scans: the vendor's own scan download example uses
 * `limit=2000` (devportal.scantrust.com, "Download Scan Data"). A server that
 * allows less clamps it and its `next` links carry on from there.
 */
export const SCAN_PAGE_SIZE = 2000;

/** One page of a Scantrust list; a page of 2,000 scans is about 2 MB, so its results are parsed as they arrive. */
async function readPage(ctx: RequestContext, where: { path?: string; url?: string; qs?: IDataObject }, itemIndex?: number): Promise<ScantrustPage> {
	return await apiRequest<ScantrustPage>(ctx, scantrustProfile, { method: 'GET', ...where, largeArray: 'results' }, itemIndex);
}

/**
 * Follows Scantrust's `{count, next, previous, results}` pagination. The
 * first request asks for no more than the caller still wants; after that the
 * absolute `next` links are followed as given.
 */
function pageReader(ctx: RequestContext, path: string, qs: IDataObject, itemIndex: number | undefined, pageSize: number) {
	return async (next: string | undefined, remaining: number | undefined): Promise<Page<string>> => {
		const page = next
			? await readPage(ctx, { url: next }, itemIndex)
			: await readPage(ctx, { path, qs: { ...qs, limit: Math.min(remaining ?? pageSize, pageSize) } }, itemIndex);
		return { items: page.results ?? [], next: page.next ?? undefined };
	};
}

export async function scantrustList(
	ctx: RequestContext,
	path: string,
	qs: IDataObject,
	limit: number | undefined,
	itemIndex?: number,
	pageSize = PAGE_SIZE,
): Promise<IDataObject[]> {
	return await collectPages<string>(pageReader(ctx, path, qs, itemIndex, pageSize), limit);
}

export const SCANS_PATH = '/api/v2/dashboard/scans/';

/**
 * Whether the scans a query selects can only grow while they are read. A
 * relative timeframe drops old scans as it slides, a code's activation status
 * changes when it is blacklisted, and SCM data changes with every upload; a
 * campaign, a fixed date range, flags and product are fixed when a scan is
 * recorded.
 */
function onlyGrows(qs: IDataObject): boolean {
	return qs.timeframe === undefined && qs.activation_status === undefined && !Object.keys(qs).some((key) => key.startsWith('scm_'));
}

/**
 * Scans for Get Many. Offset pages report the count, so once the first is in
 * the others are read several at a time; that is consistent only for a set
 * that can merely grow while it is read (`onlyGrows`), and only if it did
 * not. Otherwise the walk follows cursor pages, which the vendor recommends
 * for long reads because they stay consistent while scans arrive.
 */
export async function listScans(
	ctx: RequestContext,
	qs: IDataObject,
	limit: number | undefined,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const offsetPage = async (offset: number, size: number) => await readPage(ctx, { path: SCANS_PATH, qs: { ...qs, limit: size, offset } }, itemIndex);
	if (onlyGrows(qs)) {
		const scans = await collectGrowingListByOffset(
			async (offset, size) => {
				const page = await offsetPage(offset, size);
				return { items: page.results ?? [], total: page.count };
			},
			async () => (await offsetPage(0, 1)).count,
			SCAN_PAGE_SIZE,
			limit,
		);
		if (scans) return scans;
	}
	return await scantrustList(ctx, SCANS_PATH, { ...qs, page_mode: 'cursor' }, limit, itemIndex, SCAN_PAGE_SIZE);
}

/**
 * Scans for a poll, newest first in cursor pages, which stay consistent while
 * scans arrive. After each page `mayStop` is asked whether to stop there;
 * `stoppedEarly` then says that older scans of the query were not reached.
 */
export async function listScansNewestFirst(
	ctx: RequestContext,
	qs: IDataObject,
	mayStop: (page: IDataObject[]) => boolean,
): Promise<{ scans: IDataObject[]; stoppedEarly: boolean }> {
	const readPage = pageReader(ctx, SCANS_PATH, { ...qs, page_mode: 'cursor' }, undefined, SCAN_PAGE_SIZE);
	let last: Page<string> = { items: [] };
	const scans = await collectPages<string>(
		async (next, remaining) => (last = await readPage(next, remaining)),
		undefined,
		() => mayStop(last.items),
	);
	return { scans, stoppedEarly: last.next !== undefined };
}

/** The workorder with exactly this reference, if any; `search` also matches remarks and parts of references. */
export async function findWorkorderByReference(ctx: RequestContext, reference: string, itemIndex?: number) {
	const matches = await scantrustList(ctx, '/api/v2/workorders/', { search: reference }, undefined, itemIndex);
	return matches.find((workorder) => workorder.reference === reference);
}

/**
 * Creates a workorder. References are unique per company, so a create whose
 * answer was lost (a 5xx or a dropped connection after sending) is checked
 * by its reference: the workorder it made is returned instead of a second
 * attempt failing with "reference already exists".
 */
export async function createWorkorder(
	ctx: IExecuteFunctions,
	path: string,
	body: IDataObject & { reference: string },
	itemIndex: number,
): Promise<IDataObject> {
	return await apiRequest<IDataObject>(
		ctx,
		scantrustProfile,
		{
			method: 'POST',
			path,
			body,
			write: { confirm: async () => await findWorkorderByReference(ctx, body.reference, itemIndex) },
		},
		itemIndex,
	);
}

/**
 * Products (devportal.scantrust.com, "Download Products"): `GET
 * /api/v2/products/` with `is_archived` (default 0, not archived),
 * `sku__exact`, `ordering`, `limit` and `offset`. The page documents no
 * single-product path, so one product is read with `sku__exact`.
 */
export async function listProducts(ctx: RequestContext, qs: IDataObject, limit: number | undefined, itemIndex?: number) {
	return await scantrustList(ctx, '/api/v2/products/', qs, limit, itemIndex);
}

/**
 * The product with exactly this SKU, if any; `sku__exact` gives at most one.
 * The list leaves archived products out unless asked, so an archived one is
 * looked for only when no active one matches.
 */
export async function findProductBySku(ctx: RequestContext, sku: string, itemIndex?: number) {
	for (const is_archived of [0, 1]) {
		const [product] = await listProducts(ctx, { sku__exact: sku, is_archived }, 1, itemIndex);
		if (product) return product;
	}
	return undefined;
}

/**
 * Every active product, by name, for the product pickers. Sorted here: the
 * vendor page documents only `ordering=-creation_date`.
 */
export async function listActiveProductsByName(ctx: RequestContext) {
	const products = await listProducts(ctx, { is_archived: 0 }, undefined);
	return products.sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

export async function getWorkorder(ctx: RequestContext, workorderId: number, itemIndex?: number) {
	return await scantrustRequest<IDataObject>(ctx, 'GET', `/api/v2/workorders/${workorderId}/`, {}, itemIndex);
}

export async function downloadScantrustFile(
	ctx: IExecuteFunctions | IPollFunctions,
	link: string,
	options: { fileName: string; mimeType: string; qs?: IDataObject },
	itemIndex?: number,
) {
	return await downloadToBinary(ctx, scantrustProfile, link, options, itemIndex);
}
