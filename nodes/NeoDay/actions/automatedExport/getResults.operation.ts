import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readLimit, returnAllOrLimit, toItems } from '../../../shared/descriptions';
import { listResults } from '../../transport';
import { exportNameField, readExportName } from './fields';

const show = { resource: ['automatedExport'], operation: ['getResults'] };

export const description: INodeProperties[] = [
	...exportNameField(['getResults'], 'The export whose results (one per run) to list'),
	...returnAllOrLimit({ show }),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const exportName = readExportName(this, itemIndex);
	return toItems(await listResults(this, exportName, readLimit(this, itemIndex), itemIndex));
}
