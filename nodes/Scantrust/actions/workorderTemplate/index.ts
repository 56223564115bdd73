import type { INodeProperties } from 'n8n-workflow';
import { toolDescriptionFields } from '../../../shared/tools';
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
	...toolDescriptionFields('workorderTemplate', {
		getMany:
			'Lists the workorder templates Scantrust set up for this account, used when creating SSC workorders. Needs no input. Returns one entry per template with its ID and name, up to the Limit (50 unless set).',
	}),
	...getMany.description,
];
