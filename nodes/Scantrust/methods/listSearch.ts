import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { searchLocally } from '../../shared/resourceLocator';
import { listActiveProductsByName, scantrustList, scantrustProfile, scantrustRequest } from '../transport';
import { apiRequest } from '../../shared/transport';

/** One page of the list: enough to pick from, the rest comes as the user scrolls. */
const LIST_PAGE_SIZE = 50;

interface Page {
	next?: string | null;
	results?: IDataObject[];
}

/** Workorders, newest first, searched by Scantrust on reference and remarks; scrolling follows `next`. */
export async function searchWorkorders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = paginationToken
		? await apiRequest<Page>(this, scantrustProfile, { method: 'GET', url: paginationToken })
		: await scantrustRequest<Page>(this, 'GET', '/api/v2/workorders/', {
				qs: { limit: LIST_PAGE_SIZE, ...(filter ? { search: filter } : {}) },
			});
	return {
		results: (page.results ?? []).map((workorder) => ({
			name: `${String(workorder.reference)} (#${String(workorder.id)})`,
			value: String(workorder.id),
			description: `${String(workorder.state)}, ${String(workorder.quantity)} codes`,
		})),
		paginationToken: page.next ?? undefined,
	};
}

/** The templates list has no documented search: the whole list is read and filtered here. */
export async function searchTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const templates = await scantrustList(this, '/api/v2/workorders/templates/', {}, undefined);
	const entries: INodeListSearchItems[] = templates.map((template) => ({
		name: `${String(template.name)} (${String(template.code_layout ?? 'no layout')})`,
		value: String(template.id),
	}));
	return searchLocally(entries, filter);
}

/**
 * The products list documents only an exact SKU filter (`sku__exact`), not a
 * text search: active products are read and matched on name and SKU here.
 */
async function searchProducts(ctx: ILoadOptionsFunctions, filter: string | undefined, value: 'id' | 'sku') {
	const products = await listActiveProductsByName(ctx);
	const entries = products.map((product) => ({
		name: `${String(product.name)} (${String(product.sku)})`,
		value: String(product[value]),
		texts: [String(product.name), String(product.sku)],
	}));
	const { results } = searchLocally(entries, filter, (entry) => (entry as (typeof entries)[number]).texts);
	return { results: results.map(({ name, value: v }) => ({ name, value: v })) };
}

/** Scan filters take the numeric product ID. */
export async function searchProductIds(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return await searchProducts(this, filter, 'id');
}

/** Workorders take the product SKU. */
export async function searchProductSkus(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return await searchProducts(this, filter, 'sku');
}
