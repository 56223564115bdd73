import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { filtersCollection, readLimit, returnAllOrLimit, toItems } from '../../../shared/descriptions';
import { listProducts } from '../../transport';
import { archivedFilterOption, archivedQuery } from '../archivedFilter';
import { productSimplifyField, simplifyProduct } from './fields';
import { readSimplify } from '../../../shared/simplify';

const show = { resource: ['product'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...returnAllOrLimit({ show }),
	filtersCollection({ show }, [
		archivedFilterOption(false),
		{
			displayName: 'Ordering',
			name: 'ordering',
			type: 'string',
			default: '',
			placeholder: '-creation_date',
			description: 'Sent as ordering. Scantrust documents -creation_date, newest first.',
		},
		{
			displayName: 'SKU',
			name: 'sku',
			type: 'string',
			default: '',
			placeholder: 'SS001',
			description: 'Only the product with exactly this SKU (sent as sku__exact)',
		},
	]),
	productSimplifyField('getMany'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { archived?: string; ordering?: string; sku?: string };
	const qs: IDataObject = archivedQuery(filters.archived);
	if (filters.sku?.trim()) qs.sku__exact = filters.sku.trim();
	if (filters.ordering?.trim()) qs.ordering = filters.ordering.trim();
	const products = await listProducts(this, qs, readLimit(this, itemIndex), itemIndex);
	const simplify = readSimplify(this, itemIndex);
	return toItems(simplify ? products.map(simplifyProduct) : products);
}
