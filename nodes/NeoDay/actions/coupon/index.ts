import type { INodeProperties } from 'n8n-workflow';
import * as consume from './consume.operation';

export { consume };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['coupon'] } },
		options: [
			{
				name: 'Consume',
				value: 'consume',
				action: 'Consume a coupon',
				description:
					'Tell NeoDay that a coupon was used in another system, so it shows as consumed and campaigns can react. Sent once per item, even when retried.',
			},
		],
		default: 'consume',
	},
	...consume.description,
];
