'use strict';
/**
 * TrackVision's collections in a real Directus, made through Directus's own
 * API (/collections, /relations, /policies, /permissions, /roles, /users), with
 * the fields of the vendor's pages (README: TrackVision → Assumptions), and
 * seed data big enough that Return All needs several pages of 1,000.
 */

const SYSTEM_FIELDS = [
	{ field: 'user_created', type: 'uuid', meta: { special: ['user-created'], readonly: true, hidden: true } },
	{ field: 'date_created', type: 'timestamp', meta: { special: ['date-created'], readonly: true } },
	{ field: 'user_updated', type: 'uuid', meta: { special: ['user-updated'], readonly: true, hidden: true } },
	{ field: 'date_updated', type: 'timestamp', meta: { special: ['date-updated'], readonly: true } },
];

const uuidKey = { field: 'id', type: 'uuid', meta: { special: ['uuid'], readonly: true, hidden: true }, schema: { is_primary_key: true, length: 36, has_auto_increment: false } };
const text = (field, type = 'string') => ({ field, type, meta: {}, schema: {} });
const json = (field) => ({ field, type: 'json', meta: { special: ['cast-json'] }, schema: {} });

/**
 * The vendor pages give `id` as a UUID for checks and scan events; a result's
 * ID type is not given, so results get Directus's other kind of key, an
 * auto-increment integer, which Result ID accepts too.
 */
const COLLECTIONS = [
	{
		collection: 'integrity_check_result',
		fields: [
			{ field: 'id', type: 'integer', meta: { readonly: true, hidden: true }, schema: { is_primary_key: true, has_auto_increment: true } },
			...SYSTEM_FIELDS,
			text('status'),
			text('result'),
			text('check_source'),
			text('reason', 'text'),
			text('review_comments', 'text'),
			text('code'),
			text('source_scan'),
			text('product'),
			text('object_location'),
		],
	},
	{
		collection: 'integrity_check',
		fields: [
			uuidKey,
			...SYSTEM_FIELDS,
			text('check_mode'),
			text('qr_code'),
			text('code'),
			text('address'),
			text('notes', 'text'),
			{ field: 'result', type: 'integer', meta: { special: ['m2o'] }, schema: {} },
		],
	},
	{
		collection: 'scan_event',
		fields: [
			uuidKey,
			...SYSTEM_FIELDS,
			{ field: 'scan_date', type: 'timestamp', meta: {}, schema: {} },
			...['device', 'region', 'operating_system', 'browser', 'browser_version', 'device_type', 'city', 'country', 'timezone', 'link_type', 'event_type'].map((f) => text(f)),
			...['gps_latitude', 'gps_longitude', 'ip_latitude', 'ip_longitude'].map((f) => ({ field: f, type: 'float', meta: {}, schema: {} })),
			json('http_request_header'),
			json('http_request_body'),
			json('decoded_ip_info'),
		],
	},
	{
		// docs.trackvision.ai, native REST API, EPCIS data, epcis_capture: the capture jobs of the EPCIS interface.
		collection: 'epcis_capture',
		fields: [
			uuidKey,
			...SYSTEM_FIELDS,
			{ field: 'date_finished', type: 'timestamp', meta: {}, schema: {} },
			{ field: 'running', type: 'boolean', meta: {}, schema: {} },
			{ field: 'success', type: 'boolean', meta: {}, schema: {} },
			text('capture_error_behaviour'),
			text('errors', 'text'),
			json('context'),
		],
	},
];

/**
 * Roles by what they may do per collection. `node` is what the README's
 * TrackVision credential section lists; `updateOnly` may update checks and
 * results but read nothing (Directus answers its updates 204, no body).
 */
const ROLES = {
	node: {
		integrity_check: ['create', 'read', 'update', 'delete'],
		integrity_check_result: ['read', 'update'],
		scan_event: ['read'],
		epcis_capture: ['read'],
	},
	updateOnly: { integrity_check: ['update'], integrity_check_result: ['update'] },
};

async function createSchema(directus) {
	for (const { collection, fields } of COLLECTIONS) {
		await directus.data('POST', '/collections', { body: { collection, meta: { note: 'TrackVision (test suite)' }, schema: {}, fields } });
	}
	await directus.data('POST', '/relations', {
		body: { collection: 'integrity_check', field: 'result', related_collection: 'integrity_check_result', schema: { on_delete: 'SET NULL' } },
	});
}

/** A policy, role and user with a static token for each of ROLES; returns role name -> token. */
async function createRoles(directus) {
	const tokens = {};
	for (const [name, permissions] of Object.entries(ROLES)) {
		const policy = await directus.data('POST', '/policies', { body: { name: `TrackVision ${name}`, icon: 'badge', admin_access: false, app_access: false } });
		const rows = Object.entries(permissions).flatMap(([collection, actions]) =>
			actions.map((action) => ({ policy: policy.id, collection, action, fields: ['*'], permissions: {}, validation: {} })),
		);
		await directus.data('POST', '/permissions', { body: rows });
		const role = await directus.data('POST', '/roles', { body: { name: `TrackVision ${name}`, policies: [{ policy: policy.id }] } });
		tokens[name] = `directus-suite-${name}-token`;
		await directus.data('POST', '/users', {
			body: { email: `trackvision-${name.toLowerCase()}@example.com`, password: `directus-suite-${name}-password`, role: role.id, token: tokens[name], status: 'active' },
		});
	}
	return tokens;
}

const CHECK_MODES = ['scan_code', 'type_code_manually', 'automatic'];
const RESULTS = ['ok', 'unrecognized', 'unactivated', 'duplicated', 'diverted'];
const STATUSES = ['new', 'reviewed', 'dismissed'];
const SOURCES = ['crowd_sourced', 'inspector'];
const PLACES = ['Rue de Rivoli 1, Paris, FR', 'Gangnam-daero 10, Seoul, KR', "Queen's Road 8, Central, HK", '5th Avenue 100, New York, US'];
const CITIES = [
	{ city: 'Paris', region: 'Ile-de-France', country: 'France', timezone: 'Europe/Paris', latitude: 48.8566, longitude: 2.3522 },
	{ city: 'Seoul', region: 'Seoul', country: 'South Korea', timezone: 'Asia/Seoul', latitude: 37.5665, longitude: 126.978 },
	{ city: 'Hong Kong', region: 'Central and Western', country: 'Hong Kong', timezone: 'Asia/Hong_Kong', latitude: 22.2819, longitude: 114.1582 },
];
const DEVICES = [
	{ device: 'Apple iPhone 15', device_type: 'mobile', operating_system: 'iOS', browser: 'Mobile Safari', browser_version: '17.4' },
	{ device: 'Samsung Galaxy S24', device_type: 'mobile', operating_system: 'Android', browser: 'Chrome Mobile', browser_version: '124.0' },
	{ device: 'Desktop', device_type: 'desktop', operating_system: 'Windows', browser: 'Chrome', browser_version: '124.0' },
];

const SEED = { checks: 2500, results: 400, scanEvents: 1300, captureJobs: 1200 };
const BATCH = 500;

async function createInBatches(directus, collection, records) {
	const created = [];
	for (let start = 0; start < records.length; start += BATCH) {
		const page = await directus.data('POST', `/items/${collection}?fields=id`, { body: records.slice(start, start + BATCH) });
		created.push(...page.map((record) => record.id));
	}
	return created;
}

function resultValues(index) {
	const outcome = RESULTS[index % RESULTS.length];
	return {
		status: STATUSES[index % STATUSES.length],
		result: outcome,
		check_source: SOURCES[index % SOURCES.length],
		reason: `Seeded ${outcome}`,
		code: `SERIAL-${index}`,
		object_location: PLACES[index % PLACES.length],
	};
}

function checkValues(index, result) {
	return {
		check_mode: CHECK_MODES[index % CHECK_MODES.length],
		qr_code: `https://id.gs1.org/01/09521234543217/21/SERIAL-${index}`,
		code: `SERIAL-${index}`,
		address: PLACES[index % PLACES.length],
		notes: index % 4 === 0 ? `Seed note ${index}` : null,
		result,
	};
}

function scanEventValues(index) {
	const place = CITIES[index % CITIES.length];
	const gps = index % 3 !== 2;
	return {
		...DEVICES[index % DEVICES.length],
		scan_date: new Date(Date.UTC(2026, 0, 1) - Math.floor(index / 2) * 3_600_000).toISOString(),
		city: place.city,
		region: place.region,
		country: place.country,
		timezone: place.timezone,
		link_type: index % 2 ? 'traceability' : 'pip',
		event_type: Math.floor(index / 2) % 2 ? 'digital_link' : 'qr_scan',
		gps_latitude: gps ? place.latitude : null,
		gps_longitude: gps ? place.longitude : null,
		ip_latitude: place.latitude,
		ip_longitude: place.longitude,
		http_request_header: { 'user-agent': 'suite' },
		http_request_body: null,
		decoded_ip_info: { city: place.city, country: place.country },
	};
}

function captureJobValues(index) {
	const running = index % 10 === 0;
	const success = !running && index % 7 !== 3;
	return {
		running,
		success,
		date_finished: running ? null : new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(),
		capture_error_behaviour: index % 2 ? 'rollback' : 'proceed',
		errors: success || running ? null : `Event ${index}: epcList is empty`,
		context: { documents: 1 + (index % 3) },
	};
}

/**
 * Seeds results, checks (the first ones linked to a result each) and scan
 * events. Many share a check mode, address, country or timestamp: the ties
 * that pages must not lose or repeat. Returns the moment between the first
 * and the second batch of checks, for the date filters.
 */
async function seed(directus) {
	const resultIds = await createInBatches(directus, 'integrity_check_result', Array.from({ length: SEED.results }, (_, i) => resultValues(i)));
	const checks = Array.from({ length: SEED.checks }, (_, i) => checkValues(i, i < resultIds.length ? resultIds[i] : null));
	await createInBatches(directus, 'integrity_check', checks.slice(0, BATCH));
	await new Promise((resolve) => setTimeout(resolve, 20));
	const between = new Date();
	await new Promise((resolve) => setTimeout(resolve, 20));
	await createInBatches(directus, 'integrity_check', checks.slice(BATCH));
	await createInBatches(directus, 'scan_event', Array.from({ length: SEED.scanEvents }, (_, i) => scanEventValues(i)));
	await createInBatches(directus, 'epcis_capture', Array.from({ length: SEED.captureJobs }, (_, i) => captureJobValues(i)));
	return { between };
}

module.exports = { createSchema, createRoles, seed, SEED, ROLES, checkValues, resultValues, scanEventValues, captureJobValues };
