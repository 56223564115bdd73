import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fieldByVersion, readLocatorValue } from '../../../shared/resourceLocator';
import { simplifyField, simplifyRecord } from '../../../shared/simplify';
import { requireUuid } from '../../../shared/validation';
import { RESULT_OPTIONS } from '../query';

export const STATUS_OPTIONS = [
	{ name: 'Dismissed', value: 'dismissed' },
	{ name: 'New', value: 'new' },
	{ name: 'Reviewed', value: 'reviewed' },
];

/** The outcome filter of integrity check results, in Get Many and on the trigger alike. */
export const RESULT_OUTCOME_FILTER: INodeProperties = {
	displayName: 'Result',
	name: 'results',
	type: 'multiOptions',
	default: [],
	options: RESULT_OPTIONS,
	description: 'Only results with one of these outcomes',
};

/** The review-state filter of integrity check results; the trigger's description says when the state is judged. */
export function resultStatusFilter(description: string): INodeProperties {
	return { displayName: 'Status', name: 'statuses', type: 'multiOptions', default: [], options: STATUS_OPTIONS, description };
}

export const CHECK_SOURCE_OPTIONS = [
	{ name: 'Crowd Sourced', value: 'crowd_sourced', description: 'A consumer checked the code' },
	{ name: 'Inspector', value: 'inspector', description: 'An inspector checked the code' },
];

export function resultIdField(operation: string, description: string): INodeProperties[] {
	return fieldByVersion(
		{
			displayName: 'Result ID',
			name: 'resultId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '2f9c6a4e-8b1d-4c3a-9e7f-5d2b1a0c9e8d',
			description,
			displayOptions: { show: { resource: ['integrityCheckResult'], operation: [operation] } },
		},
		{
			displayName: 'Integrity Check Result',
			searchListMethod: 'searchIntegrityCheckResults',
			// UUID or auto-increment integer: see readResultId.
			id: { placeholder: '2f9c6a4e-8b1d-4c3a-9e7f-5d2b1a0c9e8d' },
		},
	);
}

/** What Simplify keeps of a result: the verdict, its review state, and what it is about. */
export const SIMPLE_RESULT_FIELDS = [
	'id',
	'date_created',
	'status',
	'result',
	'check_source',
	'reason',
	'code',
	'product',
	'review_comments',
] as const;

export function resultSimplifyField(operation: string): INodeProperties {
	return simplifyField({ resource: ['integrityCheckResult'], operation: [operation] }, SIMPLE_RESULT_FIELDS, [2]);
}

export function simplifyResult(result: IDataObject): IDataObject {
	return simplifyRecord(result, SIMPLE_RESULT_FIELDS);
}

/**
 * The vendor docs do not give the type of a result's ID. Directus keys are
 * UUIDs or auto-increment integers, so both are accepted and anything else is
 * rejected before the request.
 */
export function readResultId(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = readLocatorValue(ctx, ctx.getNodeParameter('resultId', itemIndex), 'Integrity Check Result', undefined, itemIndex);
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (/^\d+$/.test(text)) return text;
	return requireUuid(ctx, value, 'Result ID', itemIndex);
}
