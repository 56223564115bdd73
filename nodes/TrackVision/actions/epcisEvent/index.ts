import type { INodeProperties } from 'n8n-workflow';
import * as capture from './capture.operation';
import * as getMany from './getMany.operation';
import * as validate from './validate.operation';

export { capture, getMany, validate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['epcisEvent'] } },
		options: [
			{
				name: 'Capture',
				value: 'capture',
				action: 'Capture EPCIS events',
				description: 'Send GS1 EPCIS 2.0 supply-chain events to TrackVision, built from fields or as JSON, in batches, and wait for the capture job',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many EPCIS events',
				description: 'Query EPCIS events by type, time, action, business step, disposition, read point or quantity',
			},
			{
				name: 'Validate',
				value: 'validate',
				action: 'Validate EPCIS events',
				description: 'Check EPCIS events against the EPCIS 2.0 schema without storing them',
			},
		],
		default: 'capture',
	},
	...capture.description,
	...validate.description,
	...getMany.description,
];
