import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { findProductBySku } from '../../transport';
import { productSimplifyField, productSkuField, readProductSku, simplifyProduct } from './fields';
import { readSimplify } from '../../../shared/simplify';

export const description: INodeProperties[] = [
	...productSkuField('get', 'The SKU of the product to read, active or archived'),
	productSimplifyField('get'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const sku = readProductSku(this, itemIndex);
	const product = await findProductBySku(this, sku, itemIndex);
	if (!product) {
		throw new NodeOperationError(this.getNode(), `No product with SKU "${sku}"`, {
			itemIndex,
			description: 'The SKU must match exactly, including case. Product → Get Many lists the products and their SKUs.',
		});
	}
	const simplify = readSimplify(this, itemIndex);
	return [{ json: simplify ? simplifyProduct(product) : product }];
}
