import type { INodeProperties } from 'n8n-workflow';
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
	...get.description,
	...getMany.description,
];
