import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runPollingTrigger } from '../shared/polling';
import { loadOptions } from './methods';
import * as newExportResult from './trigger/newExportResult';

export class NeoDayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NeoDay Trigger',
		name: 'neoDayTrigger',
		icon: { light: 'file:neoday.svg', dark: 'file:neoday.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'New Export Result',
		// n8n's node panel lists this trigger and the action node as one entry and shows the trigger's
		// description for it, in the trigger list and in "What happens next?" alike: it speaks for both.
		description: 'Actions download automated data exports; the trigger starts a workflow when an export has a new result',
		defaults: { name: 'NeoDay Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'neoDayGatewayOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				default: 'newExportResult',
				options: [
					{
						name: 'New Export Result',
						value: 'newExportResult',
						description: 'An automated export of the gateway ran and has a new result',
					},
				],
			},
			...newExportResult.properties,
		],
	};

	methods = { loadOptions: { getExportNames: loadOptions.getExportNames } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await runPollingTrigger(this, newExportResult.newExportResultEvent(this));
	}
}
