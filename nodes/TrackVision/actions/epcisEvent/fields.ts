import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { invalidField, parseJsonParameter, requireJsonObject } from '../../../shared/validation';
import { epcisEventHashId } from '../../epcis/eventHashId';

/** The five EPCIS 2.0 event types; TrackVision's capture page says it accepts all of them. */
export const EVENT_TYPES = ['ObjectEvent', 'AggregationEvent', 'TransactionEvent', 'TransformationEvent', 'AssociationEvent'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const ACTIONS = ['ADD', 'OBSERVE', 'DELETE'];

/** The CBV 2.0 business steps, as the EPCIS 2.0 JSON schema lists them (bare words). */
export const CBV_BIZ_STEPS = [
	'accepting', 'arriving', 'assembling', 'collecting', 'commissioning', 'consigning', 'creating_class_instance', 'cycle_counting',
	'decommissioning', 'departing', 'destroying', 'disassembling', 'dispensing', 'encoding', 'entering_exiting', 'holding', 'inspecting',
	'installing', 'killing', 'loading', 'other', 'packing', 'picking', 'receiving', 'removing', 'repackaging', 'repairing', 'replacing',
	'reserving', 'retail_selling', 'sampling', 'sensor_reporting', 'shipping', 'staging_outbound', 'stock_taking', 'stocking', 'storing',
	'transporting', 'unloading', 'unpacking', 'void_shipping',
];

/** The CBV 2.0 dispositions, as the EPCIS 2.0 JSON schema lists them (bare words). */
export const CBV_DISPOSITIONS = [
	'active', 'available', 'completeness_inferred', 'completeness_verified', 'conformant', 'container_closed', 'container_open', 'damaged',
	'destroyed', 'dispensed', 'disposed', 'encoded', 'expired', 'in_progress', 'in_transit', 'inactive', 'mismatch_class',
	'mismatch_instance', 'mismatch_quantity', 'needs_replacement', 'no_pedigree_match', 'non_conformant', 'non_sellable_other',
	'partially_dispensed', 'recalled', 'reserved', 'retail_sold', 'returned', 'sellable_accessible', 'sellable_not_accessible', 'stolen',
	'unavailable', 'unknown',
];

const words = (value: string) => value.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());

export const CUSTOM = '__custom';

function vocabularyOptions(values: string[]): INodePropertyOptions[] {
	return [
		{ name: 'None', value: '' },
		...values.map((value) => ({ name: words(value), value })),
		{ name: 'Custom…', value: CUSTOM, description: 'A value of your own vocabulary, as a URI or a CURIE whose prefix the document defines' },
	];
}

export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

export type InputMode = 'fields' | 'document' | 'events';

/** The Context option of the operations that build documents. */
export const CONTEXT_OPTION: INodeProperties = {
	displayName: 'Context (JSON)',
	name: 'context',
	type: 'json',
	default: '{}',
	description: 'Namespaces your extension fields use, added to the @context of the documents the node builds, e.g. {"example": "https://ns.example.com/epcis/"}',
};

/** The Event Type filter of Get Many and the trigger (the standard's eventType). */
export const EVENT_TYPE_FILTER: INodeProperties = {
	displayName: 'Event Type',
	name: 'eventTypes',
	type: 'multiOptions',
	default: [],
	options: EVENT_TYPES.map((value) => ({ name: value.replace(/Event$/, ' Event'), value })),
	description: 'Only events of these types (eventType)',
};

/** How the events of an item are given: built from fields, a whole EPCISDocument, or a list of events. */
export function inputModeField(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Input',
		name: 'input',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show },
		options: [
			{ name: 'Build From Fields', value: 'fields', description: 'One event per input item, from the fields below' },
			{ name: 'EPCIS Document (JSON)', value: 'document', description: 'A whole EPCISDocument per input item, sent as it is' },
			{ name: 'Event List (JSON)', value: 'events', description: 'A JSON list of EPCIS events per input item' },
		],
		default: 'fields',
	};
}

const has = (show: IDisplayOptions['show'], extra: IDataObject) => ({ show: { ...show, ...extra } }) as IDisplayOptions;

/** The form of one event, and the JSON fields of the other two inputs. */
export function eventFields(show: IDisplayOptions['show']): INodeProperties[] {
	const fromFields = has(show, { input: ['fields'] });
	const ofTypes = (...types: EventType[]) => has(show, { input: ['fields'], eventType: types });
	return [
		{
			displayName: 'Event Type',
			name: 'eventType',
			type: 'options',
			displayOptions: fromFields,
			options: EVENT_TYPES.map((value) => ({ name: value.replace(/Event$/, ' Event'), value })),
			default: 'ObjectEvent',
			description: 'The kind of EPCIS event: what happened to the objects (Object), packing them into a container (Aggregation), their link to a business transaction (Transaction), turning inputs into outputs (Transformation), or assets joined to something (Association)',
		},
		{
			displayName: 'Action',
			name: 'epcisAction',
			type: 'options',
			displayOptions: ofTypes('ObjectEvent', 'AggregationEvent', 'TransactionEvent', 'AssociationEvent'),
			options: [
				{ name: 'ADD', value: 'ADD', description: 'The objects were created or commissioned, or added to the parent' },
				{ name: 'OBSERVE', value: 'OBSERVE', description: 'The objects were seen, without changing them' },
				{ name: 'DELETE', value: 'DELETE', description: 'The objects were decommissioned, or removed from the parent' },
			],
			default: 'OBSERVE',
		},
		{
			displayName: 'EPCs',
			name: 'epcList',
			type: 'string',
			default: '',
			required: true,
			displayOptions: ofTypes('ObjectEvent', 'TransactionEvent'),
			description: 'The identifiers of the objects, EPC URIs (SGTIN and others) or GS1 Digital Link URIs, separated by commas or new lines, or an expression that gives a list',
		},
		{
			displayName: 'Parent ID',
			name: 'parentID',
			type: 'string',
			default: '',
			required: true,
			displayOptions: ofTypes('AggregationEvent', 'AssociationEvent'),
			description: 'The container (Aggregation), e.g. an SSCC, or the asset (Association) the children belong to',
		},
		{
			displayName: 'Child EPCs',
			name: 'childEPCs',
			type: 'string',
			default: '',
			displayOptions: ofTypes('AggregationEvent', 'AssociationEvent'),
			description: 'The identifiers of the children, separated by commas or new lines, or an expression that gives a list',
		},
		{
			displayName: 'Input EPCs',
			name: 'inputEPCList',
			type: 'string',
			default: '',
			displayOptions: ofTypes('TransformationEvent'),
			description: 'The identifiers of the objects consumed, separated by commas or new lines, or an expression that gives a list',
		},
		{
			displayName: 'Output EPCs',
			name: 'outputEPCList',
			type: 'string',
			default: '',
			displayOptions: ofTypes('TransformationEvent'),
			description: 'The identifiers of the objects produced, separated by commas or new lines, or an expression that gives a list',
		},
		{
			displayName: 'Business Step',
			name: 'bizStep',
			type: 'options',
			displayOptions: fromFields,
			options: vocabularyOptions(CBV_BIZ_STEPS),
			default: '',
			description: 'What business process step the event belongs to, from the CBV 2.0 list',
		},
		{
			displayName: 'Custom Business Step',
			name: 'customBizStep',
			type: 'string',
			default: '',
			displayOptions: has(show, { input: ['fields'], bizStep: [CUSTOM] }),
			placeholder: 'https://ns.example.com/epcis/bizstep/labelling',
		},
		{
			displayName: 'Disposition',
			name: 'disposition',
			type: 'options',
			displayOptions: fromFields,
			options: vocabularyOptions(CBV_DISPOSITIONS),
			default: '',
			description: 'The business state of the objects after the event, from the CBV 2.0 list',
		},
		{
			displayName: 'Custom Disposition',
			name: 'customDisposition',
			type: 'string',
			default: '',
			displayOptions: has(show, { input: ['fields'], disposition: [CUSTOM] }),
			placeholder: 'https://ns.example.com/epcis/disp/quarantined',
		},
		{
			displayName: 'Read Point',
			name: 'readPoint',
			type: 'string',
			default: '',
			displayOptions: fromFields,
			description: 'Where the event took place, as a location identifier: an SGLN URI or a GS1 Digital Link',
		},
		{
			displayName: 'Business Location',
			name: 'bizLocation',
			type: 'string',
			default: '',
			displayOptions: fromFields,
			description: 'Where the objects are after the event: an SGLN URI or a GS1 Digital Link',
		},
		{
			displayName: 'Event Time',
			name: 'eventTime',
			type: 'dateTime',
			default: '',
			displayOptions: fromFields,
			description: 'When the event happened, in ISO 8601 (e.g. 2026-01-31T16:00:00+01:00). Empty means now.',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: fromFields,
			options: [
				{
					displayName: 'Event Time Zone Offset',
					name: 'eventTimeZoneOffset',
					type: 'string',
					default: '',
					placeholder: '+01:00',
					description: 'The offset of the local time where the event happened. By default the offset written in Event Time, or +00:00.',
				},
				{
					displayName: 'ILMD (JSON)',
					name: 'ilmd',
					type: 'json',
					default: '{}',
					description: 'Instance/lot master data of the objects created, e.g. {"cbvmda:lotNumber": "LOT-1"}: Object Event with action ADD, or Transformation Event',
				},
				{
					displayName: 'Extension Fields (JSON)',
					name: 'extensions',
					type: 'json',
					default: '{}',
					description: 'More fields of the event, as a JSON object: standard ones such as bizTransactionList, or your own with a namespace prefix, e.g. {"example:myField": "value"} (the prefix needs a Context entry)',
				},
				{
					displayName: 'Transformation ID',
					name: 'transformationID',
					type: 'string',
					default: '',
					description: 'Links Transformation Events that belong to one transformation',
				},
			],
		},
		{
			displayName: 'EPCIS Document',
			name: 'document',
			type: 'json',
			default: '',
			required: true,
			displayOptions: has(show, { input: ['document'] }),
			description: 'A whole EPCISDocument in JSON-LD, with "@context", "type": "EPCISDocument" and "epcisBody": {"eventList": [...]}',
		},
		{
			displayName: 'Events',
			name: 'eventList',
			type: 'json',
			default: '',
			required: true,
			displayOptions: has(show, { input: ['events'] }),
			description: 'A JSON list of EPCIS events (or one event), each with its "type"',
		},
	];
}

/** A list from an expression (an array) or from text separated by commas or new lines. */
function identifiers(value: unknown): string[] {
	const list = Array.isArray(value) ? value : String(value ?? '').split(/[\n,]/);
	return list.map((entry) => (typeof entry === 'string' ? entry : String(entry ?? '')).trim()).filter(Boolean);
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;

/** The event time in ISO 8601 with its offset: what the user gave, or now. n8n's date picker leaves out the zone; that is UTC. */
function eventTimeOf(ctx: IExecuteFunctions, value: unknown, itemIndex: number): { time: string; offset?: string } {
	if (value === '' || value === undefined || value === null) return { time: new Date().toISOString() };
	let text = typeof value === 'string' ? value.trim() : value instanceof Date ? value.toISOString() : String((value as { toISO?: () => string }).toISO?.() ?? value);
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text = `${text}Z`;
	if (!ISO_8601.test(text) || Number.isNaN(Date.parse(text))) {
		throw invalidField(ctx, 'Event Time', itemIndex, `"${text}" is not an ISO 8601 time`, 'Use a time such as 2026-01-31T16:00:00+01:00 or 2026-01-31T15:00:00Z, or leave it empty for now.');
	}
	const zone = /(Z|[+-]\d{2}:\d{2})$/.exec(text)?.[1];
	return { time: text, offset: zone === 'Z' ? '+00:00' : zone };
}

function requireList(ctx: IExecuteFunctions, value: unknown, field: string, itemIndex: number): string[] {
	const list = identifiers(value);
	if (!list.length) {
		throw invalidField(ctx, field, itemIndex, 'it is empty', `Give at least one identifier in "${field}", separated by commas or new lines, or an expression that gives a list.`);
	}
	return list;
}

function vocabulary(ctx: IExecuteFunctions, name: string, customName: string, itemIndex: number): string | undefined {
	const value = ctx.getNodeParameter(name, itemIndex, '') as string;
	if (value !== CUSTOM) return value ? value : undefined;
	const custom = String(ctx.getNodeParameter(customName, itemIndex, '') ?? '').trim();
	return custom || undefined;
}

/**
 * One EPCIS 2.0 event from the form, checked before any request, with its
 * CBV 2.0 event hash as `eventID`: the same event gets the same ID on every
 * run, and two different events never share one. `documentContext` is the
 * `@context` of the document it will be sent in.
 */
export function buildEvent(ctx: IExecuteFunctions, itemIndex: number, documentContext: Array<string | IDataObject>): IDataObject {
	const type = ctx.getNodeParameter('eventType', itemIndex, 'ObjectEvent') as EventType;
	if (!EVENT_TYPES.includes(type)) {
		throw invalidField(ctx, 'Event Type', itemIndex, `"${String(type)}" is not an EPCIS 2.0 event type`, `Use one of ${EVENT_TYPES.join(', ')}.`);
	}
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const { time, offset } = eventTimeOf(ctx, ctx.getNodeParameter('eventTime', itemIndex, ''), itemIndex);
	const chosenOffset = String(additional.eventTimeZoneOffset ?? '').trim() || offset || '+00:00';
	if (!OFFSET.test(chosenOffset)) {
		throw invalidField(ctx, 'Event Time Zone Offset', itemIndex, `"${chosenOffset}" is not an offset`, 'Use a sign, hours and minutes, e.g. +01:00 or -05:00.');
	}
	const event: IDataObject = { type, eventTime: time, eventTimeZoneOffset: chosenOffset };

	if (type === 'ObjectEvent' || type === 'TransactionEvent') event.epcList = requireList(ctx, ctx.getNodeParameter('epcList', itemIndex, ''), 'EPCs', itemIndex);
	if (type === 'AggregationEvent' || type === 'AssociationEvent') {
		const parentID = String(ctx.getNodeParameter('parentID', itemIndex, '') ?? '').trim();
		if (!parentID) throw invalidField(ctx, 'Parent ID', itemIndex, 'it is empty', 'Give the identifier of the container or the asset.');
		event.parentID = parentID;
		event.childEPCs = identifiers(ctx.getNodeParameter('childEPCs', itemIndex, ''));
	}
	if (type === 'TransformationEvent') {
		const inputs = identifiers(ctx.getNodeParameter('inputEPCList', itemIndex, ''));
		const outputs = identifiers(ctx.getNodeParameter('outputEPCList', itemIndex, ''));
		if (!inputs.length && !outputs.length) {
			throw invalidField(ctx, 'Input EPCs', itemIndex, 'both Input EPCs and Output EPCs are empty', 'Give the identifiers of the objects consumed, produced, or both.');
		}
		if (inputs.length) event.inputEPCList = inputs;
		if (outputs.length) event.outputEPCList = outputs;
		const transformationID = String(additional.transformationID ?? '').trim();
		if (transformationID) event.transformationID = transformationID;
	} else {
		const action = String(ctx.getNodeParameter('epcisAction', itemIndex, 'OBSERVE') ?? '').trim();
		if (!ACTIONS.includes(action)) {
			throw invalidField(ctx, 'Action', itemIndex, `"${action}" is not an EPCIS action`, 'Use ADD, OBSERVE or DELETE.');
		}
		event.action = action;
	}

	const bizStep = vocabulary(ctx, 'bizStep', 'customBizStep', itemIndex);
	if (bizStep) event.bizStep = bizStep;
	const disposition = vocabulary(ctx, 'disposition', 'customDisposition', itemIndex);
	if (disposition) event.disposition = disposition;
	const readPoint = String(ctx.getNodeParameter('readPoint', itemIndex, '') ?? '').trim();
	if (readPoint) event.readPoint = { id: readPoint };
	const bizLocation = String(ctx.getNodeParameter('bizLocation', itemIndex, '') ?? '').trim();
	if (bizLocation) event.bizLocation = { id: bizLocation };

	const ilmd = requireJsonObject(ctx, additional.ilmd, 'ILMD (JSON)', itemIndex);
	if (Object.keys(ilmd).length) {
		if (type !== 'ObjectEvent' && type !== 'TransformationEvent') {
			throw invalidField(ctx, 'ILMD (JSON)', itemIndex, `${type} has no ILMD`, 'ILMD belongs to Object Events (action ADD) and Transformation Events only.');
		}
		event.ilmd = ilmd;
	}
	const extensions = requireJsonObject(ctx, additional.extensions, 'Extension Fields (JSON)', itemIndex);
	for (const [key, value] of Object.entries(extensions)) {
		if (key in event) {
			throw invalidField(ctx, 'Extension Fields (JSON)', itemIndex, `"${key}" is already set by the form`, 'Set it in its own field, or remove it from the JSON.');
		}
		event[key] = value;
	}
	// The document's @context names the namespaces of extension fields, which the hash spells out in full.
	return { eventID: epcisEventHashId(event, documentContext), ...event };
}

function requireEvent(ctx: IExecuteFunctions, event: unknown, field: string, itemIndex: number, position: number): IDataObject {
	if (!event || typeof event !== 'object' || Array.isArray(event)) {
		throw invalidField(ctx, field, itemIndex, `entry ${position} is not a JSON object`, 'Each event is a JSON object with a "type".');
	}
	const type = (event as IDataObject).type;
	if (!EVENT_TYPES.includes(type as EventType)) {
		throw invalidField(ctx, field, itemIndex, `event ${position} has type "${String(type)}"`, `Each event needs a "type" of ${EVENT_TYPES.join(', ')}.`);
	}
	return event as IDataObject;
}

/** An item's EPCISDocument as given, checked for the envelope and its events before any request. */
export function readDocument(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const document = requireJsonObject(ctx, ctx.getNodeParameter('document', itemIndex, ''), 'EPCIS Document', itemIndex);
	if (document.type !== 'EPCISDocument') {
		throw invalidField(ctx, 'EPCIS Document', itemIndex, `its "type" is ${JSON.stringify(document.type ?? null)}`, 'An EPCIS document has "type": "EPCISDocument". For a list of events, choose the input Event List (JSON).');
	}
	const list = (document.epcisBody as IDataObject | undefined)?.eventList;
	if (!Array.isArray(list) || !list.length) {
		throw invalidField(ctx, 'EPCIS Document', itemIndex, 'epcisBody.eventList is missing or empty', 'Put the events in "epcisBody": {"eventList": [...]}.');
	}
	list.forEach((event, position) => requireEvent(ctx, event, 'EPCIS Document', itemIndex, position));
	return document;
}

/** An item's events from the Event List input: a list, or one event. */
export function readEventList(ctx: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const value = ctx.getNodeParameter('eventList', itemIndex, '');
	const parsed = parseJsonParameter(ctx, typeof value === 'string' && value.trim() === '' ? '[]' : value, 'Events', itemIndex);
	const list = Array.isArray(parsed) ? parsed : [parsed];
	if (!list.length) throw invalidField(ctx, 'Events', itemIndex, 'it is empty', 'Give a JSON list of EPCIS events.');
	return list.map((event, position) => requireEvent(ctx, event, 'Events', itemIndex, position));
}

/** The `@context` of documents the node writes: the standard's, and the namespaces given in Context. */
export function contextOf(extra: IDataObject): Array<string | IDataObject> {
	return Object.keys(extra).length ? [EPCIS_CONTEXT, extra] : [EPCIS_CONTEXT];
}

/** An EPCISDocument around `events`, as TrackVision's capture page shows it. */
export function documentOf(events: IDataObject[], context: Array<string | IDataObject>, creationDate = new Date().toISOString()): IDataObject {
	return { '@context': context, type: 'EPCISDocument', schemaVersion: '2.0', creationDate, epcisBody: { eventList: events } };
}
