import type { INodeProperties } from 'n8n-workflow';
import { toolDescriptionFields } from '../../../shared/tools';
import * as create from './create.operation';
import * as deleteCheck from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { create, deleteCheck, get, getMany, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['integrityCheck'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an integrity check',
				description: 'Record an integrity check of a product code, given its QR code or code and optional notes',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete an integrity check',
				description: 'Delete one integrity check, given its ID',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an integrity check',
				description: 'Get one integrity check, given its ID, optionally with its result',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many integrity checks',
				description: 'List integrity checks, optionally filtered by result, check mode or creation date',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update an integrity check',
				description: 'Change fields of one integrity check, such as its notes, given its ID',
			},
		],
		default: 'getMany',
	},
	...toolDescriptionFields('integrityCheck', {
		create:
			'Records a new integrity check of a product code in TrackVision, which TrackVision then rates. This changes data. Needs the scanned QR code or code; notes, address and check mode are optional. Returns the new check with its ID.',
		delete:
			'Deletes one integrity check from TrackVision. This changes data and cannot be undone. Needs the check\'s ID (a UUID). Returns its ID and deleted: true.',
		get:
			'Gets one TrackVision integrity check. Needs its ID (a UUID). Returns the check with its code, check mode and notes, and optionally its result.',
		getMany:
			'Lists TrackVision integrity checks, optionally filtered by result, check mode or creation date. Needs no input. Returns one entry per check, up to the Limit (50 unless set).',
		update:
			'Changes fields of one TrackVision integrity check, such as its notes. This changes data. Needs the check\'s ID (a UUID) and at least one field to change. Returns the updated check.',
	}),
	...create.description,
	...get.description,
	...getMany.description,
	...update.description,
	...deleteCheck.description,
];
