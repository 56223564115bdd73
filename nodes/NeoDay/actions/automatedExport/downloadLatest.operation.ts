import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { listExports } from '../../transport';
import { readDownloadSettings, resultItems } from './download';
import { downloadOutputFields, exportNameField, readExportName } from './fields';

export const description: INodeProperties[] = [
	...exportNameField(['downloadLatest'], 'The export whose most recent result to download'),
	...downloadOutputFields(['downloadLatest']),
	{
		displayName: 'If the Export Has Never Run',
		name: 'ifNeverRun',
		type: 'options',
		default: 'error',
		options: [
			{ name: 'Stop With an Error', value: 'error' },
			{ name: 'Return No Items', value: 'noItems' },
		],
		description: 'What to do when the export exists but has no result yet',
		displayOptions: { show: { resource: ['automatedExport'], operation: ['downloadLatest'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const exportName = readExportName(this, itemIndex);
	const exports = await listExports(this, itemIndex);
	const found = exports.find((entry) => entry.system_name === exportName);
	if (!found) {
		const names = exports.map((entry) => entry.system_name);
		throw new NodeOperationError(this.getNode(), `NeoDay has no automated export named "${exportName}"`, {
			itemIndex,
			description: names.length
				? `The gateway lists: ${names.join(', ')}.`
				: 'The gateway lists no automated exports for this client. Ask NeoDay to set one up.',
		});
	}
	if (!found.last_run) {
		if (this.getNodeParameter('ifNeverRun', itemIndex, 'error') === 'noItems') return [];
		throw new NodeOperationError(this.getNode(), `Export "${exportName}" has never run, so it has no result to download`, {
			itemIndex,
			description:
				'Wait for its first scheduled run, or set "If the Export Has Never Run" to "Return No Items" to let the workflow go on.',
		});
	}
	return await resultItems(this, exportName, found.last_run, readDownloadSettings(this, itemIndex), itemIndex);
}
