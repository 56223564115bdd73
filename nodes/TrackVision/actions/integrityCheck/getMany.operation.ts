import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { filtersCollection, readLimit, returnAllOrLimit, toItems } from '../../../shared/descriptions';
import {
	buildListQuery,
	checkResultFilter,
	commaList,
	CREATED_RANGE_FILTERS,
	createdRangeFilters,
	INCLUDE_RESULT_OPTION,
	listOptions,
	RESULT_OPTIONS,
	valueFilter,
} from '../query';
import { listItems } from '../../transport';
import { CHECK_MODE_OPTIONS, checkSimplifyField, simplifyCheck } from './fields';
import { readSimplify } from '../../../shared/simplify';

const show = { resource: ['integrityCheck'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...returnAllOrLimit({ show }),
	filtersCollection({ show }, [
		{
			displayName: 'Check Mode',
			name: 'checkModes',
			type: 'multiOptions',
			default: [],
			options: CHECK_MODE_OPTIONS,
			description: 'Only checks submitted in one of these ways',
		},
		...CREATED_RANGE_FILTERS,
		{
			displayName: 'Other Check Modes',
			name: 'otherCheckModes',
			type: 'string',
			default: '',
			placeholder: 'automatic',
			description: 'Comma-separated check modes that are not in the list above',
		},
		{
			displayName: 'Result',
			name: 'results',
			type: 'multiOptions',
			default: [],
			options: RESULT_OPTIONS,
			description: 'Only checks whose integrity check result is one of these',
		},
	]),
	listOptions(show, [INCLUDE_RESULT_OPTION]),
	checkSimplifyField(show),
];

interface CheckFilters {
	checkModes?: string[];
	otherCheckModes?: string;
	results?: string[];
	createdAfter?: string;
	createdBefore?: string;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as CheckFilters;
	const qs = buildListQuery(this, itemIndex, [
		checkResultFilter(valueFilter('result', filters.results ?? [])),
		valueFilter('check_mode', [...(filters.checkModes ?? []), ...commaList(filters.otherCheckModes)]),
		...createdRangeFilters(this, filters, itemIndex),
	]);
	const checks = await listItems(this, 'integrity_check', qs, readLimit(this, itemIndex), itemIndex);
	const simplify = readSimplify(this, itemIndex);
	return toItems(simplify ? checks.map(simplifyCheck) : checks);
}
