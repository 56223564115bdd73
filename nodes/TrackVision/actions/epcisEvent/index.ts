import type { INodeProperties } from 'n8n-workflow';
import { toolDescriptionFields } from '../../../shared/tools';
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
	...toolDescriptionFields('epcisEvent', {
		capture:
			'Sends GS1 EPCIS 2.0 supply-chain events (e.g. codes commissioned, packed or shipped) to TrackVision. This changes data. Needs an event type, action and EPC list, or an EPCISDocument as JSON. Returns the event IDs, the capture job IDs and whether the jobs succeeded.',
		getMany:
			'Queries GS1 EPCIS events in TrackVision by event type, event or record time, action, business step, disposition, read point or quantity. Needs no input. Returns one entry per event, up to the Limit (50 unless set).',
		validate:
			'Checks GS1 EPCIS 2.0 events against the EPCIS schema in TrackVision without storing them. Needs an event type, action and EPC list, or an EPCISDocument as JSON. Returns valid true or false, with the reason.',
	}),
	...capture.description,
	...validate.description,
	...getMany.description,
];
