import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { requireDate, requireDateRange, requireJsonObject } from '../../shared/validation';

export const RESULT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Diverted', value: 'diverted', description: 'The code was checked in a market it should not be in' },
	{ name: 'Duplicated', value: 'duplicated', description: 'A unique code appeared more than once in a physically impossible way' },
	{ name: 'OK', value: 'ok', description: 'Nothing suspicious was found' },
	{ name: 'Unactivated', value: 'unactivated', description: 'The serial was not activated in an authorized factory' },
	{ name: 'Unrecognized', value: 'unrecognized', description: 'The serial is not known' },
];

export const CREATED_RANGE_FILTERS: INodeProperties[] = [
	{
		displayName: 'Created After',
		name: 'createdAfter',
		type: 'dateTime',
		default: '',
		description: 'Only records created after this moment',
	},
	{
		displayName: 'Created Before',
		name: 'createdBefore',
		type: 'dateTime',
		default: '',
		description: 'Only records created before this moment',
	},
];

/** The Options collection of every Get Many: advanced filter, fields, search and sort, plus `extra`. */
export function listOptions(show: IDisplayOptions['show'], extra: INodeProperties[] = []): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Fields',
			name: 'fields',
			type: 'string',
			default: '',
			placeholder: 'check_mode,date_created,result',
			description: 'Comma-separated fields to return. Leave empty for all fields.',
		},
		{
			displayName: 'Filter (JSON)',
			name: 'filterJson',
			type: 'json',
			default: '{}',
			description:
				'A Directus filter object, combined with the filters above through _and, e.g. {"notes": {"_icontains": "duplicate"}}',
		},
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			description: 'Only records with this text in one of their text fields',
		},
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'string',
			default: '',
			placeholder: '-date_created',
			description: 'Comma-separated fields to sort by; a leading - sorts in descending order',
		},
		...extra,
	];
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

export const INCLUDE_RESULT_OPTION: INodeProperties = {
	displayName: 'Include Result',
	name: 'includeResult',
	type: 'boolean',
	default: false,
	description: 'Whether to return the related integrity check result as an object instead of its ID',
};

export function commaList(value: unknown): string[] {
	return String(value ?? '')
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
}

/** The `fields` parameter; expanding the result relation needs `result.*` on top of the chosen fields. */
export function fieldsParameter(fields: unknown, includeResult: boolean): string | undefined {
	const list = commaList(fields);
	if (!includeResult) return list.length ? list.join(',') : undefined;
	if (!list.length) list.push('*');
	if (!list.includes('result.*')) list.push('result.*');
	return list.join(',');
}

/**
 * `{field: {_eq}}` for one value, `{field: {_in}}` for several, nothing for
 * none. `exclude` gives `_neq` and `_nin`, which in SQL also leave out
 * records where the field is null.
 */
export function valueFilter(field: string, values: string[], exclude = false): IDataObject {
	const unique = [...new Set(values)];
	if (unique.length === 0) return {};
	if (unique.length === 1) return { [field]: { [exclude ? '_neq' : '_eq']: unique[0] } };
	return { [field]: { [exclude ? '_nin' : '_in']: unique } };
}

/**
 * A condition on a check's outcome. The check's `result` is a relation, so
 * the condition applies to the `result` field of the related record; a check
 * that has no result yet never matches.
 */
export function checkResultFilter(condition: IDataObject): IDataObject {
	return Object.keys(condition).length ? { result: condition } : {};
}

/**
 * Directus reads only the first operator of a field's condition, so each
 * condition is its own part and several parts are joined with `_and`.
 */
export function combineFilters(parts: IDataObject[]): IDataObject | undefined {
	const conditions = parts.filter((part) => Object.keys(part).length > 0);
	if (conditions.length <= 1) return conditions[0];
	return { _and: conditions };
}

/** `field` after and before two moments, each its own condition (see combineFilters); `labels` name the two fields in errors. */
export function dateRangeFilters(
	ctx: IExecuteFunctions,
	field: string,
	[afterLabel, beforeLabel]: [string, string],
	after: string | undefined,
	before: string | undefined,
	itemIndex: number,
): IDataObject[] {
	if (after && before) {
		const { from, to } = requireDateRange(ctx, after, before, [afterLabel, beforeLabel], itemIndex);
		return [{ [field]: { _gt: from.toISOString() } }, { [field]: { _lt: to.toISOString() } }];
	}
	if (after) return [{ [field]: { _gt: requireDate(ctx, after, afterLabel, itemIndex).toISOString() } }];
	if (before) return [{ [field]: { _lt: requireDate(ctx, before, beforeLabel, itemIndex).toISOString() } }];
	return [];
}

export function createdRangeFilters(
	ctx: IExecuteFunctions,
	filters: { createdAfter?: string; createdBefore?: string },
	itemIndex: number,
): IDataObject[] {
	return dateRangeFilters(ctx, 'date_created', ['Created After', 'Created Before'], filters.createdAfter, filters.createdBefore, itemIndex);
}

interface ListOptions {
	fields?: string;
	filterJson?: unknown;
	includeResult?: boolean;
	search?: string;
	sort?: string;
}

/** Query parameters of a Get Many: the simple filters and the advanced one in one `filter`, then fields, search and sort. */
export function buildListQuery(ctx: IExecuteFunctions, itemIndex: number, simpleFilters: IDataObject[]): IDataObject {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as ListOptions;
	const advanced = requireJsonObject(ctx, options.filterJson, 'Filter (JSON)', itemIndex);
	const filter = combineFilters([...simpleFilters, advanced]);
	const qs: IDataObject = {};
	if (filter) qs.filter = JSON.stringify(filter);
	const fields = fieldsParameter(options.fields, options.includeResult === true);
	if (fields) qs.fields = fields;
	if (options.search?.trim()) qs.search = options.search.trim();
	const sort = commaList(options.sort);
	if (sort.length) qs.sort = sort.join(',');
	return qs;
}
