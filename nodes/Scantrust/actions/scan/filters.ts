import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties, IPollFunctions } from 'n8n-workflow';
import type { UrlMode } from '../../../shared/resourceLocator';
import { fieldByVersion, locatorField, onVersions, readLocatorValue } from '../../../shared/resourceLocator';
import { simplifyField, simplifyRecord } from '../../../shared/simplify';
import { requireDateRange, requireInteger } from '../../../shared/validation';
import { filtersCollection } from '../../../shared/descriptions';

export const KNOWN_FLAGS = [
	{ name: 'Blacklisted', value: 'blacklisted' },
	{ name: 'Counterfeit', value: 'counterfeit' },
	{ name: 'Genuine', value: 'genuine' },
	{ name: 'Out of Market', value: 'out-of-market' },
];

/**
 * The portal's campaign dashboard, e.g.
 * https://portal.scantrust.com/#/dashboard?tabIndex=0&campaignId=126&page=1.
 * No campaigns endpoint is documented, so there is no list to pick from.
 */
export const CAMPAIGN_URL: UrlMode = {
	validation: 'https?://\\S*[?&]campaignId=\\d+\\S*',
	extract: '[?&]campaignId=(\\d+)',
	errorMessage: 'Not a dashboard URL with a campaignId',
	placeholder: 'https://portal.scantrust.com/#/dashboard?tabIndex=0&campaignId=126&page=1',
	hint: 'The campaign dashboard in the Scantrust portal',
};

/** What Simplify keeps of a scan: when, what was scanned, the verdict, and where. */
export const SIMPLE_SCAN_FIELDS = [
	'uuid',
	'scan_timestamp',
	'result',
	'computed_status',
	'flags',
	'activation_status',
	'serial_number',
	'code_id',
	'product_id',
	'product_sku',
	'product_name',
	'country_code',
	'city',
	'scm_data',
] as const;

export function scanSimplifyField(show: IDataObject): INodeProperties {
	return simplifyField(show as never, SIMPLE_SCAN_FIELDS, [2]);
}

export function simplifyScan(scan: IDataObject): IDataObject {
	return simplifyRecord(scan, SIMPLE_SCAN_FIELDS);
}

function campaignFields(displayOptions: INodeProperties['displayOptions']): INodeProperties[] {
	return fieldByVersion(
		{
			displayName: 'Campaign ID',
			name: 'campaignId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '126',
			hint: 'In the portal, open the campaign dashboard: the ID is the campaignId in its URL. The URL itself works too.',
			displayOptions,
		},
		{
			displayName: 'Campaign',
			description: 'The campaign whose scans to read: its ID, or the URL of its dashboard in the Scantrust portal',
			id: { regex: '\\d+', placeholder: '126', errorMessage: 'A campaign ID is a whole number' },
			url: CAMPAIGN_URL,
		},
	);
}

function productFilter(version: number): INodeProperties {
	if (version === 1) {
		return {
			displayName: 'Product Name or ID',
			name: 'productId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getProductIds' },
			default: '',
			description:
				'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			hint: 'Only scans of this product (the numeric product ID, not the SKU)',
		};
	}
	return locatorField({
		displayName: 'Product',
		name: 'productId',
		description: 'Only scans of this product: pick it by name or SKU, or enter its numeric product ID',
		searchListMethod: 'searchProductIds',
		id: { regex: '\\d+', placeholder: '1919', errorMessage: 'A product ID is a whole number (not the SKU)' },
		required: false,
	});
}

/**
 * The dashboard filters shared by Get Many, Export CSV and the New Scan
 * trigger. `withTimeRange` is off for the trigger, which keeps its own cursor.
 */
export function scanFilterFields(
	show: IDataObject,
	{ withTimeRange = true }: { withTimeRange?: boolean } = {},
): INodeProperties[] {
	const displayOptions = { show } as IDisplayOptions;
	const timeRange: INodeProperties[] = [
		{
			displayName: 'Time Range',
			name: 'timeRange',
			type: 'options',
			default: 'none',
			displayOptions,
			options: [
				{ name: 'All Time', value: 'none' },
				{ name: 'Timeframe', value: 'timeframe', description: 'A period ending now' },
				{ name: 'Date Range', value: 'dateRange', description: 'From one date to another' },
			],
		},
		{
			displayName: 'Timeframe',
			name: 'timeframe',
			type: 'options',
			default: '1m',
			displayOptions: { show: { ...show, timeRange: ['timeframe'] } },
			options: [
				{ name: 'Last Day', value: '1d' },
				{ name: 'Last Week', value: '1w' },
				{ name: 'Last Month', value: '1m' },
				{ name: 'Last Year', value: '1y' },
			],
		},
		{
			displayName: 'From',
			name: 'dateFrom',
			type: 'dateTime',
			default: '',
			required: true,
			displayOptions: { show: { ...show, timeRange: ['dateRange'] } },
		},
		{
			displayName: 'To',
			name: 'dateTo',
			type: 'dateTime',
			default: '',
			required: true,
			displayOptions: { show: { ...show, timeRange: ['dateRange'] } },
		},
	];
	return [
		...campaignFields(displayOptions),
		...(withTimeRange ? timeRange : []),
		...[1, 2].map((version) =>
			onVersions(
				filtersCollection(displayOptions, [
					{
						displayName: 'Activation Status',
						name: 'activationStatus',
						type: 'options',
						default: 1,
						options: [
							{ name: 'Inactive', value: 0 },
							{ name: 'Active', value: 1 },
							{ name: 'Blacklisted', value: 2 },
						],
					},
					{
						displayName: 'Flags',
						name: 'flags',
						type: 'multiOptions',
						default: [],
						options: KNOWN_FLAGS,
						description: 'Only scans with one of these flags',
					},
					{
						displayName: 'Other Flags',
						name: 'otherFlags',
						type: 'string',
						default: '',
						placeholder: 'suspicious,new-flag',
						description: 'Comma-separated flags not in the list above',
					},
					productFilter(version),
					{
						displayName: 'SCM Fields',
						name: 'scm',
						type: 'fixedCollection',
						placeholder: 'Add SCM Field',
						default: {},
						typeOptions: { multipleValues: true },
						description: "Supply-chain fields of the campaign, such as intended_market. Keys are in the campaign's SCM T&T tab.",
						options: [
							{
								displayName: 'Field',
								name: 'fields',
								values: [
									{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'intended_market' },
									{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'zh' },
								],
							},
						],
					},
				]),
				[version],
			),
		),
	];
}

interface ScanFilters {
	activationStatus?: number;
	flags?: string[];
	otherFlags?: string;
	productId?: unknown;
	scm?: { fields?: Array<{ key: string; value: string }> };
}

/** Validates the filter fields of one item and turns them into the dashboard query. */
export function buildScanQuery(
	ctx: IExecuteFunctions | IPollFunctions,
	itemIndex: number,
	{ withTimeRange = true }: { withTimeRange?: boolean } = {},
): IDataObject {
	const campaign = readLocatorValue(ctx, ctx.getNodeParameter('campaignId', itemIndex), 'Campaign', CAMPAIGN_URL, itemIndex);
	const qs: IDataObject = { campaign_id: requireInteger(ctx, campaign, 'Campaign ID', itemIndex) };
	if (withTimeRange) {
		const timeRange = ctx.getNodeParameter('timeRange', itemIndex, 'none') as string;
		if (timeRange === 'timeframe') {
			qs.timeframe = ctx.getNodeParameter('timeframe', itemIndex) as string;
		} else if (timeRange === 'dateRange') {
			const { from, to } = requireDateRange(
				ctx,
				ctx.getNodeParameter('dateFrom', itemIndex, ''),
				ctx.getNodeParameter('dateTo', itemIndex, ''),
				['From', 'To'],
				itemIndex,
			);
			qs.date_from = from.toISOString();
			qs.date_to = to.toISOString();
		}
	}
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as ScanFilters;
	const flags = [
		...(filters.flags ?? []),
		...(filters.otherFlags ?? '')
			.split(',')
			.map((flag) => flag.trim())
			.filter(Boolean),
	];
	if (flags.length) qs.flags = [...new Set(flags)].join(',');
	if (filters.activationStatus !== undefined) qs.activation_status = filters.activationStatus;
	const productField = ctx.getNode().typeVersion === 1 ? 'Product Name or ID' : 'Product';
	const product = readLocatorValue(ctx, filters.productId, productField, undefined, itemIndex);
	if (product !== '') qs.product = requireInteger(ctx, product, productField, itemIndex);
	for (const { key, value } of filters.scm?.fields ?? []) {
		const scmKey = key.trim().replace(/^scm_/, '');
		if (scmKey) qs[`scm_${scmKey}`] = value;
	}
	return qs;
}
