import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fieldByVersion, readLocatorValue } from '../../../shared/resourceLocator';
import { simplifyField, simplifyRecord } from '../../../shared/simplify';
import { requireInteger } from '../../../shared/validation';

/**
 * Workorder ID: plain text in version 1, a resource locator from version 2.
 * The portal's workorder URL form is not documented, so there is no "By URL" mode.
 */
export function workorderIdField(operation: string, description: string): INodeProperties[] {
	return fieldByVersion(
		{
			displayName: 'Workorder ID',
			name: 'workorderId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '5094',
			description,
			displayOptions: { show: { resource: ['workorder'], operation: [operation] } },
		},
		{
			displayName: 'Workorder',
			searchListMethod: 'searchWorkorders',
			id: { regex: '\\d+', placeholder: '5094', errorMessage: 'A workorder ID is a whole number' },
		},
	);
}

export function readWorkorderId(ctx: IExecuteFunctions, itemIndex: number): number {
	const value = readLocatorValue(ctx, ctx.getNodeParameter('workorderId', itemIndex), 'Workorder', undefined, itemIndex);
	return requireInteger(ctx, value, 'Workorder ID', itemIndex);
}

/** What Simplify keeps of a workorder: who, what, how many, and whether its codes are ready. */
export const SIMPLE_WORKORDER_FIELDS = [
	'id',
	'reference',
	'state',
	'codegen_status',
	'codegen_file',
	'quantity',
	'product',
	'remarks',
	'creation_date',
	'date_codes_completed',
	'is_archived',
] as const;

export function workorderSimplifyField(operation: string): INodeProperties {
	return simplifyField({ resource: ['workorder'], operation: [operation] }, SIMPLE_WORKORDER_FIELDS, [2]);
}

export function simplifyWorkorder<T extends object>(workorder: T): T {
	return simplifyRecord(workorder as never, SIMPLE_WORKORDER_FIELDS) as T;
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
