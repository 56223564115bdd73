import type { INodeProperties } from 'n8n-workflow';
import * as confirmPrint from './confirmPrint.operation';
import * as createSid from './createSid.operation';
import * as createSsc from './createSsc.operation';
import * as downloadCodes from './downloadCodes.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { confirmPrint, createSid, createSsc, downloadCodes, get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workorder'] } },
		options: [
			{
				name: 'Confirm Print',
				value: 'confirmPrint',
				action: 'Confirm a workorder for printing',
				description: 'As the printing partner, confirm substrate and equipment so the codes are generated',
			},
			{
				name: 'Create SID',
				value: 'createSid',
				action: 'Create an SID workorder',
				description: 'Create a workorder of plain serialized QR codes',
			},
			{
				name: 'Create SSC',
				value: 'createSsc',
				action: 'Create an SSC workorder',
				description: 'Create a workorder of secure graphic codes for a printing partner',
			},
			{
				name: 'Download Codes',
				value: 'downloadCodes',
				action: 'Download the codes of a workorder',
				description: "Download a completed workorder's codes file (zip) as binary",
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a workorder',
				description: 'Get one workorder by ID',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many workorders',
				description: 'List workorders, with search and archive filters',
			},
		],
		default: 'getMany',
	},
	...createSsc.description,
	...createSid.description,
	...confirmPrint.description,
	...get.description,
	...getMany.description,
	...downloadCodes.description,
];
