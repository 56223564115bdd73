import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requireInteger } from './validation';

/** The largest Limit a list operation offers unless it says otherwise. */
export const DEFAULT_MAX_LIMIT = 1000;

/** The Filters collection of a list or a trigger, holding `options`, shown where `displayOptions` says. */
export function filtersCollection(displayOptions: IDisplayOptions, options: INodeProperties[]): INodeProperties {
	return { displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, displayOptions, options };
}

/** The "Return All" / "Limit" pair every list operation shows. */
export function returnAllOrLimit(displayOptions: IDisplayOptions, maxLimit = DEFAULT_MAX_LIMIT): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1, maxValue: maxLimit },
			description: 'Max number of results to return',
			displayOptions: { ...displayOptions, show: { ...displayOptions.show, returnAll: [false] } },
		},
	];
}

export function toItems<T extends object>(records: T[]) {
	return records.map((json) => ({ json: json as never }));
}

/**
 * Reads the pair above: `undefined` means return everything. A Limit outside
 * 1 to `maxLimit` (an expression can produce anything) stops the item before
 * any request.
 */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number, maxLimit = DEFAULT_MAX_LIMIT): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return requireInteger(ctx, ctx.getNodeParameter('limit', itemIndex, 50), 'Limit', itemIndex, 1, maxLimit);
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
