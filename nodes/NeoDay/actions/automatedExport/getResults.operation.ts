import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readLimit, returnAllOrLimit, toItems } from '../../../shared/descriptions';
import { requireText } from '../../../shared/validation';
import { listResults } from '../../transport';
import { exportNameField } from './fields';

const show = { resource: ['automatedExport'], operation: ['getResults'] };

export const description: INodeProperties[] = [
	exportNameField(['getResults'], 'The export whose results (one per run) to list'),
	...returnAllOrLimit({ show }),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const exportName = requireText(this, this.getNodeParameter('exportName', itemIndex), 'Export Name or ID', itemIndex);
	return toItems(await listResults(this, exportName, readLimit(this, itemIndex), itemIndex));
}
