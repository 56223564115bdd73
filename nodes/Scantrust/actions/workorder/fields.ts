import type { INodeProperties } from 'n8n-workflow';

export function workorderIdField(operation: string, description: string): INodeProperties {
	return {
		displayName: 'Workorder ID',
		name: 'workorderId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '5094',
		description,
		displayOptions: { show: { resource: ['workorder'], operation: [operation] } },
	};
}
