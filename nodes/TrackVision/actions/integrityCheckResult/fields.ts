import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requireUuid } from '../../../shared/validation';

export const STATUS_OPTIONS = [
	{ name: 'Dismissed', value: 'dismissed' },
	{ name: 'New', value: 'new' },
	{ name: 'Reviewed', value: 'reviewed' },
];

export const CHECK_SOURCE_OPTIONS = [
	{ name: 'Crowd Sourced', value: 'crowd_sourced', description: 'A consumer checked the code' },
	{ name: 'Inspector', value: 'inspector', description: 'An inspector checked the code' },
];

export function resultIdField(operation: string, description: string): INodeProperties {
	return {
		displayName: 'Result ID',
		name: 'resultId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '2f9c6a4e-8b1d-4c3a-9e7f-5d2b1a0c9e8d',
		description,
		displayOptions: { show: { resource: ['integrityCheckResult'], operation: [operation] } },
	};
}

/**
 * The vendor docs do not give the type of a result's ID. Directus keys are
 * UUIDs or auto-increment integers, so both are accepted and anything else is
 * rejected before the request.
 */
export function readResultId(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getNodeParameter('resultId', itemIndex);
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (/^\d+$/.test(text)) return text;
	return requireUuid(ctx, value, 'Result ID', itemIndex);
}
