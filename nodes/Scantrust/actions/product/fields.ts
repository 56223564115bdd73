import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fieldByVersion, readLocatorValue } from '../../../shared/resourceLocator';
import { simplifyField, simplifyRecord } from '../../../shared/simplify';
import { requireText } from '../../../shared/validation';

/**
 * Product SKU: plain text in version 1, a resource locator from version 2.
 * The vendor documents no single-product path, only the list's exact SKU
 * filter, so a product is picked by SKU, not by ID.
 */
export function productSkuField(operation: string, description: string): INodeProperties[] {
	return fieldByVersion(
		{
			displayName: 'Product SKU',
			name: 'productSku',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'SS001',
			description,
			displayOptions: { show: { resource: ['product'], operation: [operation] } },
		},
		{
			displayName: 'Product',
			searchListMethod: 'searchProductSkus',
			id: { displayName: 'By SKU', placeholder: 'SS001' },
		},
	);
}

export function readProductSku(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = readLocatorValue(ctx, ctx.getNodeParameter('productSku', itemIndex), 'Product', undefined, itemIndex);
	return requireText(ctx, value, 'Product SKU', itemIndex);
}

/** What Simplify keeps of a product: what it is, whose it is, and how many codes it has. */
export const SIMPLE_PRODUCT_FIELDS = [
	'id',
	'sku',
	'name',
	'description',
	'brand',
	'campaign',
	'creation_date',
	'is_archived',
	'code_count',
	'active_code_count',
	'blacklisted_code_count',
] as const;

export function productSimplifyField(operation: string): INodeProperties {
	return simplifyField({ resource: ['product'], operation: [operation] }, SIMPLE_PRODUCT_FIELDS, [2]);
}

export function simplifyProduct<T extends object>(product: T): T {
	return simplifyRecord(product as never, SIMPLE_PRODUCT_FIELDS) as T;
}
