import type { INodeProperties } from 'n8n-workflow';
import { toolDescriptionFields } from '../../../shared/tools';
import * as define from './define.operation';
import * as send from './send.operation';

export { define, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customEvent'] } },
		options: [
			{
				name: 'Define',
				value: 'define',
				action: 'Define a custom event',
				description: "Define or replace a custom event's JSON Schema (PUT); an event must be defined before it is sent",
			},
			{
				name: 'Send',
				value: 'send',
				action: 'Send a custom event',
				description: 'Send a defined custom event for one user, with its data (POST, answered 202); NeoDay can reward the user for it',
			},
		],
		default: 'send',
	},
	...toolDescriptionFields('customEvent', {
		define:
			'Defines or replaces the JSON Schema of a NeoDay custom event, which must exist before the event is sent. This changes data. Needs the event name and the schema. Returns NeoDay\'s answer.',
		send:
			'Sends a defined custom event for one NeoDay user, with its data; NeoDay can reward the user for it. This changes data. Needs the event name, the user\'s ID and data that fits the event\'s schema. Returns NeoDay\'s acceptance.',
	}),
	...define.description,
	...send.description,
];
