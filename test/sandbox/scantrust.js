'use strict';
// Scantrust emulation (seeds 000 and 001, api-notes section 1).
//
// Assumption documented for the node: one workorder is read with
// GET /api/v2/workorders/{id}/, the REST convention this API follows for
// /api/v2/workorders/{id}/printer-confirm/. The vendor docs confirm only the list.
const crypto = require('node:crypto');
const { pageLink, streamText } = require('./core');
const { createZip } = require('./zip');

const MAX_PAGE_SIZE = 500;
/** The vendor's scan download example asks for `limit=2000`. */
const MAX_SCAN_PAGE_SIZE = 2000;
/** Pages kept built: the 100,000-scan campaign in pages of 2,000 is 50 a walk, about 130 MB; the benchmark walks it by cursor and by offset. */
const MAX_CACHED_SCAN_PAGES = 120;
const DEFAULT_PAGE_SIZE = 20;
/** Generated scans count back from this instant, one every `interval` seconds. */
const SCAN_ANCHOR = Date.parse('2026-01-01T00:00:00Z');

const TOKENS = {
	'sandbox-uat-token': 'all',
	'sandbox-uat-readonly': ['scans_download', 'workorder_view', 'product_view'],
};

const BRANDS = {
	JJ: { id: 1115, name: 'JJ', image: 'https://storage.sandbox.test/c/446/brand/jj.png' },
	SmartMilk: { id: 1116, name: 'SmartMilk', image: null },
	TeaCo: { id: 1117, name: 'TeaCo', image: null },
};

/** Products as the "Download Products" page shows them (devportal.scantrust.com/docs/build-with-scantrust/rest-api/product-download). */
const PRODUCTS = [
	{ id: 1919, sku: 'SS001', name: 'SantiagoShoes2017', brand: BRANDS.JJ, is_archived: false, creation_date: '2021-02-01T03:24:42.468939Z', code_count: 5000, active_code_count: 4200, blacklisted_code_count: 3 },
	{ id: 2017, sku: '12345678901234', name: 'SmartMilk ELN', brand: BRANDS.SmartMilk, is_archived: false, creation_date: '2023-06-12T08:00:00.000000Z', code_count: 120000, active_code_count: 0, blacklisted_code_count: 0 },
	{ id: 332, sku: 'P2', name: 'Premium Tea', brand: BRANDS.TeaCo, is_archived: false, creation_date: '2019-11-05T10:30:00.000000Z', code_count: 0, active_code_count: 0, blacklisted_code_count: 0 },
	{ id: 90, sku: 'OLD1', name: 'Retired Product', brand: BRANDS.JJ, is_archived: true, creation_date: '2018-03-01T00:00:00.000000Z', code_count: 10, active_code_count: 0, blacklisted_code_count: 10 },
].map((product) => ({
	uuid: uuidFrom(crypto.createHash('sha256').update(`product-${product.id}`).digest()),
	image: null,
	description: `${product.name} (sandbox)`,
	label: product.name,
	company: { id: 446, uuid: 'd7210852-db2c-4e91-b783-ca608cdfbe32', name: 'Sandbox Brand Owner' },
	client_url: `https://brand.sandbox.test/products/${product.sku}`,
	campaign: { id: 126, name: 'Sandbox campaign', description: 'Scans of the sandbox', is_archived: false },
	smartlabel: null,
	...product,
}));

const TEMPLATES = [
	{ id: 164, name: 'SG_Template_1', code_layout: 'sg-outside', use_serial_number: true, is_hybrid: true, substrate: null, printing_partner: null, extended_id_style: 'legacy' },
	{ id: 165, name: 'SG_Inside_Paper', code_layout: 'sg-inside', use_serial_number: true, is_hybrid: false, substrate: 1, printing_partner: 346, extended_id_style: 'compact-12' },
	{ id: 166, name: 'Custom_Label', code_layout: 'custom', use_serial_number: false, is_hybrid: false, substrate: null, printing_partner: 346, extended_id_style: 'legacy' },
].map((template) => ({
	description: 'n.a.',
	company: 6091,
	custom_layout: template.code_layout === 'custom' ? 12 : null,
	substrate_name: template.substrate ? 'Plain Paper' : '',
	image: null,
	is_fp_serialized: false,
	is_static_print: false,
	is_archived: false,
	activate_on_complete: false,
	url_prefix: '',
	partner_permissions: [],
	...template,
}));

/** campaign id -> how many generated scans it has and how far apart they are. */
const CAMPAIGNS = {
	126: { size: 30, interval: 3600 },
	195: { size: 2500, interval: 600 },
	543: { size: 0, interval: 60 },
	777: { size: 200_000, interval: 30 },
	2000: { size: 100_000, interval: 20 },
	1000: { size: 1_000_000, interval: 10 },
};

const FLAG_SETS = [[], [], [], [], [], [], [], [], [], [], [], [], [], [], ['counterfeit'], ['out-of-market'], ['blacklisted'], ['counterfeit', 'out-of-market'], [], ['genuine']];
const MARKETS = ['us', 'zh', 'kr', 'fr'];
const PLACES = [
	{ country_code: 'KR', country_name: 'South Korea', province_name: 'Seoul', city: 'Seoul', lat: 37.5985, lng: 126.9783 },
	{ country_code: 'HK', country_name: 'Hong Kong', province_name: 'Central', city: 'Central', lat: 22.2795, lng: 114.146 },
	{ country_code: 'FR', country_name: 'France', province_name: 'Ile-de-France', city: 'Paris', lat: 48.8566, lng: 2.3522 },
	{ country_code: 'US', country_name: 'United States', province_name: 'New York', city: 'New York', lat: 40.7128, lng: -74.006 },
];

function hashInts(...values) {
	return crypto.createHash('md5').update(values.join(':')).digest();
}

function uuidFrom(bytes) {
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Scan `index` of a campaign, computed on the fly: a million-scan campaign costs no memory. */
function generatedScan(campaignId, index) {
	const campaign = CAMPAIGNS[campaignId];
	const bytes = hashInts(campaignId, index);
	const product = PRODUCTS[bytes[0] % 3];
	const place = PLACES[bytes[1] % PLACES.length];
	const flags = FLAG_SETS[bytes[2] % FLAG_SETS.length];
	const activation = bytes[3] % 20 === 0 ? 2 : bytes[3] % 10 === 1 ? 0 : 1;
	const timestamp = new Date(SCAN_ANCHOR - index * campaign.interval * 1000).toISOString();
	return buildScan(campaignId, {
		uuid: uuidFrom(bytes),
		scan_timestamp: timestamp,
		flags,
		activation_status: activation,
		product_id: product.id,
		place,
		market: MARKETS[bytes[4] % MARKETS.length],
		serial: bytes.toString('hex').slice(0, 8).toUpperCase(),
		codeId: 7_000_000 + index,
	});
}

function buildScan(campaignId, spec) {
	const product = PRODUCTS.find((p) => p.id === spec.product_id) ?? PRODUCTS[0];
	const place = spec.place ?? PLACES[0];
	const counterfeit = spec.flags.includes('counterfeit');
	return {
		uuid: spec.uuid,
		utid: spec.uuid.replace(/^(.{8})/, 'e586c198'),
		user_id: null,
		user: { first_name: null, last_name: null, email: null },
		install_id: null,
		consumer_email: '',
		app: 'other',
		reason: 'query',
		result: counterfeit ? 'fail' : 'ok',
		auth_failure_mode: counterfeit ? 'copy' : '',
		is_blacklisted: spec.activation_status === 2,
		status: 'third-party',
		creation_date: spec.scan_timestamp,
		scan_timestamp: spec.scan_timestamp,
		mobile_scan_timestamp: null,
		device: { model: 'IPHONE', model_name: 'iPhone', os: 'ios', brand: 'Apple' },
		scm_data: { intended_market: spec.market ?? 'us', shipment_number: `ship_${spec.codeId % 7}`, reel_id: String(spec.codeId % 3) },
		country_name: place.country_name,
		country_code: place.country_code,
		province_name: place.province_name,
		city: place.city,
		lat: place.lat,
		lng: place.lng,
		serial_number: spec.serial,
		product_id: product.id,
		product_sku: product.sku,
		product_name: product.name,
		product_image: `c/446/product/${product.sku}.png`,
		code_id: spec.codeId,
		code_message: `${spec.serial}048043SMPHGF3SF544215B1C`,
		activation_status: spec.activation_status,
		blacklist_reason: spec.activation_status === 2 ? 4 : 0,
		computed_status: counterfeit ? 'failure' : 'verified',
		classification: 1,
		flags: spec.flags,
		campaign_id: Number(campaignId),
	};
}

const CSV_COLUMNS = [
	['scan.uuid', (s) => s.uuid],
	['scan.datetime', (s) => s.scan_timestamp],
	['scan.timestamp', (s) => Math.floor(Date.parse(s.scan_timestamp) / 1000)],
	['scan.app', (s) => s.app],
	['scan.reason', (s) => s.reason],
	['scan.result', (s) => s.result],
	['scan.computed_status', (s) => s.computed_status],
	['scan.auth_failure_mode', (s) => s.auth_failure_mode],
	['scan.flags', (s) => s.flags.join('|')],
	['scan.utid', (s) => s.utid],
	['code.extended_id', (s) => s.code_message],
	['code.serial_number', (s) => s.serial_number],
	['code.activation_status', (s) => s.activation_status],
	['product.id', (s) => s.product_id],
	['product.sku', (s) => s.product_sku],
	['product.name', (s) => s.product_name],
	['location.country_code', (s) => s.country_code],
	['location.country', (s) => s.country_name],
	['location.city', (s) => s.city],
	['location.lat', (s) => s.lat],
	['location.lng', (s) => s.lng],
	['scm.intended_market', (s) => s.scm_data.intended_market ?? ''],
	['scm.reel_id', (s) => s.scm_data.reel_id ?? ''],
	['scm.shipment_number', (s) => s.scm_data.shipment_number ?? ''],
];

function parseTimeframe(value) {
	const match = /^-?(\d+)([ymwd])$/.exec(value ?? '');
	if (!match) return undefined;
	const days = { y: 365, m: 30, w: 7, d: 1 }[match[2]];
	return Number(match[1]) * days * 86_400_000;
}

function registerScantrust(server, sandbox, options = {}) {
	const state = {
		completionDelayMs: options.workorderCompletionMs ?? 0,
		/** campaign id -> scans added by tests, kept newest first */
		addedScans: new Map(),
		/** query string -> body of a cursor page of a generated campaign */
		scanPages: new Map(),
		workorders: [],
		/** products added by tests, after the fixed ones */
		addedProducts: [],
		nextWorkorderId: 5100,
		codesOnApiOrigin: new Set(),
		/** The list is newest ID first, as observed; 'oldest-first' checks that nodes do not depend on it blindly. */
		workorderListOrder: 'newest-first',
	};

	function authorize(ctx, permission) {
		const header = ctx.req.headers.authorization ?? '';
		const match = /^UAT (\S+)$/.exec(header);
		const grants = match ? TOKENS[match[1]] : undefined;
		if (!grants) {
			ctx.json(401, { detail: match ? 'Invalid token.' : 'Authentication credentials were not provided.' });
			return false;
		}
		if (permission && grants !== 'all' && !grants.includes(permission)) {
			ctx.json(403, { detail: 'You do not have permission to perform this action.' });
			return false;
		}
		return true;
	}

	function pageParams(ctx, maxPageSize = MAX_PAGE_SIZE) {
		const limit = Math.min(Number(ctx.query.get('limit') ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE, maxPageSize);
		const offset = Number(ctx.query.get('offset') ?? 0) || 0;
		return { limit, offset };
	}

	function offsetPage(ctx, records) {
		const { limit, offset } = pageParams(ctx);
		const params = Object.fromEntries(ctx.query);
		const results = records.slice(offset, offset + limit);
		const hasNext = offset + limit < records.length;
		ctx.json(200, {
			count: records.length,
			next: hasNext ? pageLink(ctx, { ...params, limit, offset: offset + limit }) : null,
			previous: offset > 0 ? pageLink(ctx, { ...params, limit, offset: Math.max(0, offset - limit) }) : null,
			results,
		});
	}

	// ---- scans ----
	function scanSource(campaignId) {
		const added = state.addedScans.get(String(campaignId)) ?? [];
		const generatedCount = CAMPAIGNS[campaignId]?.size ?? 0;
		return {
			length: added.length + generatedCount,
			at: (position) => (position < added.length ? added[position] : generatedScan(campaignId, position - added.length)),
		};
	}

	function scanFilter(ctx) {
		const q = ctx.query;
		const campaignId = q.get('campaign_id') ?? q.get('campaign');
		if (!campaignId) return { error: { campaign_id: ['This field is required.'] } };
		if (!/^\d+$/.test(campaignId)) return { error: { campaign_id: ['A valid integer is required.'] } };
		let from = q.get('date_from') ? Date.parse(q.get('date_from')) : undefined;
		const to = q.get('date_to') ? Date.parse(q.get('date_to')) : undefined;
		if (Number.isNaN(from) || Number.isNaN(to)) return { error: { date_from: ['Enter a valid date/time.'] } };
		if (q.get('timeframe')) {
			const span = parseTimeframe(q.get('timeframe'));
			if (span === undefined) return { error: { timeframe: ['Unknown timeframe; use e.g. 1y, 1m, 1w or 1d.'] } };
			from = Date.now() - span;
		}
		const flags = (q.get('flags') ?? '').split(',').filter(Boolean);
		const activation = q.get('activation_status');
		const product = q.get('product');
		const scm = [...q.entries()].filter(([key]) => key.startsWith('scm_')).map(([key, value]) => [key.slice(4), value]);
		const matches = (scan) => {
			const time = Date.parse(scan.scan_timestamp);
			if (from !== undefined && time < from) return false;
			if (to !== undefined && time > to) return false;
			if (flags.length && !scan.flags.some((flag) => flags.includes(flag))) return false;
			if (activation !== null && activation !== '' && scan.activation_status !== Number(activation)) return false;
			if (product && scan.product_id !== Number(product)) return false;
			return scm.every(([key, value]) => String(scan.scm_data[key] ?? '') === value);
		};
		const everything = from === undefined && to === undefined && !flags.length && (activation === null || activation === '') && !product && !scm.length;
		return { campaignId, matches, everything };
	}

	function* matchingScans(source, matches, start = 0) {
		for (let position = start; position < source.length; position++) {
			const scan = source.at(position);
			if (matches(scan)) yield { position, scan };
		}
	}

	server.route('GET', '/api/v2/dashboard/scans/', (ctx) => {
		if (!authorize(ctx, 'scans_download')) return;
		const filter = scanFilter(ctx);
		if (filter.error) return ctx.json(400, filter.error);
		const source = scanSource(filter.campaignId);
		const { limit, offset } = pageParams(ctx, MAX_SCAN_PAGE_SIZE);
		const params = Object.fromEntries(ctx.query);
		// A generated campaign never changes, so its pages are built once: a real API's own work is not
		// the client's, and a benchmark should not measure the sandbox generating scans.
		const cacheable = !state.addedScans.has(String(filter.campaignId)) && !ctx.query.get('timeframe');
		const buildPage = () =>
			ctx.query.get('page_mode') === 'cursor' ? cursorPage(ctx, source, filter, limit, params) : offsetScanPage(ctx, source, filter, limit, offset, params);
		if (!cacheable) return ctx.json(200, buildPage());
		// Kept encoded: re-encoding 2 MB a response would be sandbox CPU on the client's cores.
		let page = state.scanPages.get(ctx.url.search);
		if (!page) {
			page = Buffer.from(JSON.stringify(buildPage()));
			if (state.scanPages.size >= MAX_CACHED_SCAN_PAGES) state.scanPages.delete(state.scanPages.keys().next().value);
			state.scanPages.set(ctx.url.search, page);
		}
		ctx.res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': page.length });
		ctx.res.end(page);
	});

	function cursorPage(ctx, source, filter, limit, params) {
		const start = ctx.query.get('cursor') ? Number(Buffer.from(ctx.query.get('cursor'), 'base64url').toString()) : 0;
		const results = [];
		let next = null;
		for (const { position, scan } of matchingScans(source, filter.matches, start)) {
			if (results.length === limit) {
				next = pageLink(ctx, { ...params, limit, cursor: Buffer.from(String(position)).toString('base64url') });
				break;
			}
			results.push(scan);
		}
		return { next, previous: null, results };
	}

	function offsetScanPage(ctx, source, filter, limit, offset, params) {
		const results = [];
		let count = 0;
		if (filter.everything) {
			// No filter beyond the campaign: the count is known and the page is read where it lies.
			count = source.length;
			for (let position = offset; position < Math.min(count, offset + limit); position++) results.push(source.at(position));
		} else {
			for (const { scan } of matchingScans(source, filter.matches)) {
				if (count >= offset && results.length < limit) results.push(scan);
				count += 1;
			}
		}
		return {
			count,
			next: offset + limit < count ? pageLink(ctx, { ...params, limit, offset: offset + limit }) : null,
			previous: offset > 0 ? pageLink(ctx, { ...params, limit, offset: Math.max(0, offset - limit) }) : null,
			results,
		};
	}

	server.route('GET', '/api/v2/dashboard/scans/csv', async (ctx) => {
		if (!authorize(ctx, 'scans_download')) return;
		const filter = scanFilter(ctx);
		if (filter.error) return ctx.json(400, filter.error);
		const source = scanSource(filter.campaignId);
		function* lines() {
			yield `${CSV_COLUMNS.map(([name]) => name).join(',')}\n`;
			let batch = '';
			for (const { scan } of matchingScans(source, filter.matches)) {
				batch += `${CSV_COLUMNS.map(([, value]) => String(value(scan)).replace(/,/g, ' ')).join(',')}\n`;
				if (batch.length > 64 * 1024) {
					yield batch;
					batch = '';
				}
			}
			if (batch) yield batch;
		}
		await streamText(ctx.res, 200, { 'Content-Type': 'text/csv; charset=utf-8' }, lines());
	});

	// ---- products and templates ----
	server.route('GET', '/api/v2/products/', (ctx) => {
		if (!authorize(ctx, 'product_view')) return;
		let products = [...PRODUCTS, ...state.addedProducts];
		// Documented default: 0, not archived.
		const archived = ctx.query.get('is_archived') ?? '0';
		products = products.filter((p) => p.is_archived === (archived === '1' || archived === 'true'));
		const sku = ctx.query.get('sku__exact');
		if (sku) products = products.filter((p) => p.sku === sku);
		const ordering = ctx.query.get('ordering');
		if (ordering) {
			const key = ordering.replace(/^-/, '');
			products.sort((a, b) => String(a[key]).localeCompare(String(b[key])) * (ordering.startsWith('-') ? -1 : 1));
		}
		offsetPage(ctx, products);
	});

	server.route('GET', '/api/v2/workorders/templates/', (ctx) => {
		if (!authorize(ctx, 'workorder_view')) return;
		offsetPage(ctx, TEMPLATES);
	});

	// ---- workorders ----
	function codesZip(workorder) {
		const rows = ['Extended ID,Serial Number,Sequence,Batch,Full URL'];
		const prefix = workorder.url_prefix || 'HTTPS://ST4.CH/Q/';
		for (let sequence = 1; sequence <= workorder.quantity; sequence++) {
			const extendedId = crypto.createHash('sha1').update(`${workorder.id}:${sequence}`).digest('hex').slice(0, 24).toUpperCase();
			rows.push(`${extendedId},SN${String(sequence).padStart(8, '0')},${sequence},${workorder.reference},${prefix}${extendedId}`);
		}
		const manifest = {
			workorder: workorder.id,
			reference: workorder.reference,
			quantity: workorder.quantity,
			files: ['codes.csv'],
			generated_at: workorder.date_codes_completed,
		};
		return createZip([
			{ name: 'codes.csv', data: `${rows.join('\n')}\n` },
			{ name: 'manifest.json', data: JSON.stringify(manifest, null, 2) },
		]);
	}

	function complete(workorder) {
		workorder.state = 'completed';
		workorder.codegen_status = 4;
		workorder.is_ready_to_print = true;
		workorder.date_codes_completed = new Date().toISOString();
		delete workorder.completeAt;
		const key = `workorders/${workorder.id}/codes-${workorder.reference}.zip`;
		if (state.codesOnApiOrigin.has(workorder.id)) {
			workorder.codegen_file = `${server.url}/media/${key}`;
		} else {
			workorder.codegen_file = sandbox.storage.put(key, { contentType: 'application/zip', body: codesZip(workorder) });
		}
		return workorder;
	}

	/** Workorders progress in time: a confirmed or SID workorder completes once its delay has passed. */
	function progress() {
		const now = Date.now();
		for (const workorder of state.workorders) {
			if (workorder.completeAt !== undefined && now >= workorder.completeAt) complete(workorder);
		}
	}

	function newWorkorder(fields) {
		const id = fields.id ?? state.nextWorkorderId++;
		return {
			id,
			company: { id: 339, name: 'Sandbox Brand' },
			printing_partner: fields.printing_partner ? { id: Number(fields.printing_partner), name: 'Sandbox Printer' } : null,
			equipment: null,
			state: 'new',
			due_date: null,
			reference: fields.reference,
			creation_date: fields.creation_date ?? new Date().toISOString(),
			code_layout: fields.code_layout ?? null,
			use_serial_number: fields.use_serial_number ?? true,
			static_unique_codes_quantity: fields.static_unique_codes_quantity ?? 0,
			quantity: Number(fields.quantity),
			is_ready_to_print: false,
			date_codes_completed: null,
			is_archived: fields.is_archived ?? false,
			codegen_status: 1,
			codegen_file: null,
			data: { remarks: fields.remarks ?? '', activate_on_complete: fields.activate_on_complete ?? false },
			product: fields.product ? { id: PRODUCTS.find((p) => p.sku === fields.product)?.id ?? null, sku: fields.product } : null,
			brand: { id: 143, name: 'Sandbox Brand' },
			remarks: fields.remarks ?? '',
			printed_date: null,
			has_secure_workflow: false,
			static_impositions: 0,
			designer: null,
			external_id: '',
			is_fingerprint_trained: false,
			substrate: fields.substrate ? { id: Number(fields.substrate), name: 'Plain Paper', description: '' } : null,
			template: fields.template ? Number(fields.template) : null,
			template_image: fields.template_image ?? null,
			is_hybrid: fields.is_hybrid ?? true,
			is_static_print: fields.is_static_print ?? false,
			is_fp_serialized: fields.is_fp_serialized ?? true,
			url_prefix: fields.url_prefix ?? 'HTTPS://QR2.CH/Q/',
			extended_id_style: fields.extended_id_style ?? 'legacy',
			partner_permissions: fields.partner_permissions ?? [],
		};
	}

	/** Internal bookkeeping stays off the JSON the API returns. */
	function scheduleCompletion(workorder, delayMs = state.completionDelayMs) {
		Object.defineProperty(workorder, 'completeAt', {
			value: Date.now() + delayMs,
			writable: true,
			configurable: true,
			enumerable: false,
		});
	}

	function seedWorkorders() {
		state.workorders = [];
		state.nextWorkorderId = 5100;
		state.codesOnApiOrigin = new Set([5004]);
		const base = Date.parse('2026-03-01T08:00:00Z');
		const seeds = [
			{ id: 5001, reference: 'WO-NEW-1', remarks: 'awaiting printer', state: 'new', codegen_status: 1 },
			{ id: 5002, reference: 'WO-CONFIRMED-1', remarks: 'confirmed, generating', state: 'new', codegen_status: 6 },
			{ id: 5003, reference: 'WO-READY-1', remarks: 'ready to print', state: 'ready to print', codegen_status: 6 },
			{ id: 5004, reference: 'WO-DONE-API', remarks: 'completed, file on API host', complete: true },
			{ id: 5005, reference: 'WO-DONE-STORAGE', remarks: 'completed, file on storage', complete: true },
			{ id: 5006, reference: 'WO-ARCHIVED-1', remarks: 'old batch', complete: true, is_archived: true },
		];
		seeds.forEach((seed, index) => {
			const workorder = newWorkorder({
				...seed,
				quantity: 25 + index,
				code_layout: 'sg-inside',
				printing_partner: 346,
				creation_date: new Date(base + index * 86_400_000).toISOString(),
			});
			if (seed.complete) complete(workorder);
			else {
				workorder.state = seed.state;
				workorder.codegen_status = seed.codegen_status;
			}
			state.workorders.push(workorder);
		});
	}

	function listedWorkorders(ctx) {
		progress();
		const newestFirst = state.workorderListOrder !== 'oldest-first';
		let records = [...state.workorders].sort((a, b) => (newestFirst ? b.id - a.id : a.id - b.id));
		const archived = ctx.query.get('is_archived');
		if (archived === '0' || archived === '1') records = records.filter((w) => w.is_archived === (archived === '1'));
		const search = (ctx.query.get('search') ?? '').toLowerCase();
		if (search) {
			records = records.filter((w) => `${w.reference} ${w.remarks}`.toLowerCase().includes(search));
		}
		return records;
	}

	server.route('GET', '/api/v2/workorders/', (ctx) => {
		if (!authorize(ctx, 'workorder_view')) return;
		offsetPage(ctx, listedWorkorders(ctx));
	});

	server.route('GET', '/api/v2/workorders/:id/', (ctx) => {
		if (!authorize(ctx, 'workorder_view')) return;
		progress();
		const workorder = state.workorders.find((w) => String(w.id) === ctx.params.id);
		if (!workorder) return ctx.json(404, { detail: 'Not found.' });
		ctx.json(200, workorder);
	});

	function requireFields(body, names) {
		const errors = {};
		for (const name of names) {
			if (body?.[name] === undefined || body[name] === null || body[name] === '') errors[name] = ['This field is required.'];
		}
		return errors;
	}

	function validateCommon(body, errors) {
		if (body.quantity !== undefined && !(Number.isInteger(Number(body.quantity)) && Number(body.quantity) >= 1)) {
			errors.quantity = ['Ensure this value is greater than or equal to 1.'];
		}
		if (body.reference && state.workorders.some((w) => w.reference === body.reference)) {
			errors.reference = ['Workorder with this reference already exists for this company.'];
		}
	}

	server.route('POST', '/api/v2/workorders/create-sg/', (ctx) => {
		if (!authorize(ctx, 'workorder_create')) return;
		const body = ctx.body ?? {};
		const errors = requireFields(body, ['quantity', 'code_layout', 'printing_partner', 'reference']);
		validateCommon(body, errors);
		if (body.code_layout && !['sg-inside', 'sg-outside', 'custom'].includes(body.code_layout)) {
			errors.code_layout = [`"${body.code_layout}" is not a valid choice.`];
		}
		if (body.code_layout === 'custom' && !body.custom_layout) {
			errors.custom_layout = ['This field is required when code_layout is custom.'];
		}
		if (body.template !== undefined && !TEMPLATES.some((t) => t.id === Number(body.template))) {
			errors.template = [`Invalid pk "${body.template}" - object does not exist.`];
		}
		if (Object.keys(errors).length) return ctx.json(400, errors);
		const workorder = newWorkorder(body);
		state.workorders.push(workorder);
		ctx.json(201, workorder);
	});

	server.route('POST', '/api/v2/workorders/create-sid/', (ctx) => {
		if (!authorize(ctx, 'workorder_create')) return;
		const body = ctx.body ?? {};
		const errors = requireFields(body, ['activate_on_complete', 'reference', 'quantity', 'use_serial_number']);
		validateCommon(body, errors);
		if (Object.keys(errors).length) return ctx.json(400, errors);
		const workorder = newWorkorder({ ...body, code_layout: null });
		workorder.codegen_status = 6;
		scheduleCompletion(workorder);
		state.workorders.push(workorder);
		ctx.json(201, workorder);
	});

	server.route('PATCH', '/api/v2/workorders/:id/printer-confirm/', (ctx) => {
		if (!authorize(ctx, 'workorder_edit')) return;
		const workorder = state.workorders.find((w) => String(w.id) === ctx.params.id);
		if (!workorder) return ctx.json(404, { detail: 'Not found.' });
		if (workorder.state === 'completed') return ctx.json(400, { detail: 'This workorder is already completed.' });
		const body = ctx.body ?? {};
		const errors = requireFields(body, ['substrate', 'equipment']);
		if (Object.keys(errors).length) return ctx.json(400, errors);
		workorder.substrate = { id: Number(body.substrate), name: 'Plain Paper', description: '' };
		workorder.equipment = { id: Number(body.equipment), name: 'Sandbox Press' };
		workorder.external_id = body.external_id ?? '';
		workorder.codegen_status = 6;
		scheduleCompletion(workorder);
		ctx.json(200, workorder);
	});

	server.route('GET', '/media/:key*', (ctx) => {
		if (!authorize(ctx, 'workorder_download')) return;
		const workorder = state.workorders.find((w) => w.codegen_file === `${server.url}/media/${ctx.params.key}`);
		if (!workorder) return ctx.json(404, { detail: 'Not found.' });
		const zip = codesZip(workorder);
		ctx.res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': zip.length });
		ctx.res.end(zip);
	});

	server.route('GET', '/api/v2/me/', (ctx) => {
		if (!authorize(ctx)) return;
		const token = ctx.req.headers.authorization.slice(4);
		const grants = TOKENS[token];
		ctx.json(200, {
			id: 1,
			email: 'sandbox@example.com',
			company: { id: 339, name: 'Sandbox Brand' },
			permissions: grants === 'all' ? 'all' : grants,
		});
	});

	// ---- control routes for tests and demos ----
	server.route('POST', '/__sandbox/scantrust/workorders/:id/complete', (ctx) => {
		const workorder = state.workorders.find((w) => String(w.id) === ctx.params.id);
		if (!workorder) return ctx.json(404, { detail: 'Not found.' });
		ctx.json(200, complete(workorder));
	});

	server.route('POST', '/__sandbox/scantrust/workorders', (ctx) => {
		ctx.json(201, state.createWorkorder(ctx.body ?? {}));
	});

	server.route('PATCH', '/__sandbox/scantrust/workorders/:id', (ctx) => {
		const workorder = state.updateWorkorder(ctx.params.id, ctx.body ?? {});
		if (!workorder) return ctx.json(404, { detail: 'Not found.' });
		ctx.json(200, workorder);
	});

	server.route('POST', '/__sandbox/scantrust/products', (ctx) => {
		ctx.json(201, state.addProducts(Number(ctx.body?.count ?? 1)));
	});

	server.route('POST', '/__sandbox/scantrust/scans', (ctx) => {
		ctx.json(201, state.addScans(ctx.body.campaign_id, ctx.body.scans ?? [{}]));
	});

	/**
	 * Creates a workorder as if a user had: `complete: true` finishes it at once,
	 * `complete_in_ms` lets it finish on its own later (as after a printer confirms).
	 */
	state.createWorkorder = (fields) => {
		const workorder = newWorkorder({ quantity: 10, reference: `WO-${state.nextWorkorderId}`, ...fields });
		state.workorders.push(workorder);
		if (fields.complete) complete(workorder);
		else if (fields.complete_in_ms !== undefined) {
			workorder.codegen_status = 6;
			scheduleCompletion(workorder, Number(fields.complete_in_ms));
		}
		return workorder;
	};

	/** Edits what a user can change after creation, e.g. archiving or new remarks. */
	state.updateWorkorder = (id, fields) => {
		const workorder = state.workorders.find((w) => String(w.id) === String(id));
		if (!workorder) return undefined;
		for (const key of ['is_archived', 'remarks', 'reference']) {
			if (fields[key] !== undefined) workorder[key] = fields[key];
		}
		return workorder;
	};

	/**
	 * Adds scans to a campaign; a scan without `scan_timestamp` is recorded now,
	 * `age_ms` records it that long ago (a late upload), and `count` repeats the
	 * spec as a burst sharing one timestamp.
	 */
	state.addScans = (campaignId, specs) => {
		const key = String(campaignId);
		const list = state.addedScans.get(key) ?? [];
		const expanded = specs.flatMap((spec) => {
			const scan_timestamp = spec.scan_timestamp ?? new Date(Date.now() - (spec.age_ms ?? 0)).toISOString();
			const count = spec.count ?? 1;
			return Array.from({ length: count }, () => ({ ...spec, scan_timestamp, uuid: count > 1 ? undefined : spec.uuid }));
		});
		const created = expanded.map((spec, index) => {
			const uuid = spec.uuid ?? crypto.randomUUID();
			return buildScan(key, {
				uuid,
				scan_timestamp: spec.scan_timestamp,
				flags: spec.flags ?? [],
				activation_status: spec.activation_status ?? 1,
				product_id: spec.product_id ?? PRODUCTS[0].id,
				place: PLACES[spec.place ?? 0],
				market: spec.intended_market ?? 'us',
				serial: spec.serial_number ?? uuid.slice(0, 8).toUpperCase(),
				codeId: spec.code_id ?? 9_000_000 + list.length + index,
			});
		});
		list.push(...created);
		list.sort((a, b) => b.scan_timestamp.localeCompare(a.scan_timestamp));
		state.addedScans.set(key, list);
		return created;
	};
	/** Adds `count` active products, `GEN-1`, `GEN-2`, …, shaped like the fixed ones. */
	state.addProducts = (count) => {
		const created = Array.from({ length: count }, (_, index) => {
			const n = state.addedProducts.length + index + 1;
			return { ...PRODUCTS[0], id: 100_000 + n, uuid: crypto.randomUUID(), sku: `GEN-${n}`, name: `Generated ${n}`, label: `Generated ${n}` };
		});
		state.addedProducts.push(...created);
		return created;
	};
	state.complete = (id) => complete(state.workorders.find((w) => w.id === Number(id)));
	state.reset = () => {
		state.addedScans.clear();
		state.addedProducts = [];
		state.workorderListOrder = 'newest-first';
		seedWorkorders();
	};
	state.generatedScan = generatedScan;
	state.campaigns = CAMPAIGNS;
	state.templates = TEMPLATES;
	state.products = PRODUCTS;
	state.tokens = TOKENS;

	seedWorkorders();
	sandbox.scantrust = state;
	return state;
}

module.exports = { registerScantrust, CAMPAIGNS, MAX_PAGE_SIZE, MAX_SCAN_PAGE_SIZE };
