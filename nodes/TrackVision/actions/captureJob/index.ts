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
	...toolDescriptionFields('captureJob', {
		get: 'Gets one TrackVision EPCIS capture job. Needs its ID (a UUID). Returns whether it is still running, whether it succeeded, its errors and when it finished.',
		getMany:
			'Lists TrackVision EPCIS capture jobs, newest first, optionally only running, failed or recent ones. Needs no input. Returns one entry per job, up to the Limit (50 unless set).',
	}),
	...get.description,
	...getMany.description,
];
