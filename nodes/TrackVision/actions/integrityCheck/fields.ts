import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { simplifyField, simplifyRecord } from '../../../shared/simplify';
import { requireJsonObject } from '../../../shared/validation';
import type { UuidRecord } from '../recordId';
import { readUuidId, uuidIdField } from '../recordId';
import { simplifyResult } from '../integrityCheckResult/fields';

export const CHECK_MODE_OPTIONS = [
	{ name: 'Scan Code', value: 'scan_code' },
	{ name: 'Type Code Manually', value: 'type_code_manually' },
];

const show = (operation: string) => ({ resource: ['integrityCheck'], operation: [operation] });

const CHECK: UuidRecord = {
	resource: 'integrityCheck',
	name: 'checkId',
	label: 'Integrity Check',
	searchListMethod: 'searchIntegrityChecks',
	errorMessage: 'An integrity check ID is a UUID',
};

export function checkIdField(operation: string, description: string): INodeProperties[] {
	return uuidIdField(CHECK, operation, description);
}

export function readCheckId(ctx: IExecuteFunctions, itemIndex: number): string {
	return readUuidId(ctx, CHECK, itemIndex);
}

/** What Simplify keeps of an integrity check: what was checked, how, where, and its result. */
export const SIMPLE_CHECK_FIELDS = ['id', 'date_created', 'check_mode', 'qr_code', 'code', 'address', 'notes', 'result'] as const;

export function checkSimplifyField(showOn: IDataObject): INodeProperties {
	return simplifyField(showOn as never, SIMPLE_CHECK_FIELDS, [2]);
}

/** A related result expanded by Include Result is simplified too. */
export function simplifyCheck(check: IDataObject): IDataObject {
	const simple = simplifyRecord(check, SIMPLE_CHECK_FIELDS);
	if (simple.result && typeof simple.result === 'object') simple.result = simplifyResult(simple.result as IDataObject);
	return simple;
}

/** The writable fields of an integrity check, shared by Create and Update. */
export function checkFields(operation: 'create' | 'update'): INodeProperties {
	return {
		displayName: operation === 'create' ? 'Fields' : 'Update Fields',
		name: 'checkFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: show(operation) },
		options: [
			{
				displayName: 'Address',
				name: 'address',
				type: 'string',
				default: '',
				description: 'Address or location where the code was checked',
			},
			{
				displayName: 'Check Mode',
				name: 'check_mode',
				type: 'options',
				default: 'scan_code',
				options: CHECK_MODE_OPTIONS,
				description: 'How the code was submitted for checking',
			},
			{
				displayName: 'Code',
				name: 'code',
				type: 'string',
				default: '',
				description: 'Internal code reference of this check',
			},
			{
				displayName: 'Custom Check Mode',
				name: 'customCheckMode',
				type: 'string',
				default: '',
				placeholder: 'automatic',
				description: 'A check mode that is not in the list, such as automatic. It replaces Check Mode.',
			},
			{
				displayName: 'Notes',
				name: 'notes',
				type: 'string',
				default: '',
				typeOptions: { rows: 3 },
				description: 'Free-text notes or observations on this check',
			},
			{
				displayName: 'Other Attributes (JSON)',
				name: 'otherAttributes',
				type: 'json',
				default: '{}',
				description:
					'Any other fields of the integrity check as a JSON object, e.g. {"result": "ID of an integrity check result"}. The fields above take precedence.',
			},
			{
				displayName: 'QR Code',
				name: 'qr_code',
				type: 'string',
				default: '',
				placeholder: 'https://brand.example/01/09521234543217/21/12345678',
				description: 'The QR code or GS1 Digital Link value that was checked',
			},
		],
	};
}

/** The request body: the JSON attributes first, then the named fields over them. Empty fields are left out. */
export function readCheckBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const { customCheckMode, otherAttributes, ...named } = ctx.getNodeParameter('checkFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = { ...requireJsonObject(ctx, otherAttributes, 'Other Attributes (JSON)', itemIndex) };
	for (const [field, value] of Object.entries(named)) {
		if (value !== '' && value !== undefined && value !== null) body[field] = value;
	}
	if (typeof customCheckMode === 'string' && customCheckMode.trim()) body.check_mode = customCheckMode.trim();
	return body;
}
