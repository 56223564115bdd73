'use strict';
// TrackVision's GS1 EPCIS 2.0 interface, on its own origin as epcis.<domain>.trackvision.ai is:
// - docs.trackvision.ai, GS1 EPCIS API: POST /v2/epcis/capture and /v2/epcis/validate take an
//   EPCISDocument with a Bearer token; GET /v2/epcis/events takes the query parameters of the
//   "Querying Events" table;
// - where those pages are silent, the standard's OpenAPI (gs1/EPCIS, REST Bindings/openapi.yaml):
//   202 with a Location to the capture job, RFC 7807 problems, `perPage` and `nextPageToken` with a
//   `Link: <…>; rel="next"` header, pipe-delimited lists, GS1-Capture-Error-Behaviour (default rollback).
// Capture validates each document against the official EPCIS 2.0 JSON schema (vendored under
// test/epcis/gs1) and records its capture job in the TrackVision sandbox's epcis_capture collection,
// which the Directus API lists. The job finishes after `epcisCaptureDelayMs`, then the events are queryable.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const SCHEMA_FILE = path.join(__dirname, '..', 'epcis', 'gs1', 'EPCIS-JSON-Schema.json');
const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 1000;
const DEFAULT_CAPTURE_DELAY_MS = 200;

let validator;
/** The official schema, compiled once per process. */
function validateSchema(document) {
	if (!validator) {
		const ajv = new Ajv({ allErrors: true, strict: false });
		addFormats(ajv);
		validator = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')));
	}
	const valid = validator(document);
	return valid ? [] : validator.errors.map((error) => `${error.instancePath || '/'} ${error.message}`);
}

function problem(ctx, status, type, title, detail) {
	ctx.json(status, { type, title, status, ...(detail ? { detail } : {}) }, { 'Content-Type': 'application/problem+json' });
}

const LIST_PARAMETERS = {
	eventType: (event) => [event.type],
	EQ_action: (event) => [event.action],
	EQ_bizStep: (event) => [event.bizStep],
	EQ_disposition: (event) => [event.disposition],
	EQ_readPoint: (event) => [event.readPoint?.id],
	// Without master data, a read point's descendants are the identifiers that extend it.
	WD_readPoint: (event) => [event.readPoint?.id],
	EQ_bizLocation: (event) => [event.bizLocation?.id],
	EQ_eventID: (event) => [event.eventID],
	MATCH_epc: (event) => [...(event.epcList ?? []), ...(event.childEPCs ?? []), event.parentID],
};
const TIME_PARAMETERS = {
	GE_eventTime: ['eventTime', (actual, limit) => actual >= limit],
	LT_eventTime: ['eventTime', (actual, limit) => actual < limit],
	GE_recordTime: ['recordTime', (actual, limit) => actual >= limit],
	LT_recordTime: ['recordTime', (actual, limit) => actual < limit],
};
const QUANTITY_PARAMETERS = {
	EQ_quantity: (actual, limit) => actual === limit,
	GT_quantity: (actual, limit) => actual > limit,
	GE_quantity: (actual, limit) => actual >= limit,
	LT_quantity: (actual, limit) => actual < limit,
	LE_quantity: (actual, limit) => actual <= limit,
};
const PAGING = new Set(['perPage', 'nextPageToken', 'orderBy', 'orderDirection']);

const quantitiesOf = (event) =>
	[...(event.quantityList ?? []), ...(event.childQuantityList ?? []), ...(event.inputQuantityList ?? []), ...(event.outputQuantityList ?? [])]
		.map((element) => Number(element.quantity))
		.filter(Number.isFinite);

class QueryError extends Error {}

/** The filter of one query string, or a QueryParameterException for a parameter this sandbox does not know. */
function compileQuery(query) {
	const tests = [];
	for (const [name, raw] of Object.entries(query)) {
		if (PAGING.has(name)) continue;
		if (LIST_PARAMETERS[name]) {
			const wanted = raw.split('|');
			const values = LIST_PARAMETERS[name];
			const descendants = name.startsWith('WD_');
			tests.push((event) => values(event).some((value) => value !== undefined && wanted.some((w) => (descendants ? String(value).startsWith(w) : value === w))));
		} else if (TIME_PARAMETERS[name]) {
			const limit = Date.parse(raw);
			if (Number.isNaN(limit)) throw new QueryError(`${name} must be a date-time, not "${raw}"`);
			const [field, compare] = TIME_PARAMETERS[name];
			tests.push((event) => compare(Date.parse(event[field]), limit));
		} else if (QUANTITY_PARAMETERS[name]) {
			const limit = Number(raw);
			if (!Number.isFinite(limit)) throw new QueryError(`${name} must be a number, not "${raw}"`);
			tests.push((event) => quantitiesOf(event).some((quantity) => QUANTITY_PARAMETERS[name](quantity, limit)));
		} else {
			throw new QueryError(`The query parameter "${name}" is not supported`);
		}
	}
	return (event) => tests.every((test) => test(event));
}

function registerEpcis(server, sandbox, options = {}) {
	const captureDelayMs = options.epcisCaptureDelayMs ?? DEFAULT_CAPTURE_DELAY_MS;
	const state = {
		/** Captured events with their recordTime, in the order they were recorded. */
		events: [],
		/** nextPageToken -> the query and where the next page starts. */
		pages: new Map(),
		timers: new Set(),
	};
	const trackvision = () => sandbox.trackvision;

	/** The same tokens as the TrackVision API: one credential serves both origins. */
	function authorized(ctx) {
		const match = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '');
		if (match && trackvision().userOfToken(match[1])) return true;
		problem(ctx, 401, 'epcisException:SecurityException', 'Unauthorized', 'A valid Bearer token is required.');
		return false;
	}

	/** Stores events as captured now: each gets a recordTime and, if it has none, an eventID. */
	state.addEvents = (events, recordTime = new Date().toISOString()) =>
		events.map((event) => {
			const stored = { eventID: event.eventID ?? `urn:uuid:${crypto.randomUUID()}`, ...event, recordTime };
			state.events.push(stored);
			return stored;
		});

	function finishCapture(jobId, events) {
		state.addEvents(events);
		trackvision().updateCaptureJob(jobId, { running: false, success: true, date_finished: new Date().toISOString() });
	}

	function documentCheck(ctx) {
		const document = ctx.body;
		if (!document || typeof document !== 'object' || Array.isArray(document)) {
			problem(ctx, 400, 'epcisException:ValidationException', 'Invalid EPCIS document', 'The body is not a JSON object.');
			return undefined;
		}
		const errors = validateSchema(document);
		const events = document.epcisBody?.eventList ?? document.epcisBody?.queryResults?.resultsBody?.eventList;
		if (!errors.length && !Array.isArray(events)) errors.push('/epcisBody has no eventList');
		if (errors.length) {
			problem(ctx, 400, 'epcisException:ValidationException', 'The document does not conform to the EPCIS 2.0 JSON schema', errors.slice(0, 5).join('; '));
			return undefined;
		}
		return events;
	}

	server.route('POST', '/v2/epcis/capture', (ctx) => {
		if (!authorized(ctx)) return;
		const events = documentCheck(ctx);
		if (!events) return;
		const behaviour = String(ctx.req.headers['gs1-capture-error-behaviour'] ?? 'rollback');
		if (!['rollback', 'proceed'].includes(behaviour)) {
			return problem(ctx, 400, 'epcisException:ValidationException', 'Invalid GS1-Capture-Error-Behaviour', `"${behaviour}" is neither rollback nor proceed.`);
		}
		const context = ctx.body['@context'];
		const job = trackvision().addCaptureJob({ capture_error_behaviour: behaviour, context: Array.isArray(context) ? { '@context': context } : context ?? null });
		state.captures = (state.captures ?? 0) + 1;
		const timer = setTimeout(() => {
			state.timers.delete(timer);
			finishCapture(job.id, events);
		}, captureDelayMs);
		state.timers.add(timer);
		ctx.json(202, undefined, { Location: `/v2/epcis/capture/${job.id}`, 'GS1-EPCIS-Version': '2.0.0', 'GS1-CBV-Version': '2.0.0' });
	});

	server.route('POST', '/v2/epcis/validate', (ctx) => {
		if (!authorized(ctx)) return;
		if (documentCheck(ctx)) ctx.json(204);
	});

	/** The standard's view of a capture job (CaptureJob in the OpenAPI). */
	const standardJob = (record) => ({
		captureID: record.id,
		createdAt: record.date_created,
		...(record.date_finished ? { finishedAt: record.date_finished } : {}),
		running: record.running,
		success: record.success,
		captureErrorBehaviour: record.capture_error_behaviour,
		errors: record.errors ? [record.errors] : [],
	});

	server.route('GET', '/v2/epcis/capture/:id', (ctx) => {
		if (!authorized(ctx)) return;
		const record = trackvision().records.epcis_capture.find((job) => job.id === ctx.params.id);
		if (!record) return problem(ctx, 404, 'epcisException:NoSuchResourceException', 'Capture job not found');
		ctx.json(200, standardJob(record));
	});

	server.route('GET', '/v2/epcis/events', (ctx) => {
		if (!authorized(ctx)) return;
		let query = Object.fromEntries(ctx.query);
		let offset = 0;
		if (query.nextPageToken !== undefined) {
			const page = state.pages.get(query.nextPageToken);
			if (!page) return problem(ctx, 400, 'epcisException:QueryParameterException', 'Invalid nextPageToken', 'The token is unknown or has expired.');
			({ query, offset } = page);
		}
		const perPage = Number(ctx.query.get('perPage') ?? query.perPage ?? DEFAULT_PER_PAGE);
		if (!Number.isInteger(perPage) || perPage < 1) return problem(ctx, 400, 'epcisException:QueryParameterException', 'perPage must be a positive whole number');
		let matches;
		try {
			matches = state.events.filter(compileQuery(query));
		} catch (error) {
			if (!(error instanceof QueryError)) throw error;
			return problem(ctx, 400, 'epcisException:QueryParameterException', 'Invalid query parameter', error.message);
		}
		if (query.orderBy) {
			const field = query.orderBy;
			const sign = String(query.orderDirection ?? 'DESC').toUpperCase() === 'ASC' ? 1 : -1;
			matches = matches
				.map((event, index) => ({ event, index }))
				.sort((a, b) => (Date.parse(a.event[field]) - Date.parse(b.event[field])) * sign || a.index - b.index)
				.map(({ event }) => event);
		}
		const size = Math.min(perPage, MAX_PER_PAGE);
		const eventList = matches.slice(offset, offset + size);
		const headers = { 'GS1-EPCIS-Version': '2.0.0', 'GS1-CBV-Version': '2.0.0' };
		if (offset + size < matches.length) {
			const token = crypto.randomBytes(12).toString('hex');
			state.pages.set(token, { query, offset: offset + size });
			headers.Link = `<${ctx.origin}/v2/epcis/events?perPage=${perPage}&nextPageToken=${token}>; rel="next"`;
		}
		ctx.json(
			200,
			{
				'@context': [EPCIS_CONTEXT],
				type: 'EPCISQueryDocument',
				schemaVersion: '2.0',
				creationDate: new Date().toISOString(),
				epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList } } },
			},
			headers,
		);
	});

	server.route('POST', '/__sandbox/epcis/events', (ctx) => {
		const events = Array.isArray(ctx.body) ? ctx.body : ctx.body?.events ?? [];
		ctx.json(201, state.addEvents(events, ctx.body?.recordTime));
	});

	server.route('GET', '/__sandbox/epcis/events', (ctx) => ctx.json(200, state.events));

	for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) {
		server.route(method, '/:path*', (ctx) => problem(ctx, 404, 'epcisException:NoSuchResourceException', `No route ${ctx.url.pathname}`));
	}

	state.reset = () => {
		for (const timer of state.timers) clearTimeout(timer);
		state.timers.clear();
		state.events = [];
		state.pages.clear();
		state.captures = 0;
	};
	sandbox.epcis = state;
	return state;
}

module.exports = { registerEpcis, validateSchema };
