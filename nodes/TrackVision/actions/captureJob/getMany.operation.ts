import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { filtersCollection, readLimit, returnAllOrLimit, toItems } from '../../../shared/descriptions';
import { buildListQuery, CREATED_RANGE_FILTERS, createdRangeFilters, listOptions } from '../query';
import { listItems } from '../../transport';

const show = { resource: ['captureJob'], operation: ['getMany'] };

function stateFilter(displayName: string, name: string, yes: string, no: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'options',
		default: '',
		options: [
			{ name: 'Any', value: '' },
			{ name: yes, value: 'true' },
			{ name: no, value: 'false' },
		],
	};
}

export const description: INodeProperties[] = [
	...returnAllOrLimit({ show }),
	filtersCollection({ show }, [
		...CREATED_RANGE_FILTERS,
		stateFilter('Running', 'running', 'Running', 'Finished'),
		stateFilter('Success', 'success', 'Succeeded', 'Failed'),
	]),
	listOptions(show),
];

interface Filters {
	running?: string;
	success?: string;
	createdAfter?: string;
	createdBefore?: string;
}

/** Capture jobs on /items/epcis_capture, newest first unless Sort says otherwise. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as Filters;
	const qs = buildListQuery(this, itemIndex, [
		filters.running ? { running: { _eq: filters.running === 'true' } } : {},
		filters.success ? { success: { _eq: filters.success === 'true' } } : {},
		...createdRangeFilters(this, filters, itemIndex),
	]);
	qs.sort ??= '-date_created';
	return toItems(await listItems(this, 'epcis_capture', qs, readLimit(this, itemIndex), itemIndex));
}
