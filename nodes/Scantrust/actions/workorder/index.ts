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
				description: 'As the printing partner, confirm a workorder, given its ID, substrate ID and equipment ID, so its codes are generated',
			},
			{
				name: 'Create SID',
				value: 'createSid',
				action: 'Create an SID workorder',
				description: 'Create a workorder of plain serialized QR codes, given a unique reference and a quantity',
			},
			{
				name: 'Create SSC',
				value: 'createSsc',
				action: 'Create an SSC workorder',
				description: 'Create a workorder of secure graphic codes, given a unique reference, a quantity, a code layout and the ID of the printing partner',
			},
			{
				name: 'Download Codes',
				value: 'downloadCodes',
				action: 'Download the codes of a workorder',
				description: "Download the codes zip of a completed workorder, given its ID, as binary data",
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a workorder',
				description: 'Get one workorder with its state and codes file link, given its ID',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many workorders',
				description: 'List workorders, optionally searched by reference or remarks and filtered by archive state',
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
