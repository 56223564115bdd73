import type { INodeProperties } from 'n8n-workflow';
import { toolDescriptionFields } from '../../../shared/tools';
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
	...toolDescriptionFields('coupon', {
		consume:
			'Marks a NeoDay coupon as consumed, for a coupon used in another system. This changes data and is sent once, even when retried. Needs the coupon code, a reference of the use and the user\'s ID. Returns NeoDay\'s answer.',
	}),
	...consume.description,
];
