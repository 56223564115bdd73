import type { INodeProperties } from 'n8n-workflow';
import { toolDescriptionFields } from '../../../shared/tools';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { get, getMany, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['integrityCheckResult'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get an integrity check result',
				description: 'Get one integrity check result, given its ID',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many integrity check results',
				description: 'List integrity check results, optionally filtered by result, review status or check source',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update an integrity check result',
				description: 'Review one integrity check result, given its ID, by setting its status or review comments',
			},
		],
		default: 'getMany',
	},
	...toolDescriptionFields('integrityCheckResult', {
		get:
			'Gets one TrackVision integrity check result: TrackVision\'s verdict on a check. Needs its ID (a UUID). Returns the result with its status, score and review fields.',
		getMany:
			'Lists TrackVision integrity check results, optionally filtered by result, review status or check source. Needs no input. Returns one entry per result, up to the Limit (50 unless set).',
		update:
			'Reviews one TrackVision integrity check result by setting its status or review comments. This changes data. Needs the result\'s ID (a UUID) and a status or comment. Returns the updated result.',
	}),
	...get.description,
	...getMany.description,
	...update.description,
];
