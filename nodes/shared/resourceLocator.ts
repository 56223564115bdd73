import type {
	IExecuteFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodeParameterResourceLocator,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { inItem } from './tools';

/** Shows a property only on the node versions given, as n8n's versioned nodes do. */
export function onVersions(property: INodeProperties, versions: number[]): INodeProperties {
	const show = { ...(property.displayOptions?.show ?? {}), '@version': versions };
	return { ...property, displayOptions: { ...property.displayOptions, show } };
}

export interface UrlMode {
	/** What a whole valid URL looks like; n8n checks the field against it. */
	validation: string;
	/** Finds the ID in the URL; its first group is the ID. */
	extract: string;
	placeholder: string;
	hint?: string;
	errorMessage: string;
}

/**
 * A resource locator as n8n's best nodes have it: "From list" (searchable,
 * through `searchListMethod`), "By ID" and, where the portal has a URL form,
 * "By URL".
 */
export function locatorField(options: {
	displayName: string;
	name: string;
	description: string;
	searchListMethod?: string;
	id: { regex?: string; placeholder: string; errorMessage?: string; displayName?: string };
	url?: UrlMode;
	displayOptions?: INodeProperties['displayOptions'];
	required?: boolean;
}): INodeProperties {
	const { id, url } = options;
	const property: INodeProperties = {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: options.searchListMethod ? 'list' : 'id', value: '' },
		required: options.required ?? true,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			{
				displayName: id.displayName ?? 'By ID',
				name: 'id',
				type: 'string',
				placeholder: id.placeholder,
				validation: id.regex
					? [{ type: 'regex', properties: { regex: id.regex, errorMessage: id.errorMessage ?? 'Not a valid ID' } }]
					: undefined,
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: url?.placeholder,
				hint: url?.hint,
				validation: [{ type: 'regex', properties: { regex: url?.validation ?? '', errorMessage: url?.errorMessage ?? '' } }],
				extractValue: { type: 'regex', regex: url?.extract ?? '' },
			},
		],
		displayOptions: options.displayOptions,
	};
	// The list needs a search method, and "By URL" a URL form the vendor documents.
	property.modes = property.modes?.filter(
		(mode) => (mode.name !== 'list' || options.searchListMethod) && (mode.name !== 'url' || url),
	);
	return property;
}

/**
 * A field that is plain (text or a dropdown) in version 1 and a resource
 * locator from version 2, under the same parameter name, so workflows saved
 * with version 1 keep their value.
 */
export function fieldByVersion(
	v1: INodeProperties,
	locator: Omit<Parameters<typeof locatorField>[0], 'name' | 'displayOptions' | 'description'> & { description?: string },
): INodeProperties[] {
	return [
		onVersions(v1, [1]),
		onVersions(
			locatorField({ ...locator, name: v1.name, description: locator.description ?? v1.description ?? '', displayOptions: v1.displayOptions }),
			[2],
		),
	];
}

function isLocator(value: unknown): value is INodeParameterResourceLocator {
	return !!value && typeof value === 'object' && '__rl' in value;
}

/**
 * The value of a parameter that is a resource locator in new node versions
 * and plain text in old ones. A "By URL" value is reduced to its ID with the
 * mode's pattern; plain text that matches the pattern is reduced too, so an
 * old workflow may also be given a URL.
 */
export function readLocatorValue(
	ctx: IExecuteFunctions | IPollFunctions,
	value: unknown,
	displayName: string,
	url: UrlMode | undefined,
	itemIndex: number,
): string {
	const raw = isLocator(value) ? value.value : value;
	const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	const match = url ? new RegExp(url.extract).exec(text) : null;
	if (match?.[1]) return match[1];
	if (isLocator(value) && value.mode === 'url' && text) {
		throw new NodeOperationError(ctx.getNode(), `${displayName} "${text}"${inItem(ctx, itemIndex)} is not a URL this field understands`, {
			itemIndex,
			description: `Paste a URL like ${url?.placeholder ?? 'the one in the placeholder'}, or switch the field to "By ID".`,
		});
	}
	return text;
}

/** Filters a whole list the API cannot search by the text the user typed, case-insensitively. */
export function searchLocally(
	entries: INodeListSearchItems[],
	filter: string | undefined,
	texts: (entry: INodeListSearchItems) => string[] = (entry) => [entry.name, String(entry.value)],
): INodeListSearchResult {
	const term = (filter ?? '').trim().toLowerCase();
	return {
		results: term ? entries.filter((entry) => texts(entry).some((text) => text.toLowerCase().includes(term))) : entries,
	};
}
