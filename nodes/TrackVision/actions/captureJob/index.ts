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
		displayOptions: { show: { resource: ['captureJob'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a capture job',
				description: 'Get one EPCIS capture job, given its ID: whether it is running, succeeded, and its errors',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many capture jobs',
				description: 'List EPCIS capture jobs, optionally only running, failed or recent ones',
			},
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
];
