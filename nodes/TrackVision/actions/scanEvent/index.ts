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
	...toolDescriptionFields('scanEvent', {
		get:
			'Gets one consumer scan event from TrackVision. Needs its ID (a UUID). Returns when, where and how the code was scanned.',
		getMany:
			'Lists consumer scan events from TrackVision, optionally filtered by when, where and how the code was scanned. Needs no input. Returns one entry per scan event, up to the Limit (50 unless set).',
	}),
	...get.description,
	...getMany.description,
];
