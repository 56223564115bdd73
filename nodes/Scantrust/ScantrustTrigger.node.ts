import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runPollingTrigger } from '../shared/polling';
import { listSearch, loadOptions } from './methods';
import * as newScan from './trigger/newScan';
import * as workorderCompleted from './trigger/workorderCompleted';

export class ScantrustTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Scantrust Trigger',
		name: 'scantrustTrigger',
		icon: { light: 'file:scantrust.svg', dark: 'file:scantrust.dark.svg' },
		group: ['trigger'],
		// 2: Campaign and Product as resource locators; Simplify on by default.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["event"] === "newScan" ? "New Scan" : "Workorder Completed"}}',
		// n8n's node panel lists this trigger and the action node as one entry and shows the trigger's
		// description for it, in the trigger list and in "What happens next?" alike: it speaks for both.
		description: 'Actions read products and scans and manage workorders; the trigger starts a workflow on new scans and completed workorders',
		defaults: { name: 'Scantrust Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'scantrustApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				default: 'workorderCompleted',
				options: [
					{
						name: 'New Scan',
						value: 'newScan',
						description: 'A scan of the campaign that matches the filters is recorded',
					},
					{
						name: 'Workorder Completed',
						value: 'workorderCompleted',
						description: 'A workorder is completed and its codes file is ready',
					},
				],
			},
			...workorderCompleted.properties,
			...newScan.properties,
		],
	};

	methods = {
		listSearch: { searchProductIds: listSearch.searchProductIds },
		loadOptions: { getProductIds: loadOptions.getProductIds },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		if (this.getNodeParameter('event') === 'newScan') {
			return await runPollingTrigger(this, newScan.newScanEvent(this));
		}
		return await runPollingTrigger(this, workorderCompleted.workorderCompletedEvent(this));
	}
}
