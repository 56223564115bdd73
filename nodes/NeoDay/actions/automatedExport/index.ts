import type { INodeProperties } from 'n8n-workflow';
import { toolDescriptionFields } from '../../../shared/tools';
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
	...toolDescriptionFields('automatedExport', {
		downloadLatest:
			'Downloads the most recent result of a NeoDay automated export. Needs the export\'s name. Returns every row of the file, which can run to many thousands, or the file as binary data: suited to workflows more than to a model.',
		downloadResult:
			'Downloads one result of a NeoDay automated export. Needs the export\'s name and the result ID. Returns every row of the file, which can run to many thousands, or the file as binary data: suited to workflows more than to a model.',
		getMany:
			'Lists the automated data exports set up in NeoDay. Needs no input. Returns one entry per export with its name and its latest result, up to the Limit (50 unless set).',
		getResults:
			'Lists the results of one NeoDay automated export, one per run. Needs the export\'s name. Returns each result\'s ID, creation and expiry date, up to the Limit (50 unless set).',
	}),
	...downloadLatest.description,
	...downloadResult.description,
	...getMany.description,
	...getResults.description,
];
