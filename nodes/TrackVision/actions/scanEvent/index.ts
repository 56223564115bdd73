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
		displayOptions: { show: { resource: ['scanEvent'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a scan event',
				description: 'Get one consumer scan event, given its ID',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many scan events',
				description: 'List consumer scan events, optionally filtered by when, where and how the code was scanned',
			},
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
];
