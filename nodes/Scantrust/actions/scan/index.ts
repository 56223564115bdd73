import type { INodeProperties } from 'n8n-workflow';
import * as exportCsv from './exportCsv.operation';
import * as getMany from './getMany.operation';

export { exportCsv, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['scan'] } },
		options: [
			{
				name: 'Export CSV',
				value: 'exportCsv',
				action: 'Export scans as CSV',
				description: 'Download the scans of one campaign, given its ID and optional filters, as a single CSV file',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many scans',
				description: 'Get the scans of one campaign, given its ID and optional time, flag and product filters, one item per scan',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
	...exportCsv.description,
];
