import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runPollingTrigger } from '../shared/polling';
import type { TrackVisionEvent } from './trigger/newRecord';
import { newRecordEvent, properties } from './trigger/newRecord';

export class TrackVisionTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TrackVision Trigger',
		name: 'trackVisionTrigger',
		icon: { light: 'file:trackvision.svg', dark: 'file:trackvision.dark.svg' },
		group: ['trigger'],
		// 2: Simplify on by default.
		version: [1, 2],
		defaultVersion: 2,
		subtitle:
			'={{$parameter["event"] === "newIntegrityCheckResult" ? "New Integrity Check Result" : $parameter["event"] === "newScanEvent" ? "New Scan Event" : "New Integrity Check"}}',
		// n8n's node panel lists this trigger and the action node as one entry and shows the trigger's
		// description for it, in the trigger list and in "What happens next?" alike: it speaks for both.
		description:
			'Actions create, read and review integrity checks and read scan events; the trigger starts a workflow when a check, a result or a scan event is created',
		defaults: { name: 'TrackVision Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'trackVisionApi', required: true, testedBy: 'trackVisionApiTest' }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				default: 'newIntegrityCheck',
				options: [
					{
						name: 'New Integrity Check',
						value: 'newIntegrityCheck',
						description: 'A code is checked, by a consumer or an inspector',
					},
					{
						name: 'New Integrity Check Result',
						value: 'newIntegrityCheckResult',
						description: 'TrackVision records the outcome of a check, e.g. duplicated or diverted',
					},
					{
						name: 'New Scan Event',
						value: 'newScanEvent',
						description: "A consumer loads a product's Digital Link, usually by scanning its code with a phone",
					},
				],
			},
			...properties,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await runPollingTrigger(this, newRecordEvent(this, this.getNodeParameter('event') as TrackVisionEvent));
	}
}
