'use strict';
// TrackVision emulation (seed 002, api-notes section 2): a Directus-style data
// API with the integrity_check, integrity_check_result and scan_event
// collections (scan_event: docs.trackvision.ai, native REST API, consumers,
// scan events; read only here, as the node only reads it).
//
// Where the vendor docs are silent the sandbox follows Directus, as a real
// Directus 12.4 answered on Postgres (test/directus/):
// - /users/me answers for the token's user;
// - a request without a token is the public role, which gets 403;
// - list queries default to limit 100, sorted by primary key;
// - records whose sort keys tie come in a different order in each request
//   (Postgres keeps no order between offset pages), unless the sort names
//   the primary key;
// - a missing item is never 404: Get answers 403 to every role, Update and
//   Delete 204 to an admin (nothing done) and 403 to any other role;
// - a write by a role that may not read the record answers 204 with no body;
// - unknown payload fields are dropped, unknown query fields are 403.
const crypto = require('node:crypto');

const CHECK_MODES = ['scan_code', 'type_code_manually', 'automatic'];
const RESULTS = ['ok', 'unrecognized', 'unactivated', 'duplicated', 'diverted'];
const STATUSES = ['new', 'reviewed', 'dismissed'];
const SOURCES = ['crowd_sourced', 'inspector'];

const USERS = {
	admin: { id: '6b0f7c52-3d1e-4a8b-9c2d-1e5f7a9b3c4d', first_name: 'Sandbox', last_name: 'Admin', email: 'admin@trackvision.test', role: 'Administrator' },
	viewer: { id: '9a4e2d17-5b3c-4f6a-8e1d-2c7b9f0a6e5d', first_name: 'Sandbox', last_name: 'Viewer', email: 'viewer@trackvision.test', role: 'Viewer' },
	editor: { id: '3c8d5e21-7f4a-4b9c-8d2e-6a1f0b3c5d7e', first_name: 'Sandbox', last_name: 'Editor', email: 'editor@trackvision.test', role: 'Editor' },
	blind: { id: '5e2a9c14-1b7d-4e3f-9a8c-2d6b0f4e8a1c', first_name: 'Sandbox', last_name: 'Updater', email: 'updater@trackvision.test', role: 'Update only' },
};

/**
 * What each role may do per collection; the admin may do everything. The
 * editor has what the README lists for the node; the blind role may update
 * checks and results but read nothing.
 */
const PERMISSIONS = {
	viewer: { integrity_check: ['read'], integrity_check_result: ['read'], scan_event: ['read'], epcis_capture: ['read'] },
	editor: {
		integrity_check: ['create', 'read', 'update', 'delete'],
		integrity_check_result: ['read', 'update'],
		scan_event: ['read'],
		epcis_capture: ['read'],
	},
	blind: { integrity_check: ['update'], integrity_check_result: ['update'] },
};

const TOKENS = {
	'sandbox-tv-token': 'admin',
	'sandbox-tv-readonly': 'viewer',
	'sandbox-tv-editor': 'editor',
	'sandbox-tv-update-only': 'blind',
};
const EXPIRED_TOKENS = new Set(['sandbox-tv-expired']);

/** The fields Directus keeps on every record of these collections, all read only. */
const SYSTEM_FIELDS = { id: 'uuid', user_created: 'uuid', date_created: 'timestamp', user_updated: 'uuid', date_updated: 'timestamp' };
const READ_ONLY = Object.keys(SYSTEM_FIELDS);

const SCHEMA = {
	integrity_check: {
		fields: {
			...SYSTEM_FIELDS,
			check_mode: 'string',
			qr_code: 'string',
			code: 'string',
			address: 'string',
			notes: 'text',
			result: 'uuid',
		},
		relations: { result: 'integrity_check_result' },
		choices: {},
		methods: ['GET', 'POST', 'PATCH', 'DELETE'],
	},
	integrity_check_result: {
		fields: {
			...SYSTEM_FIELDS,
			status: 'string',
			result: 'string',
			check_source: 'string',
			reason: 'text',
			review_comments: 'text',
			code: 'string',
			source_scan: 'string',
			product: 'string',
			object_location: 'string',
		},
		relations: {},
		choices: { status: STATUSES, result: RESULTS, check_source: SOURCES },
		// The vendor documents reading results and reviewing them, nothing else.
		methods: ['GET', 'PATCH'],
	},
	// The fields of the vendor page's scan_event table, in its order.
	scan_event: {
		fields: {
			...SYSTEM_FIELDS,
			scan_date: 'timestamp',
			device: 'string',
			region: 'string',
			operating_system: 'string',
			browser: 'string',
			browser_version: 'string',
			device_type: 'string',
			city: 'string',
			country: 'string',
			timezone: 'string',
			link_type: 'string',
			event_type: 'string',
			gps_latitude: 'number',
			gps_longitude: 'number',
			ip_latitude: 'number',
			ip_longitude: 'number',
			http_request_header: 'json',
			http_request_body: 'json',
			decoded_ip_info: 'json',
		},
		relations: {},
		choices: {},
		methods: ['GET'],
	},
	// EPCIS capture jobs (docs.trackvision.ai, native REST API, EPCIS data, epcis_capture): the vendor documents
	// listing and reading them; the EPCIS sandbox (epcis.js) creates and finishes them.
	epcis_capture: {
		fields: {
			id: 'uuid',
			date_created: 'timestamp',
			date_updated: 'timestamp',
			date_finished: 'timestamp',
			running: 'boolean',
			success: 'boolean',
			capture_error_behaviour: 'string',
			errors: 'text',
			context: 'json',
		},
		relations: {},
		choices: { capture_error_behaviour: ['proceed', 'rollback'] },
		methods: ['GET'],
	},
};

const SEED_CHECKS = 250;
const SEED_SCAN_EVENTS = 120;
/** Every 25th seeded check has not been evaluated yet: its `result` is null. */
const UNEVALUATED_EVERY = 25;
/** Seeded records count back from this instant, one per hour. */
const SEED_ANCHOR = Date.parse('2026-01-01T00:00:00Z');
const DEFAULT_LIMIT = 100;

const PLACES = ['Rue de Rivoli 1, Paris, FR', 'Gangnam-daero 10, Seoul, KR', 'Queen\'s Road 8, Central, HK', '5th Avenue 100, New York, US'];
const REASONS = {
	ok: 'Code recognized and activated',
	unrecognized: 'Serial not found in the registry',
	unactivated: 'Serial was never commissioned',
	duplicated: 'Code scanned in two places too far apart',
	diverted: 'Code scanned outside its intended market',
};

const SCAN_PLACES = [
	{ city: 'Paris', region: 'Ile-de-France', country: 'France', timezone: 'Europe/Paris', latitude: 48.8566, longitude: 2.3522 },
	{ city: 'Seoul', region: 'Seoul', country: 'South Korea', timezone: 'Asia/Seoul', latitude: 37.5665, longitude: 126.978 },
	{ city: 'Hong Kong', region: 'Central and Western', country: 'Hong Kong', timezone: 'Asia/Hong_Kong', latitude: 22.2819, longitude: 114.1582 },
	{ city: 'New York', region: 'New York', country: 'United States', timezone: 'America/New_York', latitude: 40.7128, longitude: -74.006 },
];
const SCAN_DEVICES = [
	{ device: 'Apple iPhone 15', device_type: 'mobile', operating_system: 'iOS', browser: 'Mobile Safari', browser_version: '17.4' },
	{ device: 'Samsung Galaxy S24', device_type: 'mobile', operating_system: 'Android', browser: 'Chrome Mobile', browser_version: '124.0' },
	{ device: 'Apple iPad', device_type: 'tablet', operating_system: 'iPadOS', browser: 'Mobile Safari', browser_version: '17.4' },
	{ device: 'Desktop', device_type: 'desktop', operating_system: 'Windows', browser: 'Chrome', browser_version: '124.0' },
];
// The vendor page's examples; it does not give a closed list.
const SCAN_EVENT_TYPES = ['qr_scan', 'digital_link'];
const SCAN_LINK_TYPES = ['pip', 'traceability'];

/**
 * The documented fields of a scan event, varied by `index`. The page says only
 * that the three object fields hold the request's headers, its body if any, and
 * decoded IP information, so their contents here are illustrative. GPS comes
 * only "if available from device": every third scan has none.
 */
function scanEventValues(index) {
	const place = SCAN_PLACES[index % SCAN_PLACES.length];
	const device = SCAN_DEVICES[index % SCAN_DEVICES.length];
	const ip = `203.0.113.${index % 250}`;
	const gps = index % 3 !== 2;
	return {
		...device,
		city: place.city,
		region: place.region,
		country: place.country,
		timezone: place.timezone,
		link_type: SCAN_LINK_TYPES[index % SCAN_LINK_TYPES.length],
		event_type: SCAN_EVENT_TYPES[Math.floor(index / 2) % SCAN_EVENT_TYPES.length],
		gps_latitude: gps ? place.latitude : null,
		gps_longitude: gps ? place.longitude : null,
		ip_latitude: place.latitude,
		ip_longitude: place.longitude,
		http_request_header: { 'user-agent': `${device.browser}/${device.browser_version} (${device.operating_system})`, 'x-forwarded-for': ip },
		http_request_body: null,
		decoded_ip_info: { ip, city: place.city, region: place.region, country: place.country, timezone: place.timezone },
	};
}

/** FNV-1a: a quick 32-bit hash, to order ties. */
function fnv1a(text) {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
	return hash >>> 0;
}

function uuidFrom(seed) {
	const hex = crypto.createHash('md5').update(seed).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

class DirectusError extends Error {
	constructor(status, code, message) {
		super(message);
		this.status = status;
		this.code = code;
	}
}

const forbidden = () => new DirectusError(403, 'FORBIDDEN', "You don't have permission to access this.");
const invalidQuery = (message) => new DirectusError(400, 'INVALID_QUERY', `Invalid query. ${message}`);

function sendError(ctx, error) {
	ctx.json(error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] });
}

// ---- filters ----

/** `filter[a][_and][0][b][_eq]=x` -> {a: {_and: [{b: {_eq: "x"}}]}} */
function bracketFilter(searchParams) {
	const root = {};
	let found = false;
	for (const [key, value] of searchParams) {
		if (!key.startsWith('filter[')) continue;
		found = true;
		const path = [...key.slice('filter'.length).matchAll(/\[([^\]]*)\]/g)].map((match) => match[1]);
		let node = root;
		path.forEach((segment, index) => {
			if (index === path.length - 1) node[segment] = value;
			else node = node[segment] ??= {};
		});
	}
	return found ? arraysFromIndexedObjects(root) : undefined;
}

function arraysFromIndexedObjects(value) {
	if (!value || typeof value !== 'object') return value;
	const keys = Object.keys(value);
	if (keys.length && keys.every((key) => /^\d+$/.test(key))) {
		return keys.sort((a, b) => a - b).map((key) => arraysFromIndexedObjects(value[key]));
	}
	return Object.fromEntries(keys.map((key) => [key, arraysFromIndexedObjects(value[key])]));
}

function asList(value) {
	if (Array.isArray(value)) return value;
	return String(value).split(',');
}

function asBoolean(value) {
	return value === true || value === 'true' || value === 1 || value === '1';
}

function comparable(type, value) {
	if (value === null || value === undefined) return null;
	if (type === 'timestamp') return Date.parse(value);
	if (type === 'number') return Number(value);
	if (type === 'json') return JSON.stringify(value);
	return String(value);
}

const OPERATORS = {
	_eq: (type, actual, expected) => actual === comparable(type, expected),
	// Directus runs filters in SQL, where a null field is neither equal nor unequal to anything.
	_neq: (type, actual, expected) => actual !== null && actual !== comparable(type, expected),
	_lt: (type, actual, expected) => actual !== null && actual < comparable(type, expected),
	_lte: (type, actual, expected) => actual !== null && actual <= comparable(type, expected),
	_gt: (type, actual, expected) => actual !== null && actual > comparable(type, expected),
	_gte: (type, actual, expected) => actual !== null && actual >= comparable(type, expected),
	_in: (type, actual, expected) => asList(expected).some((value) => actual === comparable(type, value)),
	_nin: (type, actual, expected) => actual !== null && !asList(expected).some((value) => actual === comparable(type, value)),
	_null: (type, actual, expected) => (actual === null) === asBoolean(expected),
	_nnull: (type, actual, expected) => (actual !== null) === asBoolean(expected),
	_contains: (type, actual, expected) => actual !== null && String(actual).includes(String(expected)),
	_icontains: (type, actual, expected) => actual !== null && String(actual).toLowerCase().includes(String(expected).toLowerCase()),
	_starts_with: (type, actual, expected) => actual !== null && String(actual).startsWith(String(expected)),
	_ends_with: (type, actual, expected) => actual !== null && String(actual).endsWith(String(expected)),
	_between: (type, actual, expected) => {
		const [low, high] = asList(expected).map((value) => comparable(type, value));
		return actual !== null && actual >= low && actual <= high;
	},
};

function unknownField(collection, field) {
	return new DirectusError(
		403,
		'FORBIDDEN',
		`You don't have permission to access field "${field}" in collection "${collection}" or it does not exist.`,
	);
}

/** Rejects what Directus rejects before any record is read, so an empty collection still reports a bad filter. */
function validateFilter(filter, collection) {
	if (!filter || typeof filter !== 'object' || Array.isArray(filter)) throw invalidQuery('"filter" must be an object.');
	const schema = SCHEMA[collection];
	for (const [key, condition] of Object.entries(filter)) {
		if (key === '_and' || key === '_or') {
			if (!Array.isArray(condition)) throw invalidQuery(`"${key}" must be an array.`);
			condition.forEach((part) => validateFilter(part, collection));
			continue;
		}
		if (key.startsWith('_')) throw invalidQuery(`"${key}" is not a valid filter operator here.`);
		if (!schema.fields[key]) throw unknownField(collection, key);
		if (!condition || typeof condition !== 'object' || Array.isArray(condition)) {
			throw invalidQuery(`The filter for "${key}" must be an object such as {"_eq": "value"}.`);
		}
		for (const [operator, value] of Object.entries(condition)) {
			if (!operator.startsWith('_')) {
				const related = schema.relations[key];
				if (!related) throw invalidQuery(`"${key}" is not a relation; "${operator}" cannot be filtered through it.`);
				validateFilter({ [operator]: value }, related);
			} else if (!OPERATORS[operator]) {
				throw invalidQuery(`"${operator}" is not a valid filter operator.`);
			}
		}
	}
}

// ---- the collections ----

function registerTrackVision(server, sandbox, options = {}) {
	const seedChecks = options.trackVisionChecks ?? SEED_CHECKS;
	const state = {
		/** collection -> records, in insertion order */
		records: { integrity_check: [], integrity_check_result: [], scan_event: [], epcis_capture: [] },
		tokens: TOKENS,
		users: USERS,
	};

	/** collection -> ID -> record: relational filters look up one related record per row, over thousands of rows in the trigger simulations. */
	let byId = { integrity_check: new Map(), integrity_check_result: new Map(), scan_event: new Map(), epcis_capture: new Map() };
	const find = (collection, id) => byId[collection].get(String(id));

	function matches(record, filter, collection) {
		const schema = SCHEMA[collection];
		return Object.entries(filter).every(([key, condition]) => {
			if (key === '_and') return condition.every((part) => matches(record, part, collection));
			if (key === '_or') return condition.some((part) => matches(record, part, collection));
			const type = schema.fields[key];
			const actual = comparable(type, record[key]);
			return Object.entries(condition).every(([operator, expected]) => {
				if (operator.startsWith('_')) return OPERATORS[operator](type, actual, expected);
				const related = find(schema.relations[key], record[key]);
				return related !== undefined && matches(related, { [operator]: expected }, schema.relations[key]);
			});
		});
	}

	function parseFilter(ctx) {
		const raw = ctx.query.get('filter');
		let filter;
		if (raw !== null) {
			try {
				filter = JSON.parse(raw);
			} catch {
				throw invalidQuery('"filter" must be valid JSON.');
			}
		}
		const brackets = bracketFilter(ctx.query);
		if (filter && brackets) return { _and: [filter, brackets] };
		return filter ?? brackets;
	}

	function searchable(record, collection, term) {
		const needle = term.toLowerCase();
		return Object.entries(SCHEMA[collection].fields).some(
			([field, type]) => ['string', 'text'].includes(type) && String(record[field] ?? '').toLowerCase().includes(needle),
		);
	}

	/**
	 * Compares records by `sort`. Records whose keys tie are ordered by a hash
	 * of their ID salted with `ties`, so a request for another page (another
	 * salt) orders them differently, as Postgres does.
	 */
	function sorter(sort, collection, ties) {
		const keys = sort
			.split(',')
			.map((key) => key.trim())
			.filter(Boolean)
			.map((key) => ({ field: key.replace(/^-/, ''), descending: key.startsWith('-') }));
		for (const { field } of keys) if (!SCHEMA[collection].fields[field]) throw unknownField(collection, field);
		const fields = SCHEMA[collection].fields;
		const tieOrder = new Map();
		const tieKey = (record) => {
			let key = tieOrder.get(record);
			if (key === undefined) tieOrder.set(record, (key = fnv1a(`${ties}:${record.id}`)));
			return key;
		};
		return (a, b) => {
			for (const { field, descending } of keys) {
				const left = comparable(fields[field], a[field]);
				const right = comparable(fields[field], b[field]);
				if (left === right) continue;
				// As PostgreSQL orders them: nulls last ascending, first descending.
				if (left === null) return descending ? -1 : 1;
				if (right === null) return descending ? 1 : -1;
				return (left < right ? -1 : 1) * (descending ? -1 : 1);
			}
			return tieKey(a) - tieKey(b);
		};
	}

	/** `*`, `field`, `relation.*`, `relation.field` and `*.*` as a tree of what to return. */
	function fieldTree(fieldsParam, collection) {
		const tree = {};
		const paths = (fieldsParam ?? '*')
			.split(',')
			.map((path) => path.trim())
			.filter(Boolean);
		for (const path of paths.length ? paths : ['*']) {
			let node = tree;
			let current = collection;
			const segments = path.split('.');
			segments.forEach((segment, index) => {
				if (segment !== '*' && !SCHEMA[current]?.fields[segment]) throw unknownField(current, segment);
				const last = index === segments.length - 1;
				if (!last) {
					const related = segment === '*' ? current : SCHEMA[current].relations[segment];
					if (!related) throw invalidQuery(`"${segment}" in "${path}" is not a relation.`);
					if (typeof node[segment] !== 'object') node[segment] = {};
					node = node[segment];
					current = segment === '*' ? current : related;
				} else if (node[segment] === undefined) {
					node[segment] = true;
				}
			});
		}
		return tree;
	}

	function project(record, tree, collection) {
		const schema = SCHEMA[collection];
		const out = {};
		const wildcard = tree['*'];
		const names = wildcard ? Object.keys(schema.fields) : [];
		for (const name of Object.keys(tree)) if (name !== '*' && !names.includes(name)) names.push(name);
		for (const name of names) {
			const sub = typeof tree[name] === 'object' ? tree[name] : typeof wildcard === 'object' && schema.relations[name] ? { '*': true } : undefined;
			const value = record[name] ?? null;
			if (sub && schema.relations[name]) {
				const related = value === null ? undefined : find(schema.relations[name], value);
				out[name] = related ? project(related, sub, schema.relations[name]) : null;
			} else {
				out[name] = value;
			}
		}
		return out;
	}

	function integerParam(ctx, name, min) {
		const raw = ctx.query.get(name);
		if (raw === null) return undefined;
		const value = Number(raw);
		if (!Number.isInteger(value) || value < min) throw invalidQuery(`"${name}" must be an integer of at least ${min}.`);
		return value;
	}

	function list(ctx, collection) {
		const filter = parseFilter(ctx);
		if (filter !== undefined) validateFilter(filter, collection);
		const tree = fieldTree(ctx.query.get('fields'), collection);
		const limit = integerParam(ctx, 'limit', -1) ?? DEFAULT_LIMIT;
		const page = integerParam(ctx, 'page', 1);
		const offset = integerParam(ctx, 'offset', 0) ?? (page !== undefined && limit > 0 ? (page - 1) * limit : 0);
		const compare = sorter(ctx.query.get('sort') ?? 'id', collection, `${limit}:${offset}`);
		const search = ctx.query.get('search');
		const all = state.records[collection];
		const matching = all.filter(
			(record) => (filter === undefined || matches(record, filter, collection)) && (!search || searchable(record, collection, search)),
		);
		matching.sort(compare);
		const pageOfRecords = limit === -1 ? matching.slice(offset) : matching.slice(offset, offset + limit);
		const body = { data: pageOfRecords.map((record) => project(record, tree, collection)) };
		const meta = (ctx.query.get('meta') ?? '').split(',').map((name) => name.trim());
		if (meta.some((name) => ['total_count', 'filter_count', '*'].includes(name))) {
			body.meta = {};
			if (meta.includes('total_count') || meta.includes('*')) body.meta.total_count = all.length;
			if (meta.includes('filter_count') || meta.includes('*')) body.meta.filter_count = matching.length;
		}
		return body;
	}

	function validatePayload(collection, payload) {
		if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
			throw new DirectusError(400, 'INVALID_PAYLOAD', 'Invalid payload. "value" must be of type object.');
		}
		const schema = SCHEMA[collection];
		const values = {};
		for (const [field, value] of Object.entries(payload)) {
			if (!schema.fields[field] || READ_ONLY.includes(field)) continue;
			const choices = schema.choices[field];
			if (choices && !choices.includes(value)) {
				throw new DirectusError(
					400,
					'FAILED_VALIDATION',
					`Validation failed for field "${field}". Value has to be one of: ${choices.join(', ')}.`,
				);
			}
			const related = schema.relations[field];
			if (related && value !== null && !find(related, value)) {
				throw new DirectusError(
					400,
					'INVALID_FOREIGN_KEY',
					`Invalid foreign key "${String(value)}" for field "${field}" in collection "${collection}".`,
				);
			}
			if (value !== null && typeof value === 'object') {
				throw new DirectusError(400, 'FAILED_VALIDATION', `Validation failed for field "${field}". Value has to be a string.`);
			}
			values[field] = value;
		}
		return values;
	}

	function blankRecord(collection) {
		return Object.fromEntries(Object.keys(SCHEMA[collection].fields).map((field) => [field, null]));
	}

	function insert(collection, values, userId, at = new Date().toISOString()) {
		const record = { ...blankRecord(collection), ...values };
		record.id = values.id ?? crypto.randomUUID();
		record.user_created = userId;
		// Control routes may set it, also to null as for rows imported without one; the API never does.
		record.date_created = values.date_created === undefined ? at : values.date_created;
		state.records[collection].push(record);
		byId[collection].set(String(record.id), record);
		return record;
	}

	// ---- auth ----

	/** Directus token rules: none is the public role (403), an unknown or expired one is 401. */
	function authorize(ctx) {
		const match = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '');
		if (!match) throw forbidden();
		if (EXPIRED_TOKENS.has(match[1])) throw new DirectusError(401, 'TOKEN_EXPIRED', 'Token expired.');
		const role = TOKENS[match[1]];
		if (!role) throw new DirectusError(401, 'INVALID_CREDENTIALS', 'Invalid user credentials.');
		return USERS[role];
	}

	const ACTIONS = { GET: 'read', POST: 'create', PATCH: 'update', DELETE: 'delete' };
	const isAdmin = (user) => user === USERS.admin;
	const may = (user, collection, action) =>
		isAdmin(user) || Object.entries(USERS).some(([role, roleUser]) => roleUser === user && (PERMISSIONS[role][collection] ?? []).includes(action));

	function handler(method, handle) {
		return async (ctx) => {
			try {
				const user = authorize(ctx);
				const collection = ctx.params.collection;
				if (collection !== undefined && (!SCHEMA[collection]?.methods.includes(method) || !may(user, collection, ACTIONS[method]))) {
					throw forbidden();
				}
				await handle(ctx, user, collection);
			} catch (error) {
				if (!(error instanceof DirectusError)) throw error;
				sendError(ctx, error);
			}
		};
	}

	/** Directus answers a missing item as one the role may not see: 403 (never 404). */
	function requireItem(collection, id) {
		const record = find(collection, id);
		if (!record) throw forbidden();
		return record;
	}

	/** After a write Directus reads the record back for the answer; a role that may not read it gets 204 and no body. */
	function answerWith(ctx, user, collection, record) {
		if (!may(user, collection, 'read')) return ctx.json(204);
		ctx.json(200, { data: project(record, fieldTree(ctx.query.get('fields'), collection), collection) });
	}

	server.route('GET', '/users/me', handler('GET', (ctx, user) => ctx.json(200, { data: user })));

	server.route(
		'GET',
		'/items/:collection',
		handler('GET', (ctx, user, collection) => ctx.json(200, list(ctx, collection))),
	);

	server.route(
		'GET',
		'/items/:collection/:id',
		handler('GET', (ctx, user, collection) => {
			const tree = fieldTree(ctx.query.get('fields'), collection);
			ctx.json(200, { data: project(requireItem(collection, ctx.params.id), tree, collection) });
		}),
	);

	server.route(
		'POST',
		'/items/:collection',
		handler('POST', (ctx, user, collection) => {
			fieldTree(ctx.query.get('fields'), collection);
			const record = insert(collection, validatePayload(collection, ctx.body), user.id);
			answerWith(ctx, user, collection, record);
		}),
	);

	server.route(
		'PATCH',
		'/items/:collection/:id',
		handler('PATCH', (ctx, user, collection) => {
			fieldTree(ctx.query.get('fields'), collection);
			const values = validatePayload(collection, ctx.body);
			// An admin's update of a missing ID changes no row, and the read back for the answer finds none: 204.
			if (isAdmin(user) && !find(collection, ctx.params.id)) return ctx.json(204);
			const record = requireItem(collection, ctx.params.id);
			Object.assign(record, values, { user_updated: user.id, date_updated: new Date().toISOString() });
			answerWith(ctx, user, collection, record);
		}),
	);

	server.route(
		'DELETE',
		'/items/:collection/:id',
		handler('DELETE', (ctx, user, collection) => {
			if (isAdmin(user) && !find(collection, ctx.params.id)) return ctx.json(204);
			const record = requireItem(collection, ctx.params.id);
			state.records[collection].splice(state.records[collection].indexOf(record), 1);
			byId[collection].delete(String(record.id));
			ctx.json(204);
		}),
	);

	// ---- control routes for tests and demos ----

	/**
	 * Adds results. A spec without `date_created` is recorded now; one with it
	 * is stored as given, so tests can add several with the same timestamp, or
	 * late ones stamped before records that already exist. Fields left out get
	 * a value from the first choice, so a bare `{}` is a new ok result.
	 */
	state.addResults = (specs) =>
		specs.map((spec) =>
			insert(
				'integrity_check_result',
				{
					status: 'new',
					result: 'ok',
					check_source: 'crowd_sourced',
					reason: REASONS[spec.result ?? 'ok'],
					...spec,
				},
				USERS.admin.id,
			),
		);

	/** Adds checks; `result` may be a result spec (created alongside), a result ID or null. */
	state.addChecks = (specs) =>
		specs.map((spec) => {
			const { result, ...fields } = spec;
			const resultId = result && typeof result === 'object' ? state.addResults([{ date_created: spec.date_created, ...result }])[0].id : result ?? null;
			const check = insert('integrity_check', { check_mode: 'scan_code', ...fields, result: resultId }, USERS.admin.id);
			return project(check, { '*': true, result: { '*': true } }, 'integrity_check');
		});

	/** Adds consumer scan events; fields left out get those of a phone scan in Paris, `date_created` and `scan_date` now. */
	state.addScanEvents = (specs) =>
		specs.map((spec) =>
			insert('scan_event', { ...scanEventValues(0), scan_date: spec.date_created ?? new Date().toISOString(), ...spec }, USERS.admin.id),
		);

	/** A capture job as the EPCIS capture interface starts it; the record Directus lists under epcis_capture. */
	state.addCaptureJob = (fields) => insert('epcis_capture', { running: true, success: true, errors: null, date_finished: null, ...fields }, USERS.admin.id);
	state.updateCaptureJob = (id, fields) => Object.assign(find('epcis_capture', id), fields, { date_updated: new Date().toISOString() });
	state.userOfToken = (token) => (EXPIRED_TOKENS.has(token) ? undefined : USERS[TOKENS[token]]);

	server.route('POST', '/__sandbox/trackvision/scan-events', (ctx) => {
		const specs = Array.isArray(ctx.body) ? ctx.body : ctx.body?.scanEvents ?? [ctx.body ?? {}];
		ctx.json(201, state.addScanEvents(specs));
	});

	server.route('POST', '/__sandbox/trackvision/checks', (ctx) => {
		const specs = Array.isArray(ctx.body) ? ctx.body : ctx.body?.checks ?? [ctx.body ?? {}];
		ctx.json(201, state.addChecks(specs));
	});

	server.route('POST', '/__sandbox/trackvision/results', (ctx) => {
		const specs = Array.isArray(ctx.body) ? ctx.body : ctx.body?.results ?? [ctx.body ?? {}];
		ctx.json(201, state.addResults(specs));
	});

	// Anything else is an unknown route, in Directus's envelope rather than the core's default.
	for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) {
		server.route(method, '/:path*', (ctx) =>
			sendError(ctx, new DirectusError(404, 'ROUTE_NOT_FOUND', `Route ${ctx.url.pathname} doesn't exist.`)),
		);
	}

	/**
	 * 250 checks (or `trackVisionChecks`), newest first, with their results. The cycles of check modes
	 * (3), results (5), statuses (3) and sources (2) are short and co-prime
	 * enough that every value, and every result/status pair, appears.
	 */
	function seed() {
		state.records = { integrity_check: [], integrity_check_result: [], scan_event: [], epcis_capture: [] };
		byId = { integrity_check: new Map(), integrity_check_result: new Map(), scan_event: new Map(), epcis_capture: new Map() };
		for (let index = 0; index < seedChecks; index++) {
			const at = new Date(SEED_ANCHOR - index * 3_600_000).toISOString();
			const serial = crypto.createHash('sha1').update(`tv:serial:${index}`).digest('hex').slice(0, 10).toUpperCase();
			let resultId = null;
			if (index % UNEVALUATED_EVERY !== UNEVALUATED_EVERY - 1) {
				const outcome = RESULTS[index % RESULTS.length];
				const status = STATUSES[index % STATUSES.length];
				const result = insert(
					'integrity_check_result',
					{
						id: uuidFrom(`tv:result:${index}`),
						status,
						result: outcome,
						check_source: SOURCES[index % SOURCES.length],
						reason: REASONS[outcome],
						review_comments: status === 'new' ? null : `Seed review ${index}`,
						code: serial,
						object_location: PLACES[index % PLACES.length],
						date_created: at,
					},
					USERS.admin.id,
				);
				resultId = result.id;
			}
			insert(
				'integrity_check',
				{
					id: uuidFrom(`tv:check:${index}`),
					check_mode: CHECK_MODES[index % CHECK_MODES.length],
					qr_code: `https://id.gs1.org/01/09521234543217/21/${serial}`,
					code: serial,
					address: PLACES[index % PLACES.length],
					notes: index % 4 === 0 ? `Seed note ${index}` : null,
					result: resultId,
					date_created: at,
				},
				USERS.admin.id,
			);
		}

		for (let index = 0; index < SEED_SCAN_EVENTS; index++) {
			const at = new Date(SEED_ANCHOR - index * 3_600_000).toISOString();
			// The phone scanned a few seconds before the record was stored.
			const scannedAt = new Date(SEED_ANCHOR - index * 3_600_000 - 5_000).toISOString();
			const id = uuidFrom(`tv:scan:${index}`);
			insert('scan_event', { ...scanEventValues(index), id, scan_date: scannedAt, date_created: at }, USERS.admin.id);
		}
	}

	state.reset = seed;
	seed();
	sandbox.trackvision = state;
	return state;
}

module.exports = { registerTrackVision };
