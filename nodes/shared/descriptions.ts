import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { runsAsTool, TOOL_MAX_LIMIT } from './tools';
import { requireInteger } from './validation';

/** The largest Limit a list operation offers unless it says otherwise. */
export const DEFAULT_MAX_LIMIT = 1000;

/** The Filters collection of a list or a trigger, holding `options`, shown where `displayOptions` says. */
export function filtersCollection(displayOptions: IDisplayOptions, options: INodeProperties[]): INodeProperties {
	return { displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, displayOptions, options };
}

/**
 * The "Return All" / "Limit" pair every list operation shows. The tool variant
 * ('@tool') shows a Limit of its own instead, up to TOOL_MAX_LIMIT and without
 * Return All: a model cannot know how large "all" is (a campaign holds
 * hundreds of thousands of scans), and an answer larger than its context
 * fails the whole conversation. It narrows with filters instead.
 */
export function returnAllOrLimit(displayOptions: IDisplayOptions, maxLimit = DEFAULT_MAX_LIMIT): INodeProperties[] {
	const show = { ...displayOptions.show, '@tool': [false] };
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { ...displayOptions, show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1, maxValue: maxLimit },
			description: 'Max number of results to return',
			displayOptions: { ...displayOptions, show: { ...show, returnAll: [false] } },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1, maxValue: Math.min(maxLimit, TOOL_MAX_LIMIT) },
			description: 'Max number of results to return',
			hint: `At most ${Math.min(maxLimit, TOOL_MAX_LIMIT)}. A tool offers no Return All, so that its answer fits the model's context.`,
			displayOptions: { ...displayOptions, show: { ...displayOptions.show, '@tool': [true] } },
		},
	];
}

export function toItems<T extends object>(records: T[]) {
	return records.map((json) => ({ json: json as never }));
}

/**
 * Reads the pair above: `undefined` means return everything. A Limit outside
 * 1 to `maxLimit` (an expression can produce anything) stops the item before
 * any request. A tool never returns everything, even when its saved
 * parameters say Return All, and its Limit stops at TOOL_MAX_LIMIT.
 */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number, maxLimit = DEFAULT_MAX_LIMIT): number | undefined {
	const tool = runsAsTool(ctx);
	if (!tool && (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean)) return undefined;
	const max = tool ? Math.min(maxLimit, TOOL_MAX_LIMIT) : maxLimit;
	return requireInteger(ctx, ctx.getNodeParameter('limit', itemIndex, 50), 'Limit', itemIndex, 1, max);
}

/** The action nodes' Request Options: how long to wait for the API and for downloads. Defaults are TIMEOUT_DEFAULTS in transport.ts (a unit test keeps them equal). */
export const requestOptionsDescription: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 120,
			description: 'How long one API call may take, from connecting to the last byte of its answer, before it fails',
		},
		{
			displayName: 'Download Idle Timeout (Seconds)',
			name: 'downloadIdleTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description:
				'How long a file download may go without receiving any data before it fails. A download that keeps receiving data is never cut off, however large.',
		},
	],
};
