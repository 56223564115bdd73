import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import { epcisEventHashId, epcisEventPreHashString } from '../../nodes/TrackVision/epcis/eventHashId';

/** Vendored from RalphTro/epcis-event-hash-generator (MIT); see the README in that folder. */
const VECTORS = join(__dirname, '..', 'fixtures', 'epcis-event-hash');

interface Vector {
	name: string;
	context: unknown;
	event: IDataObject;
	expected: string;
	document: IDataObject;
}

function eventsOf(document: IDataObject): IDataObject[] {
	const body = document.epcisBody as IDataObject;
	if (body.eventList) return body.eventList as IDataObject[];
	const results = body.queryResults as IDataObject | undefined;
	if (results) return (results.resultsBody as IDataObject).eventList as IDataObject[];
	return [body.event as IDataObject];
}

const vectors: Vector[] = readdirSync(VECTORS)
	.filter((file) => file.endsWith('.jsonld'))
	.flatMap((file) => {
		const base = file.slice(0, -'.jsonld'.length);
		const document = JSON.parse(readFileSync(join(VECTORS, file), 'utf8')) as IDataObject;
		const hashes = readFileSync(join(VECTORS, `${base}.hashes`), 'utf8').split('\n').filter(Boolean);
		const events = eventsOf(document);
		expect(events).toHaveLength(hashes.length);
		return events.map((event, index) => ({
			name: `${base} #${index}`,
			context: document['@context'],
			event,
			expected: hashes[index],
			document,
		}));
	});

/**
 * Vectors whose expected hash depends on something outside the CBV algorithm. Each is still tested below, for what it
 * does show.
 */
const NOT_SUPPORTED: Record<string, string> = {
	'epcisDocHavingEventWithIgnoreFields #0':
		"the document's `repository-x:ignoreFields` (a convention of the reference implementation, not of CBV 2.0) " +
		'removes two user extensions from the hash; we hash every user extension',
	'epcisQueryDocHavingEventWithIgnoreFields #0':
		"the query document's `repository-x:ignoreFields` (a convention of the reference implementation, not of " +
		'CBV 2.0) removes two user extensions from the hash; we hash every user extension',
};

/**
 * Vectors of the same source that are not vendored, and why: they are XML, and the function under test hashes
 * JSON(-LD) events. (Several of them have JSON twins above, which pass.)
 */
const XML_ONLY_VECTORS = [
	'SensorDataExamples.xml',
	'epcisDocWith2DifferentTransformationEvents.xml',
	'epcisDocWithTransformationEventWithExtension.xml',
	'epcisDocWithTransformationEventWithMultipleExtensions.xml',
	'epcisXmlDocHavingEventWithIgnoreFields.xml',
	'epcisXmlQueryDocHavingEventWithIgnoreFields.xml',
	'expected_equal/*.xml',
];

describe('CBV 2.0 event hash ID: published vectors of the reference implementation', () => {
	const supported = vectors.filter((vector) => !(vector.name in NOT_SUPPORTED));

	it('covers every vendored vector but the listed ones', () => {
		expect(vectors.length).toBeGreaterThanOrEqual(40);
		expect(supported.length).toBe(vectors.length - Object.keys(NOT_SUPPORTED).length);
		expect(XML_ONLY_VECTORS.length).toBeGreaterThan(0);
	});

	it.each(supported.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
		expect(epcisEventHashId(vector.event, vector.context)).toBe(vector.expected);
	});

	it.each(Object.entries(NOT_SUPPORTED))('not supported: %s, because %s', (name) => {
		const vector = vectors.find((candidate) => candidate.name === name)!;
		expect(epcisEventHashId(vector.event, vector.context)).not.toBe(vector.expected);
		// Without the fields the document asks to ignore, the event hashes as published.
		const ignored = (vector.document['repository-x:ignoreFields'] ??
			((vector.document.epcisBody as IDataObject).queryResults as IDataObject)['repository-x:ignoreFields']) as string[];
		const event = Object.fromEntries(Object.entries(vector.event).filter(([key]) => !ignored.includes(key)));
		expect(epcisEventHashId(event, vector.context)).toBe(vector.expected);
	});

	it('gives two representations of one event the same hash (expected_equal)', () => {
		const document = JSON.parse(
			readFileSync(join(VECTORS, 'expected_equal_ReferenceEventHashAlgorithm.json'), 'utf8'),
		) as IDataObject;
		const hashes = eventsOf(document).map((event) => epcisEventHashId(event, document['@context']));
		expect(hashes).toHaveLength(2);
		expect(new Set(hashes)).toEqual(new Set([vectors.find((v) => v.name === 'ReferenceEventHashAlgorithm #0')!.expected]));
	});
});

/**
 * openepcis/openepcis-event-hash-generator (Apache-2.0) publishes two hashes with their pre-hash strings in the OpenAPI
 * example of its REST API (rest-api/.../EventHashGeneratorResource.java), without the input documents; the events are
 * rebuilt here from those pre-hash strings.
 */
describe('CBV 2.0 event hash ID: the published examples of openepcis-event-hash-generator', () => {
	it('AggregationEvent with persistentDisposition', () => {
		const event: IDataObject = {
			type: 'AggregationEvent',
			eventTime: '2020-06-08T20:11:16+02:00',
			eventTimeZoneOffset: '+02:00',
			parentID: 'urn:epc:id:sgtin:952001.1012345.22222223333',
			childEPCs: ['urn:epc:id:sgtin:9520001.012346.10000001001'],
			action: 'DELETE',
			bizStep: 'unpacking',
			disposition: 'in_progress',
			persistentDisposition: { set: ['completeness_verified'], unset: ['completeness_inferred'] },
			readPoint: { id: 'urn:epc:id:sgln:9529999.99999.0' },
			bizLocation: { id: 'urn:epc:id:sgln:9529999.99999.0' },
		};
		expect(epcisEventHashId(event)).toBe(
			'ni:///sha-256;2615bc5627c3b3611e3df868aca2312882370ee78af44bcc20433ec028ebfc99?ver=CBV2.0',
		);
	});

	it(
		'not supported: the ObjectEvent with sensor data, because openepcis writes it without the sensorElementList ' +
			'label and keeps the CURIE cbv:Comp-northing, where the reference implementation (whose vectors pass above) ' +
			'writes the label and expands CURIEs',
		() => {
			const CRS = 'http://www.opengis.net/def/crs/EPSG/0/27700';
			const event: IDataObject = {
				type: 'ObjectEvent',
				eventTime: '2021-05-27T14:00:00+01:00',
				eventTimeZoneOffset: '+01:00',
				epcList: ['https://id.gs1.org/8003/030013450007718765'],
				action: 'OBSERVE',
				bizStep: 'sensor_reporting',
				readPoint: { id: 'https://id.gs1.org/414/4012345000054' },
				sensorElementList: [
					{
						sensorMetadata: { time: '2021-05-27T13:50:00+01:00' },
						sensorReport: [
							{ type: 'gs1:Length', value: -477979.89, component: 'cbv:Comp-northing', uom: 'MTR', coordinateReferenceSystem: CRS },
							{ type: 'gs1:Length', value: 2477583.57, component: 'cbv:Comp-easting', uom: 'MTR', coordinateReferenceSystem: CRS },
						],
					},
				],
			};
			const preHash = epcisEventPreHashString(event);
			expect(preHash).toContain('sensorElementListsensorElementsensorMetadatatime=2021-05-27T12:50:00.000Z');
			expect(preHash).toContain('component=https://ref.gs1.org/cbv/Comp-northing');
			expect(epcisEventHashId(event)).not.toBe(
				'ni:///sha-256;a8eb4ec50f76d2d5dd7bf64e86d0b4210315c8feaf3114ef9ccd6d7372e4473e?ver=CBV2.0',
			);
		},
	);
});

const CONTEXT = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { example: 'https://ns.example.com/epcis/' }];

/** One event of each type, with every field a form can fill in. */
const EVENTS: Record<string, IDataObject> = {
	ObjectEvent: {
		type: 'ObjectEvent',
		eventTime: '2026-12-03T17:00:00.123+01:00',
		eventTimeZoneOffset: '+01:00',
		epcList: ['urn:epc:id:sgtin:4012345.011111.1001', 'https://id.gs1.org/01/04012345111118/21/1002'],
		quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.011111.LOT1', quantity: 2.5, uom: 'KGM' }],
		action: 'ADD',
		bizStep: 'commissioning',
		disposition: 'active',
		readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' },
		bizLocation: { id: 'https://id.gs1.org/414/4012345000016' },
		bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:4012345000009:PO1' }],
		sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:4012345.00000' }],
		destinationList: [{ type: 'location', destination: 'urn:epc:id:sgln:4012345.00012.0' }],
		ilmd: { 'example:bestBeforeDate': '2027-01-31', 'example:batch': 'B-7' },
		'example:line': { 'example:station': '3', 'example:operator': 'ann' },
	},
	AggregationEvent: {
		type: 'AggregationEvent',
		eventTime: '2026-12-03T16:00:00Z',
		eventTimeZoneOffset: '+00:00',
		parentID: 'urn:epc:id:sscc:4012345.0000000111',
		childEPCs: ['urn:epc:id:sgtin:4012345.011111.1001', 'urn:epc:id:sgtin:4012345.011111.1002'],
		childQuantityList: [{ epcClass: 'urn:epc:idpat:sgtin:4012345.011111.*', quantity: 10 }],
		action: 'ADD',
		bizStep: 'packing',
		disposition: 'in_progress',
		readPoint: { id: 'urn:epc:id:sgln:4012345.00001.7' },
		bizLocation: { id: 'urn:epc:id:sgln:4012345.00001.0' },
		'example:shift': 'night',
	},
	TransactionEvent: {
		type: 'TransactionEvent',
		eventTime: '2026-12-03T10:00:00.000-06:00',
		eventTimeZoneOffset: '-06:00',
		parentID: 'urn:epc:id:sscc:4012345.0000000222',
		epcList: ['urn:epc:id:sgtin:4012345.011111.1003'],
		quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.011111.LOT2', quantity: 3 }],
		action: 'ADD',
		bizStep: 'shipping',
		disposition: 'in_transit',
		readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' },
		bizTransactionList: [
			{ type: 'inv', bizTransaction: 'urn:epcglobal:cbv:bt:4012345000009:INV9' },
			{ type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:4012345000009:ASN9' },
		],
	},
	TransformationEvent: {
		type: 'TransformationEvent',
		eventTime: '2026-12-03T08:30:00+02:00',
		eventTimeZoneOffset: '+02:00',
		inputEPCList: ['urn:epc:id:sgtin:4012345.011122.25'],
		inputQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.011111.4444', quantity: 10, uom: 'KGM' }],
		outputEPCList: ['urn:epc:id:sgtin:4012345.077889.25'],
		outputQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.077889.P1', quantity: 9.5, uom: 'KGM' }],
		transformationID: 'urn:epc:id:gdti:4012345.55555.1234',
		bizStep: 'commissioning',
		disposition: 'active',
		readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' },
		ilmd: { 'example:batch': 'XYZ' },
	},
	AssociationEvent: {
		type: 'AssociationEvent',
		eventTime: '2026-12-03T12:00:00.000+00:00',
		eventTimeZoneOffset: '+00:00',
		parentID: 'urn:epc:id:grai:4012345.55555.987',
		childEPCs: ['urn:epc:id:giai:4000001.12345'],
		childQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.011111.LOT3', quantity: 1 }],
		action: 'ADD',
		bizStep: 'assembling',
		readPoint: { id: 'urn:epc:id:sgln:4012345.00002.0' },
		bizLocation: { id: 'urn:epc:id:sgln:4012345.00002.0' },
	},
};

const hash = (event: IDataObject) => epcisEventHashId(event, CONTEXT);

/** Every path to a scalar value in `value`, e.g. ['readPoint', 'id'] or ['epcList', 1]. */
function leafPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
	if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, [...path, index]));
	if (value !== null && typeof value === 'object') {
		return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...path, key]));
	}
	return [path];
}

function withLeaf(event: IDataObject, path: Array<string | number>, change: (value: unknown) => unknown): IDataObject {
	const copy = structuredClone(event);
	let parent = copy as Record<string | number, unknown>;
	for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
	parent[path[path.length - 1]] = change(parent[path[path.length - 1]]);
	return copy;
}

/** A different but still well-formed value of the same kind. */
function changed(value: unknown): unknown {
	if (typeof value === 'number') return value + 1;
	const text = String(value);
	if (/^\d{4}-\d{2}-\d{2}T/.test(text)) return text.replace(/:00(\.\d+)?(?=[Z+-])/, ':01$1');
	if (/^[+-]\d{2}:\d{2}$/.test(text)) return text === '+05:00' ? '+06:00' : '+05:00';
	if (text === 'ADD') return 'DELETE';
	return `${text}9`;
}

/** Sorts every object's keys in reverse, to show that key order does not count. */
function reverseKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(reverseKeys);
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(
			Object.keys(value)
				.reverse()
				.map((key) => [key, reverseKeys((value as IDataObject)[key])]),
		);
	}
	return value;
}

describe.each(Object.entries(EVENTS))('CBV 2.0 event hash ID of a %s', (_type, event) => {
	it('has the ni URI form', () => {
		expect(hash(event)).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
	});

	it('does not depend on key order, list order, whitespace or JSON formatting', () => {
		expect(hash(reverseKeys(event) as IDataObject)).toBe(hash(event));
		const reordered = structuredClone(event);
		for (const value of Object.values(reordered)) if (Array.isArray(value)) value.reverse();
		expect(hash(reordered)).toBe(hash(event));
		expect(hash(JSON.parse(JSON.stringify(event, null, 4)) as IDataObject)).toBe(hash(event));
		const padded = withLeaf(event, ['bizStep'], (value) => `  ${String(value)}\n`);
		expect(hash(padded)).toBe(hash(event));
	});

	it('does not depend on eventID, recordTime, errorDeclaration or comments', () => {
		const annotated = {
			...event,
			eventID: 'ni:///sha-256;0000000000000000000000000000000000000000000000000000000000000000?ver=CBV2.0',
			recordTime: '2026-12-03T18:00:00.000Z',
			errorDeclaration: { declarationTime: '2026-12-04T00:00:00Z', reason: 'incorrect_data' },
			'rdfs:comment': 'a note',
		};
		expect(hash(annotated)).toBe(hash(event));
		expect(hash({ ...event, eventID: 'urn:uuid:7a1b7d52-0c44-4b43-9a52-4d7b1f2b0c9e' })).toBe(hash(event));
	});

	it('changes when any one field value changes', () => {
		const original = hash(event);
		const paths = leafPaths(event).filter(([key]) => key !== 'type');
		expect(paths.length).toBeGreaterThan(8);
		for (const path of paths) {
			expect([path.join('.'), hash(withLeaf(event, path, changed))]).not.toEqual([path.join('.'), original]);
		}
	});

	it('changes when any one field is left out', () => {
		const original = hash(event);
		for (const key of Object.keys(event).filter((k) => k !== 'type')) {
			const rest = Object.fromEntries(Object.entries(event).filter(([other]) => other !== key));
			expect([key, hash(rest)]).not.toEqual([key, original]);
		}
	});
});

describe('CBV 2.0 event hash ID: canonical forms', () => {
	const base: IDataObject = {
		type: 'ObjectEvent',
		eventTime: '2020-03-04T11:00:30.000+01:00',
		eventTimeZoneOffset: '+01:00',
		epcList: ['urn:epc:id:sgtin:4012345.011111.987'],
		action: 'OBSERVE',
		bizStep: 'shipping',
		disposition: 'in_transit',
		readPoint: { id: 'urn:epc:id:sgln:4012345.00011.0' },
		bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epc:id:gdti:4012345.11111.123' }],
	};

	it('writes the fields in the canonical order, with Web URIs and Digital Links', () => {
		expect(epcisEventPreHashString(base)).toBe(
			'eventType=ObjectEvent' +
				'eventTime=2020-03-04T10:00:30.000ZeventTimeZoneOffset=+01:00' +
				'epcListepc=https://id.gs1.org/01/04012345111118/21/987' +
				'action=OBSERVE' +
				'bizStep=https://ref.gs1.org/cbv/BizStep-shipping' +
				'disposition=https://ref.gs1.org/cbv/Disp-in_transit' +
				'readPointid=https://id.gs1.org/414/4012345000115' +
				'bizTransactionListtype=https://ref.gs1.org/cbv/BTT-pobizTransaction=https://id.gs1.org/253/4012345111118123',
		);
	});

	it('treats a CBV short name, its Web URI, its CURIE and its EPCIS 1.x URN alike', () => {
		for (const bizStep of [
			'https://ref.gs1.org/cbv/BizStep-shipping',
			'cbv:BizStep-shipping',
			'urn:epcglobal:cbv:bizstep:shipping',
		]) {
			expect(hash({ ...base, bizStep })).toBe(hash(base));
		}
		expect(hash({ ...base, disposition: 'urn:epcglobal:cbv:disp:in_transit' })).toBe(hash(base));
	});

	it('treats an EPC URI and its GS1 Digital Link URI (on any domain, with a query) alike', () => {
		for (const epc of [
			'https://id.gs1.org/01/04012345111118/21/987',
			'https://example.com/gtin/04012345111118/ser/987?linkType=all',
			'https://id.example.org/01/04012345111118/10/LOT/21/987',
		]) {
			expect(hash({ ...base, epcList: [epc] })).toBe(hash(base));
		}
	});

	it('treats one instant in any offset and precision alike, and rounds to milliseconds', () => {
		for (const eventTime of ['2020-03-04T10:00:30Z', '2020-03-04T05:00:30.0000-05:00', '2020-03-04T10:00:30.0004Z']) {
			expect(hash({ ...base, eventTime })).toBe(hash(base));
		}
		expect(epcisEventPreHashString({ ...base, eventTime: '2020-03-04T10:00:30.9996Z' })).toContain(
			'eventTime=2020-03-04T10:00:31.000Z',
		);
		expect(hash({ ...base, eventTime: '2020-03-04T10:00:30.0005Z' })).not.toBe(hash(base));
	});

	it('writes numbers without trailing zeros', () => {
		const event = { ...base, quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.011111.L1', quantity: 2 }] };
		expect(hash({ ...event, quantityList: [{ ...event.quantityList[0], quantity: 2.0 }] })).toBe(hash(event));
		expect(hash({ ...event, quantityList: [{ ...event.quantityList[0], quantity: '2.000' }] })).toBe(hash(event));
		expect(epcisEventPreHashString({ ...event, quantityList: [{ quantity: 0.00001 }] })).toContain('quantity=1e-05');
	});

	it('names user extensions by namespace, from the document context or the event', () => {
		const event = { ...base, 'example:myField': 'x' };
		expect(epcisEventPreHashString(event, CONTEXT)).toContain('{https://ns.example.com/epcis/}myField=x');
		const ownContext = { ...event, '@context': [{ example: 'https://ns.example.com/epcis/' }] };
		expect(epcisEventHashId(ownContext)).toBe(epcisEventHashId(event, CONTEXT));
		const otherNamespace = [{ example: 'https://other.example.com/' }];
		expect(epcisEventHashId(event, otherNamespace)).not.toBe(epcisEventHashId(event, CONTEXT));
	});

	it('gives ten thousand commissioning events of one batch ten thousand IDs', () => {
		const ids = new Set<string>();
		for (let serial = 0; serial < 10_000; serial++) {
			ids.add(hash({ ...base, action: 'ADD', bizStep: 'commissioning', epcList: [`urn:epc:id:sgtin:4012345.011111.${serial}`] }));
		}
		expect(ids.size).toBe(10_000);
	});
});
