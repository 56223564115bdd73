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

/** Reference and Quantity, which both create operations require first. */
export function referenceAndQuantityFields(operation: string, quantityDescription: string): INodeProperties[] {
	const displayOptions = { show: { resource: ['workorder'], operation: [operation] } };
	return [
		{
			displayName: 'Reference',
			name: 'reference',
			type: 'string',
			default: '',
			required: true,
			description: 'Your internal reference. It must be unique within your company.',
			displayOptions,
		},
		{
			displayName: 'Quantity',
			name: 'quantity',
			type: 'number',
			default: 1000,
			required: true,
			typeOptions: { minValue: 1 },
			description: quantityDescription,
			displayOptions,
		},
	];
}
