import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { filtersCollection, readLimit, returnAllOrLimit, toItems } from '../../../shared/descriptions';
import { scantrustList } from '../../transport';
import { archivedFilterOption, archivedQuery } from '../archivedFilter';
import { simplifyWorkorder, workorderSimplifyField } from './fields';
import { readSimplify } from '../../../shared/simplify';

const show = { resource: ['workorder'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...returnAllOrLimit({ show }),
	filtersCollection({ show }, [
		archivedFilterOption(true),
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			description: 'Matches the reference and the remarks',
		},
	]),
	workorderSimplifyField('getMany'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { archived?: string; search?: string };
	const qs: IDataObject = archivedQuery(filters.archived);
	if (filters.search) qs.search = filters.search;
	const workorders = await scantrustList(this, '/api/v2/workorders/', qs, readLimit(this, itemIndex), itemIndex);
	const simplify = readSimplify(this, itemIndex);
	return toItems(simplify ? workorders.map(simplifyWorkorder) : workorders);
}
