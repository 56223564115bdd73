import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { listActiveProductsByName, scantrustList } from '../transport';

export async function getTemplates(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const templates = await scantrustList(this, '/api/v2/workorders/templates/', {}, undefined);
	return templates.map((template) => ({
		name: `${String(template.name)} (${String(template.code_layout ?? 'no layout')})`,
		value: template.id as number,
		description: template.description ? String(template.description) : undefined,
	}));
}

/** Scan filters take the numeric product ID. */
export async function getProductIds(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const products = await listActiveProductsByName(this);
	return products.map((product) => ({
		name: `${String(product.name)} (${String(product.sku)})`,
		value: product.id as number,
	}));
}

/** Workorders take the product SKU. */
export async function getProductSkus(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const products = await listActiveProductsByName(this);
	return products.map((product) => ({
		name: `${String(product.name)} (${String(product.sku)})`,
		value: String(product.sku),
	}));
}
