import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { canonicalGs1Uri } from './gs1DigitalLink';

/**
 * The EPCIS Event Hash ID of GS1's Core Business Vocabulary 2.0 (https://ref.gs1.org/standards/cbv/, "EPCIS Event
 * Hash ID"): `ni:///sha-256;<hex>?ver=CBV2.0`, the SHA-256 of a canonical pre-hash string built from the event's
 * content. The same event always gets the same ID, whatever its key order, whitespace, eventID or recordTime, and any
 * change of a meaningful field changes it.
 *
 * The pre-hash string is built as the reference implementation (https://github.com/RalphTro/epcis-event-hash-generator)
 * builds it, because its published hashes are the only test vectors there are. Where that implementation and the
 * algorithm's prose differ, the hashes follow the implementation: a bizTransaction/source/destination contributes its
 * type before its value, and the lists without a fixed slot (bizTransactionList, sourceList, destinationList, ilmd and
 * user extensions) come after the ordered fields, sorted as whole strings.
 */

/** A value of the event as the pre-hash sees it: a name, a text and nested values. */
interface HashNode {
	name: string;
	value: string;
	children: HashNode[];
	/** A bizTransaction, source or destination: its type and its value, kept in that order. */
	isPair?: boolean;
}

/** Field order within one level; a field with its own order has nested fields. */
type FieldOrder = Array<[string, FieldOrder?]>;

const leaves = (...names: string[]): FieldOrder => names.map((name) => [name]);
const QUANTITY_ELEMENTS: FieldOrder = [['quantityElement', leaves('epcClass', 'quantity', 'uom')]];
const EPCS: FieldOrder = leaves('epc');
const SENSOR_ELEMENT: FieldOrder = [
	[
		'sensorMetadata',
		leaves('time', 'startTime', 'endTime', 'deviceID', 'deviceMetadata', 'rawData', 'dataProcessingMethod', 'bizRules'),
	],
	[
		'sensorReport',
		leaves(
			'type',
			'exception',
			'deviceID',
			'deviceMetadata',
			'rawData',
			'dataProcessingMethod',
			'time',
			'microorganism',
			'chemicalSubstance',
			'value',
			'component',
			'stringValue',
			'booleanValue',
			'hexBinaryValue',
			'uriValue',
			'minValue',
			'maxValue',
			'meanValue',
			'sDev',
			'percRank',
			'percValue',
			'uom',
			'coordinateReferenceSystem',
		),
	],
];
/** The canonical property order (eventType comes first, outside it). */
const EVENT_ORDER: FieldOrder = [
	['eventTime'],
	['eventTimeZoneOffset'],
	['certificationInfo'],
	['parentID'],
	['epcList', EPCS],
	['inputEPCList', EPCS],
	['childEPCs', EPCS],
	['quantityList', QUANTITY_ELEMENTS],
	['childQuantityList', QUANTITY_ELEMENTS],
	['inputQuantityList', QUANTITY_ELEMENTS],
	['outputEPCList', EPCS],
	['outputQuantityList', QUANTITY_ELEMENTS],
	['action'],
	['transformationID'],
	['bizStep'],
	['disposition'],
	['persistentDisposition', leaves('set', 'unset')],
	['readPoint', leaves('id')],
	['bizLocation', leaves('id')],
	['sensorElementList', [['sensorElement', SENSOR_ELEMENT]]],
];

/** Event fields the hash leaves out: they are not part of what happened. */
const EXCLUDED_EVENT_FIELDS = new Set(['type', 'eventID', 'recordTime', 'errorDeclaration']);
/** Keys that are never content (JSON-LD context, comments, XML-to-JSON leftovers). */
const IGNORED_KEYS = new Set(['@context', 'rdfs:comment', 'comment', '#text']);
const PAIR_LISTS = new Set(['bizTransactionList', 'sourceList', 'destinationList']);

const CBV = 'https://ref.gs1.org/cbv/';
const GS1_VOC = 'https://gs1.org/voc/';

/** The prefixes the EPCIS 2.0 JSON-LD context itself defines (https://ref.gs1.org/standards/epcis/epcis-context.jsonld). */
const STANDARD_PREFIXES: Record<string, string> = {
	epcis: 'https://ref.gs1.org/epcis/',
	cbv: CBV,
	cbvmda: 'urn:epcglobal:cbv:mda:',
	gs1: GS1_VOC,
	rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
	owl: 'http://www.w3.org/2002/07/owl#',
	xsd: 'http://www.w3.org/2001/XMLSchema#',
	dcterms: 'http://purl.org/dc/terms/',
};

/** EPCIS 1.x URNs of standard vocabulary and their CBV 2.0 Web URIs. */
const CBV_URNS: Array<[string, string]> = [
	['urn:epcglobal:cbv:bizstep:', `${CBV}BizStep-`],
	['urn:epcglobal:cbv:disp:', `${CBV}Disp-`],
	['urn:epcglobal:cbv:btt:', `${CBV}BTT-`],
	['urn:epcglobal:cbv:sdt:', `${CBV}SDT-`],
	['urn:epcglobal:cbv:er:', `${CBV}ER-`],
];

/**
 * Where JSON-LD allows a standard vocabulary value as a bare short name ("shipping", "in_transit", "po",
 * "Temperature"), and the Web URI prefix it stands for (per the EPCIS 2.0 JSON-LD context).
 */
interface VocabularyScope {
	shortNames?: Record<string, string>;
	nested?: Record<string, VocabularyScope>;
}
const EVENT_VOCABULARY: VocabularyScope = {
	shortNames: { bizStep: `${CBV}BizStep-`, disposition: `${CBV}Disp-` },
	nested: {
		persistentDisposition: { shortNames: { set: `${CBV}Disp-`, unset: `${CBV}Disp-` } },
		bizTransactionList: { shortNames: { type: `${CBV}BTT-` } },
		sourceList: { shortNames: { type: `${CBV}SDT-` } },
		destinationList: { shortNames: { type: `${CBV}SDT-` } },
		sensorElementList: {
			nested: {
				sensorReport: { shortNames: { type: GS1_VOC, exception: GS1_VOC, component: `${CBV}Comp-` } },
			},
		},
	},
};

type Prefixes = Record<string, string>;

/** Adds the term definitions of a JSON-LD `@context` (a URL, an object or a list of both) to `prefixes`. */
function addPrefixes(prefixes: Prefixes, context: unknown): void {
	if (Array.isArray(context)) {
		for (const entry of context) addPrefixes(prefixes, entry);
	} else if (context !== null && typeof context === 'object') {
		for (const [term, definition] of Object.entries(context as IDataObject)) {
			if (term.startsWith('@')) continue;
			if (typeof definition === 'string') prefixes[term] = definition;
			else if (definition && typeof (definition as IDataObject)['@id'] === 'string') {
				prefixes[term] = (definition as IDataObject)['@id'] as string;
			}
		}
	}
}

function expandKey(key: string, prefixes: Prefixes): string {
	const colon = key.indexOf(':');
	const namespace = colon > 0 ? prefixes[key.slice(0, colon)] : undefined;
	return namespace === undefined ? key : `{${namespace}}${key.slice(colon + 1)}`;
}

/** Python's `str(float(x))` for a number, as the reference implementation prints numbers. */
function pythonNumberText(n: number): string {
	if (!Number.isFinite(n)) return String(n);
	if (Number.isInteger(n)) return BigInt(n).toString();
	const [mantissa, exponentText] = n.toExponential().split('e');
	const exponent = Number(exponentText);
	if (exponent >= -4) return String(n);
	return `${mantissa}e-${String(-exponent).padStart(2, '0')}`;
}

function scalarText(value: unknown, shortNamePrefix: string | undefined, prefixes: Prefixes): string {
	if (typeof value === 'string') {
		const trimmed = value.trim();
		if (shortNamePrefix && trimmed !== '' && !trimmed.includes(':')) return shortNamePrefix + trimmed;
		const colon = value.indexOf(':');
		const namespace = colon > 0 ? prefixes[value.slice(0, colon)] : undefined;
		return namespace === undefined ? value : namespace + value.slice(colon + 1);
	}
	if (typeof value === 'number') return pythonNumberText(value);
	if (typeof value === 'boolean') return value ? 'True' : 'False';
	if (value === null) return 'None';
	if (value instanceof Date) return value.toISOString();
	return String(value);
}

function toNode(
	name: string,
	value: unknown,
	shortNamePrefix: string | undefined,
	scope: VocabularyScope | undefined,
	prefixes: Prefixes,
): HashNode {
	if (Array.isArray(value)) {
		return { name, value: '', children: value.map((item) => toNode('', item, shortNamePrefix, scope, prefixes)) };
	}
	if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
		const object = value as IDataObject;
		const text = object['#text'] === undefined ? '' : scalarText(object['#text'], undefined, prefixes);
		return { name, value: text, children: toNodes(object, scope, prefixes) };
	}
	return { name, value: scalarText(value, shortNamePrefix, prefixes), children: [] };
}

/** One node per value; a list contributes one node per element, each under the list's own key. */
function toNodes(object: IDataObject, scope: VocabularyScope | undefined, prefixes: Prefixes): HashNode[] {
	const nodes: HashNode[] = [];
	for (const [key, value] of Object.entries(object)) {
		if (value === undefined || IGNORED_KEYS.has(key) || key.startsWith('@xmlns')) continue;
		const name = expandKey(key, prefixes);
		const shortNamePrefix = scope?.shortNames?.[key];
		const inner = scope?.nested?.[key];
		for (const item of Array.isArray(value) ? value : [value]) {
			nodes.push(toNode(name, item, shortNamePrefix, inner, prefixes));
		}
	}
	return nodes;
}

/** A bizTransaction, source or destination entry: its type first, then its value (and anything else it holds). */
function toPair(entry: HashNode): HashNode {
	const type = entry.children.filter((child) => child.name === 'type');
	const rest = entry.children.filter((child) => child.name !== 'type');
	return { name: entry.name, value: '', children: [...type, ...rest], isPair: true };
}

/**
 * Gives the JSON tree the shape of the EPCIS data model the order speaks of: `xList: [a, b]` becomes one `xList`
 * holding `x` elements, `childEPCs` holds `epc`s, and quantity list entries are `quantityElement`s.
 */
function toDataModel(node: HashNode): HashNode {
	if (node.isPair) return node;
	const lists = new Map<string, HashNode[]>();
	const children: HashNode[] = [];
	const childEpcs: HashNode[] = [];
	for (const child of node.children) {
		if (child.name.endsWith('List')) {
			const elements = lists.get(child.name) ?? [];
			elements.push({ name: child.name.slice(0, -4), value: child.value, children: child.children });
			lists.set(child.name, elements);
		} else if (child.name === 'childEPCs') {
			childEpcs.push({ name: 'epc', value: child.value, children: [] });
		} else {
			children.push(child);
		}
	}
	for (const [name, elements] of lists) {
		children.push(
			PAIR_LISTS.has(name)
				? { name, value: '', children: elements.map(toPair) }
				: { name, value: '', children: elements },
		);
	}
	if (childEpcs.length > 0) children.push({ name: 'childEPCs', value: '', children: childEpcs });

	const shaped = children.map((child) => (PAIR_LISTS.has(child.name) ? child : toDataModel(child)));
	return { name: dataModelName(node), value: node.value, children: shaped };
}

function dataModelName({ name, children }: HashNode): string {
	if (name === 'inputEPC' || name === 'outputEPC') return 'epc';
	if (name === 'inputQuantity' || name === 'outputQuantity' || name === 'childQuantity') return 'quantityElement';
	if (name === 'quantity' && children.length > 0) return 'quantityElement';
	return name;
}

/** Sorts by Unicode code point (UTF-8 byte order), as the algorithm's "case-sensitive lexical ordering" requires. */
function byCodePoint(a: string, b: string): number {
	return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Python's float() syntax, which decides what the reference implementation treats as a number. */
const NUMBER = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;

/** A value's canonical form: CBV Web URIs for CBV URNs, numbers without trailing zeros, canonical GS1 Digital Links. */
function canonicalValue(text: string): string {
	let value = text;
	for (const [urn, uri] of CBV_URNS) value = value.split(urn).join(uri);
	if (NUMBER.test(value)) value = pythonNumberText(Number(value.replace(/_/g, '')));
	return canonicalGs1Uri(value) ?? value;
}

const TIMESTAMP =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * UTC with exactly three fraction digits; a 4th fraction digit of 5 to 9 rounds the 3rd up. A value that is not an
 * ISO 8601 date-time stays as it is; one without an offset is read as UTC.
 */
function canonicalTimestamp(text: string): string {
	const m = TIMESTAMP.exec(text);
	if (!m) return text;
	const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0));
	const fraction = m[7] ?? '';
	const date = new Date(0);
	date.setUTCFullYear(year, month - 1, day);
	date.setUTCHours(hour, minute, second, 0);
	if (
		date.getUTCFullYear() !== year ||
		date.getUTCMonth() !== month - 1 ||
		date.getUTCDate() !== day ||
		date.getUTCHours() !== hour ||
		date.getUTCMinutes() !== minute ||
		date.getUTCSeconds() !== second
	) {
		return text;
	}
	let offsetMinutes = 0;
	const zone = m[8];
	if (zone && zone.toUpperCase() !== 'Z') {
		const digits = zone.slice(1).replace(':', '');
		offsetMinutes = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * (zone[0] === '-' ? -1 : 1);
	}
	const milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3)) + (fraction.length > 3 && fraction[3] >= '5' ? 1 : 0);
	return new Date(date.getTime() - offsetMinutes * 60_000 + milliseconds).toISOString();
}

function isTimestampField(name: string): boolean {
	const lower = name.toLowerCase();
	return lower.includes('time') && !lower.includes('offset');
}

/** `name=value` of a standard field and, after it, its nested fields in their order. */
function standardFieldText(node: HashNode, order: FieldOrder | undefined): string {
	const nested = order ? orderedText(node.children, order) : '';
	let value = node.value.trim();
	if (value !== '') value = isTimestampField(node.name) ? canonicalTimestamp(value) : canonicalValue(value);
	if (value !== '') value = '=' + value;
	return value !== '' || nested !== '' ? node.name + value + nested : '';
}

/**
 * The fields of one level in their canonical order; several fields of one name (a list's elements) sort as strings.
 * What this writes is taken out of `nodes`, so that only the fields without a slot in the order remain. Within a
 * standard field that has an extension point (readPoint, bizLocation, sensor elements), user extensions follow the
 * standard fields.
 */
function orderedText(nodes: HashNode[], order: FieldOrder): string {
	const isEventLevel = nodes.some((node) => node.name.includes('eventTime') || node.name.includes('action'));
	const extensions =
		nodes.length > 1 && !isEventLevel ? nodes.filter((node) => node.name.includes('{') && node.name.includes('/}')) : [];
	for (const extension of extensions) nodes.splice(nodes.indexOf(extension), 1);

	let text = '';
	for (const [name, nestedOrder] of order) {
		const values: string[] = [];
		for (const node of nodes.filter((candidate) => candidate.name === name && !candidate.isPair)) {
			const value = standardFieldText(node, nestedOrder);
			if (value !== '') values.push(value);
			if (node.children.length === 0) nodes.splice(nodes.indexOf(node), 1);
		}
		text += values.sort(byCodePoint).join('');
	}
	return extensions.length > 0 ? text + genericText(extensions) : text;
}

/** Fields without a slot in the order (ILMD, user extensions, the type/value lists): `{namespace}name=value`, sorted. */
function genericText(nodes: HashNode[]): string {
	const values = nodes.map((node) => {
		if (node.isPair) return node.children.map((part) => genericText([part])).join('');
		const value = node.value.trim();
		return node.name + (value === '' ? '' : '=' + canonicalValue(value)) + genericText(node.children);
	});
	return values.sort(byCodePoint).join('');
}

/**
 * The canonical pre-hash string of one EPCIS 2.0 JSON(-LD) event. `documentContext` is the `@context` of the
 * EPCISDocument the event belongs to; it (and the event's own `@context`) names the namespaces of user extensions.
 */
export function epcisEventPreHashString(event: IDataObject, documentContext?: unknown): string {
	const prefixes: Prefixes = { ...STANDARD_PREFIXES };
	addPrefixes(prefixes, documentContext);
	addPrefixes(prefixes, event['@context']);

	const root = toDataModel({ name: '', value: '', children: toNodes(event, EVENT_VOCABULARY, prefixes) });
	const fields = root.children;
	const eventType = event.type === undefined ? '' : String(event.type);
	const ordered = orderedText(fields, EVENT_ORDER);
	const rest = genericText(fields.filter((field) => !EXCLUDED_EVENT_FIELDS.has(field.name)));
	return `eventType=${eventType}${ordered}${rest}`;
}

/**
 * The CBV 2.0 EPCIS Event Hash ID (`ni:///sha-256;<lowercase hex>?ver=CBV2.0`) of one EPCIS 2.0 JSON(-LD) event, as it
 * appears in an EPCISDocument's eventList. Pass the document's `@context` when the event holds user extensions.
 */
export function epcisEventHashId(event: IDataObject, documentContext?: unknown): string {
	const digest = createHash('sha256').update(epcisEventPreHashString(event, documentContext), 'utf8').digest('hex');
	return `ni:///sha-256;${digest}?ver=CBV2.0`;
}
