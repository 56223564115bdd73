import type { INodeProperties } from 'n8n-workflow';
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
	...create.description,
	...get.description,
	...getMany.description,
	...update.description,
	...deleteCheck.description,
];
