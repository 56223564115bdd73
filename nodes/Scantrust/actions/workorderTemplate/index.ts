import type { INodeProperties } from 'n8n-workflow';
import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workorderTemplate'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many workorder templates',
				description: 'List the templates Scantrust set up for your SSC workorders; needs no input',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
