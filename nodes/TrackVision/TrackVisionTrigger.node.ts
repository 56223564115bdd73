import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runPollingTrigger } from '../shared/polling';
import { newEpcisEvent, properties as epcisProperties } from './trigger/newEpcisEvent';
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
			'={{$parameter["event"] === "newIntegrityCheckResult" ? "New Integrity Check Result" : $parameter["event"] === "newScanEvent" ? "New Scan Event" : $parameter["event"] === "newEpcisEvent" ? "New EPCIS Event" : "New Integrity Check"}}',
		// n8n's node panel lists this trigger and the action node as one entry and shows the trigger's
		// description for it, in the trigger list and in "What happens next?" alike: it speaks for both.
		description:
			'Actions create, read and review integrity checks, read scan events, and capture and query EPCIS events; the trigger starts a workflow when a check, a result, a scan event or an EPCIS event is recorded',
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
						name: 'New EPCIS Event',
						value: 'newEpcisEvent',
						description: 'TrackVision records a GS1 EPCIS supply-chain event, e.g. a code commissioned, packed or shipped',
					},
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
			...epcisProperties,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as TrackVisionEvent | 'newEpcisEvent';
		return await runPollingTrigger(this, event === 'newEpcisEvent' ? newEpcisEvent(this) : newRecordEvent(this, event));
	}
}
