import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { filtersCollection, readLimit, returnAllOrLimit, toItems } from '../../../shared/descriptions';
import { buildListQuery, CREATED_RANGE_FILTERS, createdRangeFilters, listOptions, valueFilter } from '../query';
import { listItems } from '../../transport';
import { CHECK_SOURCE_OPTIONS, RESULT_OUTCOME_FILTER, resultSimplifyField, resultStatusFilter, simplifyResult } from './fields';
import { readSimplify } from '../../../shared/simplify';

const show = { resource: ['integrityCheckResult'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...returnAllOrLimit({ show }),
	filtersCollection({ show }, [
		{
			displayName: 'Check Source',
			name: 'checkSources',
			type: 'multiOptions',
			default: [],
			options: CHECK_SOURCE_OPTIONS,
			description: 'Only results of checks from one of these sources',
		},
		...CREATED_RANGE_FILTERS,
		RESULT_OUTCOME_FILTER,
		resultStatusFilter('Only results in one of these review states'),
	]),
	listOptions(show),
	resultSimplifyField('getMany'),
];

interface ResultFilters {
	checkSources?: string[];
	results?: string[];
	statuses?: string[];
	createdAfter?: string;
	createdBefore?: string;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as ResultFilters;
	const qs = buildListQuery(this, itemIndex, [
		valueFilter('result', filters.results ?? []),
		valueFilter('status', filters.statuses ?? []),
		valueFilter('check_source', filters.checkSources ?? []),
		...createdRangeFilters(this, filters, itemIndex),
	]);
	const results = await listItems(this, 'integrity_check_result', qs, readLimit(this, itemIndex), itemIndex);
	const simplify = readSimplify(this, itemIndex);
	return toItems(simplify ? results.map(simplifyResult) : results);
}
