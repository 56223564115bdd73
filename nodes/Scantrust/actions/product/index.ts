import type { INodeProperties } from 'n8n-workflow';
import { toolDescriptionFields } from '../../../shared/tools';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['product'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a product',
				description: 'Get one product with its brand, campaign and code counts, given its SKU',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many products',
				description: 'List products, optionally filtered by exact SKU and archive state, in a chosen order',
			},
		],
		default: 'getMany',
	},
	...toolDescriptionFields('product', {
		get:
			'Looks up one Scantrust product by its SKU. Needs the exact SKU. Returns the product with its brand, campaign and code counts.',
		getMany:
			'Lists Scantrust products, optionally only the one with an exact SKU or only archived or active ones. Needs no input. Returns one entry per product, up to the Limit (50 unless set).',
	}),
	...get.description,
	...getMany.description,
];
