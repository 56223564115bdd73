import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** The "Return All" / "Limit" pair every list operation shows. */
export function returnAllOrLimit(displayOptions: IDisplayOptions, maxLimit = 1000): INodeProperties[] {
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

/** Reads the pair above: `undefined` means return everything. */
export function readLimit(
	ctx: { getNodeParameter(name: string, itemIndex: number, fallback?: unknown): unknown },
	itemIndex: number,
): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return ctx.getNodeParameter('limit', itemIndex, 50) as number;
}
