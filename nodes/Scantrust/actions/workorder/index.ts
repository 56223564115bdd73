import type { INodeProperties } from 'n8n-workflow';
import { toolDescriptionFields } from '../../../shared/tools';
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
	...toolDescriptionFields('workorder', {
		confirmPrint:
			'Confirms a Scantrust workorder as its printing partner, so Scantrust generates its codes. This changes data. Needs the workorder ID, a substrate ID and an equipment ID. Returns the updated workorder.',
		createSid:
			'Creates a Scantrust workorder of plain serialized QR codes (SID). This changes data and is not undone by calling again. Needs a unique reference and a quantity. Returns the new workorder with its ID and state.',
		createSsc:
			'Creates a Scantrust workorder of secure graphic codes (SSC). This changes data and is not undone by calling again. Needs a unique reference, a quantity, a code layout and the printing partner\'s ID. Returns the new workorder with its ID and state.',
		downloadCodes:
			'Downloads the codes file (zip) of a completed Scantrust workorder. Needs the workorder ID. Returns the workorder and the file as binary data, which an AI model cannot read.',
		get:
			'Gets one Scantrust workorder. Needs its ID. Returns its reference, state, quantity, product and the link to its codes file once generated.',
		getMany:
			'Lists Scantrust workorders, optionally searched by reference or remarks. Needs no input. Returns one entry per workorder with its ID, reference and state, up to the Limit (50 unless set).',
	}),
	...createSsc.description,
	...createSid.description,
	...confirmPrint.description,
	...get.description,
	...getMany.description,
	...downloadCodes.description,
];
