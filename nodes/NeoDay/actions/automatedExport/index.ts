import type { INodeProperties } from 'n8n-workflow';
import * as downloadLatest from './downloadLatest.operation';
import * as downloadResult from './downloadResult.operation';
import * as getMany from './getMany.operation';
import * as getResults from './getResults.operation';

export { downloadLatest, downloadResult, getMany, getResults };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['automatedExport'] } },
		options: [
			{
				name: 'Download Latest',
				value: 'downloadLatest',
				action: 'Download the latest result of an export',
				description: "Download the most recent result of an automated export, given its name, as rows or as a JSON file",
			},
			{
				name: 'Download Result',
				value: 'downloadResult',
				action: 'Download an export result',
				description: 'Download one result of an automated export, given the export name and the result ID, as rows or as a JSON file',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many automated exports',
				description: 'List the automated exports with their latest result (last_run); needs no input',
			},
			{
				name: 'Get Results',
				value: 'getResults',
				action: 'Get the results of an export',
				description: 'List the results of one automated export, given its name, one per run with its expiry date',
			},
		],
		default: 'downloadLatest',
	},
	...downloadLatest.description,
	...downloadResult.description,
	...getMany.description,
	...getResults.description,
];
