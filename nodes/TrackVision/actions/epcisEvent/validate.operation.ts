import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { requireJsonObject } from '../../../shared/validation';
import { validateDocument } from '../../transport/epcis';
import type { InputMode } from './fields';
import { buildEvent, CONTEXT_OPTION, contextOf, documentOf, eventFields, inputModeField, readDocument, readEventList } from './fields';

const show = { resource: ['epcisEvent'], operation: ['validate'] };

export const description: INodeProperties[] = [
	inputModeField(show),
	...eventFields(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [CONTEXT_OPTION],
	},
];

/** The item's document: given whole, or built around its events. */
function documentOfItem(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const mode = ctx.getNodeParameter('input', itemIndex, 'fields') as InputMode;
	if (mode === 'document') return readDocument(ctx, itemIndex);
	const { context } = ctx.getNodeParameter('options', itemIndex, {}) as { context?: string | IDataObject };
	const documentContext = contextOf(requireJsonObject(ctx, context, 'Context (JSON)', itemIndex));
	const events = mode === 'events' ? readEventList(ctx, itemIndex) : [buildEvent(ctx, itemIndex, documentContext)];
	return documentOf(events, documentContext);
}

/** Asks TrackVision whether the item's document is valid EPCIS 2.0; nothing is stored. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const document = documentOfItem(this, itemIndex);
	const outcome = await validateDocument(this, document, itemIndex);
	const events = (document.epcisBody as IDataObject).eventList as IDataObject[];
	return [
		{
			json: {
				valid: outcome.valid,
				...(outcome.message ? { message: outcome.message } : {}),
				statusCode: outcome.statusCode,
				eventCount: events.length,
				eventIDs: events.map((event) => event.eventID).filter((id) => typeof id === 'string'),
				response: outcome.response as IDataObject,
				document,
			},
		},
	];
}
