import type { INodeProperties } from 'n8n-workflow';
import { toolDescriptionFields } from '../../../shared/tools';
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
	...toolDescriptionFields('scan', {
		exportCsv:
			'Exports the scans of one Scantrust campaign as a CSV file. Needs the campaign ID; time, flag and product filters are optional. Returns the file as binary data, which an AI model cannot read, with its name and filters.',
		getMany:
			'Lists the consumer scans of one Scantrust campaign: when, where and with what result each code was scanned. Needs the campaign ID; time, flag and product filters are optional. Returns one entry per scan, up to the Limit (50 unless set).',
	}),
	...getMany.description,
	...exportCsv.description,
];
