import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { requireJsonObject } from '../../../shared/validation';
import { apiBaseUrl } from '../../../shared/transport';
import { customEventSchemaId, defineCustomEvent, neoDayProfile } from '../../transport';
import { eventNameField, readEventName } from './fields';
import { inItem } from '../../../shared/tools';

const show = { resource: ['customEvent'], operation: ['define'] };

export const description: INodeProperties[] = [
	eventNameField(['define'], 'The name of the event to define; events are later sent under this name'),
	{
		displayName: 'Schema (JSON)',
		name: 'schema',
		type: 'json',
		default: '{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",\n  "type": "object",\n  "properties": {}\n}',
		required: true,
		description:
			'The JSON Schema of the data the event carries. NeoDay requires the schema to identify itself by the address it is defined at (the gateway URL followed by /api/1/terminal/events/ and the event name); the node fills that in when the schema leaves it out.',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const eventName = readEventName(this, itemIndex);
	const schema = requireJsonObject(this, this.getNodeParameter('schema', itemIndex), 'Schema (JSON)', itemIndex);
	const schemaId = customEventSchemaId(await apiBaseUrl(this, neoDayProfile), eventName);
	if (schema.$id !== undefined && schema.$id !== schemaId) {
		throw new NodeOperationError(
			this.getNode(),
			`Invalid "Schema (JSON)"${inItem(this, itemIndex)}: its "$id" is ${JSON.stringify(schema.$id)}, but NeoDay requires ${schemaId}`,
			{ itemIndex, description: `Set "$id" to ${schemaId}, or leave it out and the node fills it in.` },
		);
	}
	const body: IDataObject = { $id: schemaId, ...schema };
	await defineCustomEvent(this, eventName, body, itemIndex);
	return [{ json: { event_name: eventName, schema_id: schemaId, defined: true } }];
}
