'use strict';
// NeoDay gateway emulation (seed 003, api-notes section 3): the OAuth2
// client-credentials token endpoint and the automated data exports.
//
// Assumptions the seed leaves open, kept in one place:
// - the results list is newest first (`state.resultsOrder = 'oldest-first'`
//   turns it round, to test clients that must not depend on it);
// - `perPage` is capped at MAX_PER_PAGE;
// - a fetch of an expired result answers 410, an unknown result 404;
// - error bodies are `{code, message}`, and the token endpoint answers as
//   league/oauth2-server does: `{error, error_description, message}`.
//
// Custom events, coupons and the Idempotency-Key (dev.neoday.com/server-apis,
// /custom-events, /coupons). The pages give the requests and the success
// statuses; these choices of the sandbox fill in what they leave open:
// - no permission is named for them, so any valid token may call them;
// - success answers carry an empty JSON object;
// - a schema whose `$id` is not its own URI, or that is not an object, is
//   refused with 400; sending an undefined event gives 404; event data is
//   checked against the schema's top-level `properties` (type and `minimum`)
//   and `required`, with 400 when it does not match;
// - a missing field gives 400, an unknown code or reference 404, and a
//   second consume of the same code (for an unlimited single code: by the same
//   user) 409;
// - an Idempotency-Key over 255 characters gives 400; keys are kept per
//   client, and a replay returns the stored status and body.
const crypto = require('node:crypto');

const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 10;
const TOKEN_LIFETIME_SECONDS = 15_897_600;
const PERMISSION = 'automated-exports-view';
const SIGNING_KEY = 'neoday-sandbox-signing-key';
/** Seeded runs are one day apart, the newest on this day. */
const RUN_ANCHOR = Date.parse('2026-03-15T09:35:57Z');
const DAY_MS = 86_400_000;
/** The vendor's example result lives for about a century. */
const RETENTION_MS = 100 * 365 * DAY_MS;
const LARGE_EXPORT_ROWS = 100_000;
/** "The results of requests made with an Idempotency-Key header are stored for 24 hours." */
const IDEMPOTENCY_TTL_MS = DAY_MS;
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Codes uploaded in the backoffice, each under a reference, as the coupons page describes. */
const PREDEFINED_CODES = [
	{ code: '4-c03p0n-c0d3', reference: 'my-coupon' },
	{ code: 'GENUINE-0001', reference: 'genuine-reward' },
	{ code: 'GENUINE-0002', reference: 'genuine-reward' },
	{ code: 'GENUINE-0003', reference: 'genuine-reward' },
];
const UNLIMITED_SINGLE_CODES = ['4-c03p0n-c0d3', 'WELCOME10'];

/** The event the example workflow sends, defined up front as a brand would have done. */
const SEEDED_EVENTS = {
	genuine_scan: {
		$schema: 'https://json-schema.org/draft/2020-12/schema',
		title: 'Genuine product scanned',
		type: 'object',
		properties: {
			scan_uuid: { type: 'string', description: 'The Scantrust scan' },
			product_sku: { type: 'string' },
			serial_number: { type: 'string' },
		},
		required: ['scan_uuid'],
	},
};

const CLIENTS = {
	'sandbox-client': { secret: 'sandbox-client-secret-7Qx9', permissions: [PERMISSION] },
	'sandbox-client-no-exports': { secret: 'sandbox-no-exports-secret-3Kd1', permissions: [] },
};

function hash(...parts) {
	return crypto.createHash('sha256').update(parts.join(':')).digest();
}

/** 25 lowercase alphanumerics, the shape of the vendor's IDs (e.g. jlitk6w3fzow15k9bvrpu4p62). */
function neoId(...parts) {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = hash('id', ...parts);
	return Array.from({ length: 25 }, (_, index) => alphabet[bytes[index] % alphabet.length]).join('');
}

/** The vendor's timestamp style: second precision, `+00:00`. */
function isoSeconds(time) {
	return new Date(time).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** `YYYY-MM-DD HH:MM:SS`, optionally with milliseconds, as the export files write dates. */
function sqlDate(time, withMs = false) {
	const text = new Date(time).toISOString().replace('T', ' ').replace('Z', '');
	return withMs ? text : text.slice(0, 19);
}

/** Row builders per export type, with the columns of the seed. Numbers and booleans are strings, as in the real files. */
const ROW_BUILDERS = {
	campaign_info: (seed, index) => ({
		campaign_name: `Sandbox Campaign ${index + 1}`,
		campaign_code: neoId('campaign', seed, index),
		campaign_start: isoSeconds(Date.parse('2026-01-01T00:00:00Z') + index * 30 * DAY_MS),
		campaign_end: isoSeconds(Date.parse('2026-12-31T00:00:00Z') + index * 30 * DAY_MS),
	}),
	user_base_connections: (seed, index) => ({
		userid: neoId('user', index),
		// External IDs are often numeric and may have leading zeros; they must stay strings.
		client_id: index % 2 === 0 ? String(40_000 + index) : `00${7_000 + index}`,
	}),
	player_info_user_id: (seed, index, time) => ({
		userid: neoId('user', index % 50),
		stackinstanceid: neoId('stack-instance', seed, index),
		value: String((hash(seed, index)[0] % 20) * 500),
		participation_date: sqlDate(time - index * 60_000),
	}),
	player_info_game_type: (seed, index) => ({
		stackinstanceid: neoId('stack-instance', seed, index),
		stackid: neoId('stack', index % 4),
		game_type: ['gamification', 'lottery', 'instant-win'][index % 3],
	}),
	win_info: (seed, index, time) => ({
		userid: neoId('user', index % 50),
		stackid: neoId('stack', index % 4),
		haswon: hash(seed, index)[0] % 4 === 0 ? '1' : '0',
		participation_date: sqlDate(time - index * 60_000, true),
	}),
	all_coupons: (seed, index, time) => ({
		userid: neoId('user', index % 50),
		coupon_name: ['exact-code-no-exp', 'ten-percent-off', 'free-sample'][index % 3],
		received_date: sqlDate(time - index * 90_000),
	}),
	challenges_user_id: (seed, index, time) => ({
		userid: neoId('user', index % 50),
		stackinstanceid: neoId('stack-instance', seed, index),
		hascompleted: index % 3 === 0 ? '1' : '0',
		participation_date: sqlDate(time - index * 60_000),
	}),
	challenges_game_type: (seed, index) => ({
		stackinstanceid: neoId('stack-instance', seed, index),
		stackid: neoId('stack', index % 4),
		game_type: ['lottery', 'gamification'][index % 2],
	}),
	gamification_prize_user_id: (seed, index, time) => ({
		userid: neoId('user', index % 50),
		game_id: neoId('game', index % 3),
		game_name: ['Scratch-and-Win', 'Spin-the-Wheel', 'Memory'][index % 3],
		prizeid: neoId('prize', index % 5),
		claimed_date: index % 2 === 0 ? null : sqlDate(time - index * 3_600_000),
	}),
	gamification_prize_prize_type: (seed, index) => ({
		prizeid: neoId('prize', index),
		game_id: neoId('game', index % 3),
		prize_name: ['sorry', 'voucher-5', 'tote-bag'][index % 3],
		prize_type: ['no-prize', 'coupon', 'physical'][index % 3],
	}),
	// Not a documented type: the node must still read its single array.
	loyalty_points: (seed, index, time) => ({
		userid: neoId('user', index % 50),
		points: String(100 + index * 25),
		hasredeemed: index % 2 === 0 ? '1' : '0',
		updated_at: sqlDate(time - index * 60_000),
	}),
};

/** system_name -> data key, runs seeded, and optional extras. */
const EXPORTS = [
	{ name: 'campaign-info', type: 'campaign_info', runs: 3 },
	{ name: 'user-base-connections', type: 'user_base_connections', runs: 3 },
	{ name: 'player-info-user-id', type: 'player_info_user_id', runs: 3 },
	{ name: 'player-info-game-type', type: 'player_info_game_type', runs: 3 },
	// 25 runs so the results span three pages of the default page size; the oldest has expired.
	{ name: 'win-info', type: 'win_info', runs: 25, expiredOldest: 1 },
	{ name: 'all-coupons', type: 'all_coupons', runs: 3 },
	{ name: 'challenges-user-id', type: 'challenges_user_id', runs: 3 },
	{ name: 'challenges-game-type', type: 'challenges_game_type', runs: 3 },
	{ name: 'gamification-prize-user-id', type: 'gamification_prize_user_id', runs: 3 },
	{ name: 'gamification-prize-prize-type', type: 'gamification_prize_prize_type', runs: 3 },
	{ name: 'loyalty-points', type: 'loyalty_points', runs: 2 },
	{ name: 'weekly-challenges', type: 'challenges_user_id', runs: 0 },
	{ name: 'win-info-archive', type: 'win_info', runs: 2, expiredOldest: 2 },
	{ name: 'win-info-all-time', type: 'win_info', runs: 1, rows: LARGE_EXPORT_ROWS },
];

function base64url(value) {
	return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

function registerNeoDay(server, sandbox) {
	const state = {
		/** Every POST to the token endpoint, refused ones included. */
		tokenRequests: 0,
		tokens: new Map(),
		exports: [],
		clients: CLIENTS,
		permission: PERMISSION,
		largeExportRows: LARGE_EXPORT_ROWS,
		resultsOrder: 'newest-first',
		/** Event name -> its JSON Schema, as PUT. */
		eventSchemas: new Map(),
		/** Every event accepted, in order: `{user_id, name, data, idempotency_key}`. */
		events: [],
		/** Every coupon consumption applied: `{issuer, code, reference?, user_id?}`. */
		consumptions: [],
		/** client ID + key -> `{status, body, at}` of the first request with that key. */
		idempotency: new Map(),
		/** POSTs answered from the idempotency store instead of being applied again. */
		replays: 0,
	};

	function newRun(exportEntry, createdAt, { expired = false, rows } = {}) {
		// Counts every run ever made, so a run added after a deletion gets a new ID.
		const sequence = exportEntry.sequence ?? 0;
		exportEntry.sequence = sequence + 1;
		return {
			id: neoId('result', exportEntry.system_name, sequence, createdAt),
			created_at: isoSeconds(createdAt),
			expires_at: isoSeconds(expired ? Math.min(createdAt + 30 * DAY_MS, Date.now() - DAY_MS) : createdAt + RETENTION_MS),
			rows: rows ?? 4 + (hash(exportEntry.system_name, sequence)[0] % 9),
		};
	}

	function seed() {
		state.tokens.clear();
		state.tokenRequests = 0;
		state.resultsOrder = 'newest-first';
		state.eventSchemas = new Map(
			Object.entries(SEEDED_EVENTS).map(([name, schema]) => [name, { $id: eventSchemaId(name), ...schema }]),
		);
		state.events = [];
		state.consumptions = [];
		state.idempotency = new Map();
		state.replays = 0;
		state.exports = EXPORTS.map((spec) => {
			const exportEntry = { id: neoId('export', spec.name), system_name: spec.name, type: spec.type, runs: [] };
			for (let age = spec.runs - 1; age >= 0; age--) {
				const expired = age >= spec.runs - (spec.expiredOldest ?? 0);
				exportEntry.runs.push(newRun(exportEntry, RUN_ANCHOR - age * DAY_MS, { expired, rows: spec.rows }));
			}
			return exportEntry;
		});
	}

	function publicRun(run) {
		return { id: run.id, expires_at: run.expires_at, created_at: run.created_at };
	}

	function findExport(name) {
		return state.exports.find((entry) => entry.system_name === name);
	}

	function findRun(resultId) {
		for (const exportEntry of state.exports) {
			const run = exportEntry.runs.find((candidate) => candidate.id === resultId);
			if (run) return { exportEntry, run };
		}
		return undefined;
	}

	function issueToken(clientId) {
		const now = Math.floor(Date.now() / 1000);
		const header = base64url({ typ: 'JWT', alg: 'HS256' });
		const payload = base64url({
			iss: server.url,
			aud: clientId,
			sub: clientId,
			jti: crypto.randomUUID(),
			iat: now,
			exp: now + TOKEN_LIFETIME_SECONDS,
			scopes: CLIENTS[clientId].permissions,
		});
		const signature = crypto.createHmac('sha256', SIGNING_KEY).update(`${header}.${payload}`).digest('base64url');
		const token = `${header}.${payload}.${signature}`;
		state.tokens.set(token, { clientId, expired: false });
		return token;
	}

	function oauthError(ctx, status, error, description) {
		ctx.json(status, { error, error_description: description, message: description });
	}

	server.route('POST', '/api/1/oauth2/access_token', (ctx) => {
		state.tokenRequests += 1;
		const body = ctx.body;
		if (!/^application\/json\b/i.test(ctx.req.headers['content-type'] ?? '') || !body || typeof body !== 'object') {
			return oauthError(ctx, 400, 'invalid_request', 'The request body must be JSON.');
		}
		if (body.grant_type !== 'client_credentials') {
			return oauthError(ctx, 400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.');
		}
		const client = CLIENTS[body.client_id];
		if (!client || client.secret !== body.client_secret) {
			return oauthError(ctx, 401, 'invalid_client', 'Client authentication failed');
		}
		ctx.json(200, { token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS, access_token: issueToken(body.client_id) });
	});

	/** The calling client's ID, or undefined after answering 401/403. `permission` is checked when given. */
	function authorize(ctx, permission = PERMISSION) {
		const match = /^Bearer (\S+)$/.exec(ctx.req.headers.authorization ?? '');
		const token = match ? state.tokens.get(match[1]) : undefined;
		if (!token || token.expired) {
			ctx.json(401, { code: 401, message: match ? 'Access token is invalid or has expired.' : 'Missing access token.' });
			return undefined;
		}
		if (permission && !CLIENTS[token.clientId].permissions.includes(permission)) {
			ctx.json(403, { code: 403, message: `Access denied: the client role lacks the ${permission} permission.` });
			return undefined;
		}
		return token.clientId;
	}

	server.route('GET', '/api/1/data-exporter/automated', (ctx) => {
		if (!authorize(ctx)) return;
		ctx.json(
			200,
			state.exports.map((entry) => ({
				id: entry.id,
				system_name: entry.system_name,
				last_run: entry.runs.length ? publicRun(entry.runs[entry.runs.length - 1]) : null,
			})),
		);
	});

	server.route('GET', '/api/1/data-exporter/automated/fetch/:resultId', (ctx) => {
		if (!authorize(ctx)) return;
		const found = findRun(ctx.params.resultId);
		if (!found) return ctx.json(404, { code: 404, message: 'Export result not found.' });
		if (Date.parse(found.run.expires_at) <= Date.now()) {
			return ctx.json(410, { code: 410, message: 'Export result has expired.' });
		}
		const { exportEntry, run } = found;
		const download_url = sandbox.storage.put(`automated-exports/${exportEntry.system_name}/${run.id}.json`, {
			contentType: 'application/json',
			body: () => exportFile(exportEntry, run),
			expiresAt: Date.now() + 3_600_000,
		});
		ctx.json(200, { result: { id: run.id, download_url } });
	});

	server.route('GET', '/api/1/data-exporter/automated/:name/results', (ctx) => {
		if (!authorize(ctx)) return;
		const exportEntry = findExport(ctx.params.name);
		if (!exportEntry) return ctx.json(404, { code: 404, message: `Automated export "${ctx.params.name}" not found.` });
		const page = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1);
		const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Number(ctx.query.get('perPage') ?? DEFAULT_PER_PAGE) || DEFAULT_PER_PAGE));
		const ordered = state.resultsOrder === 'oldest-first' ? [...exportEntry.runs] : [...exportEntry.runs].reverse();
		ctx.json(200, {
			results: ordered.slice((page - 1) * perPage, page * perPage).map(publicRun),
			total: ordered.length,
		});
	});

	/** The file, generated in chunks so the 100,000-row export is never held in memory. */
	function* exportFile(exportEntry, run) {
		const build = ROW_BUILDERS[exportEntry.type];
		const seedKey = `${exportEntry.system_name}:${run.id}`;
		const time = Date.parse(run.created_at);
		yield `{"${exportEntry.type}":[`;
		let batch = '';
		for (let index = 0; index < run.rows; index++) {
			batch += `${index ? ',' : ''}${JSON.stringify(build(seedKey, index, time))}`;
			if (batch.length > 64 * 1024) {
				yield batch;
				batch = '';
			}
		}
		yield `${batch}]}`;
	}

	/** The rows of a run as the file holds them, for assertions. */
	state.rowsOf = (resultId) => {
		const found = findRun(resultId);
		if (!found) throw new Error(`No NeoDay result ${resultId}`);
		return JSON.parse([...exportFile(found.exportEntry, found.run)].join(''))[found.exportEntry.type];
	};
	state.export = (name) => findExport(name);
	state.expireTokens = () => {
		let count = 0;
		for (const token of state.tokens.values()) {
			if (!token.expired) count += 1;
			token.expired = true;
		}
		return count;
	};
	/**
	 * Records new runs of an export, created now, as the nightly job would.
	 * `at` (epoch ms) stamps them all with one time, e.g. to put several runs
	 * in the same second; `expired` makes them already expired.
	 */
	state.addRuns = (name, { count = 1, rows, at, expired = false } = {}) => {
		const exportEntry = findExport(name);
		if (!exportEntry) throw new Error(`No NeoDay export ${name}`);
		const created = [];
		for (let index = 0; index < count; index++) {
			const run = newRun(exportEntry, at ?? Date.now() + index, { rows, expired });
			exportEntry.runs.push(run);
			created.push(publicRun(run));
		}
		return created;
	};
	/** A new export, as NeoDay sets one up for the client; `runs` past runs one second apart, the newest now. */
	state.addExport = (name, { type = 'win_info', runs = 0 } = {}) => {
		if (findExport(name)) throw new Error(`NeoDay export ${name} exists`);
		if (!ROW_BUILDERS[type]) throw new Error(`No NeoDay export type ${type}`);
		const exportEntry = { id: neoId('export', name, Date.now()), system_name: name, type, runs: [] };
		for (let age = runs - 1; age >= 0; age--) exportEntry.runs.push(newRun(exportEntry, Date.now() - age * 1000));
		state.exports.push(exportEntry);
		return { id: exportEntry.id, system_name: name, runs: exportEntry.runs.map(publicRun) };
	};
	state.removeExport = (name) => {
		state.exports = state.exports.filter((entry) => entry.system_name !== name);
	};
	/** Removes one result, as NeoDay does when it expires or is deleted. */
	state.deleteRun = (resultId) => {
		const found = findRun(resultId);
		if (!found) throw new Error(`No NeoDay result ${resultId}`);
		found.exportEntry.runs = found.exportEntry.runs.filter((run) => run !== found.run);
	};
	state.reset = seed;

	function eventSchemaId(name) {
		return `${server.url}/api/1/terminal/events/${encodeURIComponent(name)}`;
	}

	/**
	 * A POST handler with the Idempotency-Key honoured: the first answer for a
	 * key is stored for 24 hours and returned again, status and body, without
	 * applying the request twice.
	 */
	function idempotentPost(pattern, handler) {
		server.route('POST', pattern, (ctx) => {
			const clientId = authorize(ctx, null);
			if (!clientId) return;
			const key = ctx.req.headers['idempotency-key'];
			if (key !== undefined && (key === '' || key.length > MAX_IDEMPOTENCY_KEY_LENGTH)) {
				return ctx.json(400, { code: 400, message: `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters long.` });
			}
			const storeKey = key === undefined ? undefined : `${clientId}\n${key}`;
			const stored = storeKey ? state.idempotency.get(storeKey) : undefined;
			if (stored && Date.now() - stored.at < IDEMPOTENCY_TTL_MS) {
				state.replays += 1;
				return ctx.json(stored.status, stored.body);
			}
			const answer = (status, body) => {
				if (storeKey) state.idempotency.set(storeKey, { status, body, at: Date.now() });
				ctx.json(status, body);
			};
			handler(ctx, answer, key);
		});
	}

	const JSON_TYPES = {
		string: (value) => typeof value === 'string',
		integer: (value) => Number.isInteger(value),
		number: (value) => typeof value === 'number',
		boolean: (value) => typeof value === 'boolean',
		object: (value) => !!value && typeof value === 'object' && !Array.isArray(value),
		array: (value) => Array.isArray(value),
		null: (value) => value === null,
	};

	/** Why `data` breaks the event's schema, at its top level; undefined when it matches. */
	function schemaProblem(schema, data) {
		if (!JSON_TYPES.object(data)) return 'The event data must be a JSON object.';
		for (const field of schema.required ?? []) {
			if (!(field in data)) return `The property "${field}" is required.`;
		}
		for (const [field, rule] of Object.entries(schema.properties ?? {})) {
			if (!(field in data)) continue;
			const value = data[field];
			const types = [].concat(rule.type ?? []);
			if (types.length && !types.some((type) => JSON_TYPES[type]?.(value))) {
				return `The property "${field}" must be of type ${types.join('|')}.`;
			}
			if (typeof rule.minimum === 'number' && typeof value === 'number' && value < rule.minimum) {
				return `The property "${field}" must be at least ${rule.minimum}.`;
			}
		}
		return undefined;
	}

	server.route('PUT', '/api/1/terminal/events/:name', (ctx) => {
		if (!authorize(ctx, null)) return;
		const schema = ctx.body;
		if (!JSON_TYPES.object(schema)) return ctx.json(400, { code: 400, message: 'The schema must be a JSON object.' });
		const expected = eventSchemaId(ctx.params.name);
		if (schema.$id !== expected) {
			return ctx.json(400, { code: 400, message: `The schema's $id must be ${expected}.` });
		}
		state.eventSchemas.set(ctx.params.name, schema);
		ctx.json(200, {});
	});

	idempotentPost('/api/1/terminal/:userId/events/:name', (ctx, answer, key) => {
		const schema = state.eventSchemas.get(ctx.params.name);
		if (!schema) return answer(404, { code: 404, message: `Event "${ctx.params.name}" is not defined.` });
		const problem = schemaProblem(schema, ctx.body);
		if (problem) return answer(400, { code: 400, message: problem });
		state.events.push({ user_id: ctx.params.userId, name: ctx.params.name, data: ctx.body, idempotency_key: key });
		answer(202, {});
	});

	function missingField(body, fields) {
		return fields.find((field) => typeof body?.[field] !== 'string' || body[field] === '');
	}

	idempotentPost('/api/1/coupon/predefined-code/consume', (ctx, answer) => {
		const missing = missingField(ctx.body, ['code', 'reference']);
		if (missing) return answer(400, { code: 400, message: `The parameter "${missing}" is required.` });
		const { code, reference } = ctx.body;
		if (!PREDEFINED_CODES.some((entry) => entry.code === code && entry.reference === reference)) {
			return answer(404, { code: 404, message: `No code "${code}" under the reference "${reference}".` });
		}
		if (state.consumptions.some((entry) => entry.issuer === 'predefined-code' && entry.code === code && entry.reference === reference)) {
			return answer(409, { code: 409, message: `The code "${code}" has already been consumed.` });
		}
		state.consumptions.push({ issuer: 'predefined-code', code, reference });
		answer(200, {});
	});

	idempotentPost('/api/1/coupon/unlimited-single-code/consume', (ctx, answer) => {
		const missing = missingField(ctx.body, ['user_id', 'code']);
		if (missing) return answer(400, { code: 400, message: `The parameter "${missing}" is required.` });
		const { user_id, code } = ctx.body;
		if (!UNLIMITED_SINGLE_CODES.includes(code)) return answer(404, { code: 404, message: `No unlimited single code "${code}".` });
		if (state.consumptions.some((entry) => entry.issuer === 'unlimited-single-code' && entry.code === code && entry.user_id === user_id)) {
			return answer(409, { code: 409, message: `The user has already consumed the code "${code}".` });
		}
		state.consumptions.push({ issuer: 'unlimited-single-code', code, user_id });
		answer(200, {});
	});

	// ---- control routes for tests and demos ----
	server.route('GET', '/__sandbox/neoday/events', (ctx) => ctx.json(200, state.events));
	server.route('GET', '/__sandbox/neoday/consumptions', (ctx) => ctx.json(200, state.consumptions));
	server.route('POST', '/__sandbox/neoday/tokens/expire', (ctx) => ctx.json(200, { expired: state.expireTokens() }));
	server.route('GET', '/__sandbox/neoday/token-requests', (ctx) => ctx.json(200, { count: state.tokenRequests }));
	server.route('POST', '/__sandbox/neoday/exports/:name/runs', (ctx) => {
		if (!findExport(ctx.params.name)) return ctx.json(404, { detail: 'Not found.' });
		ctx.json(201, state.addRuns(ctx.params.name, ctx.body ?? {}));
	});
	server.route('POST', '/__sandbox/neoday/exports', (ctx) => {
		const { name, type, runs } = ctx.body ?? {};
		if (typeof name !== 'string' || !name || findExport(name)) return ctx.json(400, { detail: 'Give a new export name.' });
		if (type !== undefined && !ROW_BUILDERS[type]) return ctx.json(400, { detail: `Unknown type ${type}.` });
		ctx.json(201, state.addExport(name, { type, runs }));
	});

	seed();
	sandbox.neoday = state;
	return state;
}

module.exports = { registerNeoDay, EXPORTS, ROW_BUILDERS, MAX_PER_PAGE, CLIENTS, PREDEFINED_CODES, UNLIMITED_SINGLE_CODES, SEEDED_EVENTS };
