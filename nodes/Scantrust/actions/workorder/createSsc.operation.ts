import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { requireInteger, requireText } from '../../../shared/validation';
import { locatorField, onVersions, readLocatorValue } from '../../../shared/resourceLocator';
import { createWorkorder } from '../../transport';
import { referenceAndQuantityFields } from './fields';

const show = { resource: ['workorder'], operation: ['createSsc'] };

/** Additional fields that are the same in every node version. */
const COMMON_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Activate on Complete',
		name: 'activate_on_complete',
		type: 'boolean',
		default: false,
		description: 'Whether the codes become active as soon as the workorder completes',
	},
	{
		displayName: 'Extended ID Style',
		name: 'extended_id_style',
		type: 'options',
		default: 'legacy',
		options: [
			{ name: 'Legacy', value: 'legacy' },
			{ name: 'Compact 12', value: 'compact-12' },
		],
	},
	{
		displayName: 'Fingerprint Serialized',
		name: 'is_fp_serialized',
		type: 'boolean',
		default: true,
		description: 'Whether the codes are serialized',
	},
	{
		displayName: 'Hybrid Printing',
		name: 'is_hybrid',
		type: 'boolean',
		default: true,
		description: 'Whether the hybrid printing method is used',
	},
	{
		displayName: 'Partner Permissions',
		name: 'partner_permissions',
		type: 'string',
		default: '',
		placeholder: 'activate_codes',
		description: 'Comma-separated permissions granted to the printing partner',
	},
	{
		displayName: 'Remarks',
		name: 'remarks',
		type: 'string',
		default: '',
		description: 'Description of this workorder',
	},
	{
		displayName: 'Static Print',
		name: 'is_static_print',
		type: 'boolean',
		default: false,
		description: 'Whether the codes are static',
	},
	{
		displayName: 'Static Unique Codes Quantity',
		name: 'static_unique_codes_quantity',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
	},
	{
		displayName: 'Substrate ID',
		name: 'substrate',
		type: 'number',
		default: 0,
	},
	{
		displayName: 'Template Image',
		name: 'template_image',
		type: 'boolean',
		default: false,
		description: 'Whether there is an image of the template',
	},
	{
		displayName: 'URL Prefix',
		name: 'url_prefix',
		type: 'string',
		default: '',
		placeholder: 'https://st4.ch/q/',
		description: 'Set only if a special URL is used in the codes',
	},
	{
		displayName: 'Use Serial Number',
		name: 'use_serial_number',
		type: 'boolean',
		default: true,
		description: 'Whether serial numbers are added',
	},
];

/** Version 1: dropdowns of products and templates. */
const LIST_OPTIONS_V1: INodeProperties[] = [
	{
		displayName: 'Product SKU Name or ID',
		name: 'product',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getProductSkus' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'The product the codes are for; an expression gives its SKU',
	},
	{
		displayName: 'Template Name or ID',
		name: 'template',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTemplates' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'Workorder template set up by Scantrust. Attributes the template defines must match it.',
	},
];

/** From version 2: resource locators, searchable, or by SKU / ID. */
const LOCATOR_OPTIONS: INodeProperties[] = [
	locatorField({
		displayName: 'Product',
		name: 'product',
		description: 'The product the codes are for: pick it by name or SKU, or enter its SKU',
		searchListMethod: 'searchProductSkus',
		id: { displayName: 'By SKU', placeholder: 'SS001' },
		required: false,
	}),
	locatorField({
		displayName: 'Template',
		name: 'template',
		description: 'Workorder template set up by Scantrust. Attributes the template defines must match it.',
		searchListMethod: 'searchTemplates',
		id: { regex: '\\d+', placeholder: '164', errorMessage: 'A template ID is a whole number' },
		required: false,
	}),
];

export const description: INodeProperties[] = [
	...referenceAndQuantityFields('createSsc', 'Number of codes to generate'),
	{
		displayName: 'Code Layout',
		name: 'codeLayout',
		type: 'options',
		default: 'sg-inside',
		required: true,
		options: [
			{ name: 'Secure Graphic Inside', value: 'sg-inside' },
			{ name: 'Secure Graphic Outside', value: 'sg-outside' },
			{ name: 'Custom', value: 'custom' },
		],
		displayOptions: { show },
	},
	{
		displayName: 'Custom Layout ID',
		name: 'customLayout',
		type: 'number',
		default: 0,
		required: true,
		description: 'ID of the custom layout that Scantrust set up for you',
		displayOptions: { show: { ...show, codeLayout: ['custom'] } },
	},
	{
		displayName: 'Printing Partner ID',
		name: 'printingPartner',
		type: 'number',
		default: 0,
		required: true,
		description: 'Company ID of the printing partner who will confirm and print the codes',
		displayOptions: { show },
	},
	...[1, 2].map((version) =>
		onVersions(
			{
				displayName: 'Additional Fields',
				name: 'additionalFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				displayOptions: { show },
				options: [...COMMON_OPTIONS, ...(version === 1 ? LIST_OPTIONS_V1 : LOCATOR_OPTIONS)].sort((a, b) =>
					a.displayName.localeCompare(b.displayName),
				),
			},
			[version],
		),
	),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const codeLayout = this.getNodeParameter('codeLayout', itemIndex) as string;
	const body: IDataObject = {
		reference: requireText(this, this.getNodeParameter('reference', itemIndex), 'Reference', itemIndex),
		quantity: requireInteger(this, this.getNodeParameter('quantity', itemIndex), 'Quantity', itemIndex),
		code_layout: codeLayout,
		printing_partner: requireInteger(
			this,
			this.getNodeParameter('printingPartner', itemIndex),
			'Printing Partner ID',
			itemIndex,
		),
	};
	if (codeLayout === 'custom') {
		body.custom_layout = requireInteger(
			this,
			this.getNodeParameter('customLayout', itemIndex),
			'Custom Layout ID',
			itemIndex,
		);
	}
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	for (const [key, given] of Object.entries(additional)) {
		const value = key === 'product' || key === 'template' ? readLocatorValue(this, given, key, undefined, itemIndex) : given;
		if (value === '' || value === undefined) continue;
		if (key === 'partner_permissions') {
			body[key] = String(value)
				.split(',')
				.map((permission) => permission.trim())
				.filter(Boolean);
		} else if (key === 'template' || key === 'substrate') {
			body[key] = requireInteger(this, value, key === 'template' ? 'Template Name or ID' : 'Substrate ID', itemIndex);
		} else {
			body[key] = value;
		}
	}
	const workorder = await createWorkorder(this, '/api/v2/workorders/create-sg/', body as IDataObject & { reference: string }, itemIndex);
	return [{ json: workorder }];
}
