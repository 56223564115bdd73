'use strict';
// The sandbox's shared mechanics: one HTTP server per emulated origin, a
// request log, fault injection and the /__sandbox control routes.
const http = require('node:http');

function compilePattern(pattern) {
	const names = [];
	const source = pattern.replace(/:([a-zA-Z_]+)(\*)?/g, (_, name, rest) => {
		names.push(name);
		return rest ? '(.+)' : '([^/]+)';
	});
	return { regex: new RegExp(`^${source}$`), names };
}

function matchesPath(matcher, path) {
	if (!matcher) return true;
	if (matcher instanceof RegExp) return matcher.test(path);
	if (typeof matcher === 'string' && matcher.startsWith('re:')) return new RegExp(matcher.slice(3)).test(path);
	return path.startsWith(matcher);
}

class Faults {
	constructor() {
		this.pending = [];
	}

	/**
	 * Kinds: '429' | '500' | '502' | '503' answer at once; 'reset' destroys the socket before any answer;
	 * 'malformed' sends cut JSON; 'slow' delays the real answer by delayMs; 'drop' cuts the real answer
	 * after afterBytes bytes of body (0: right after the headers); 'hang' never answers; 'hangBody'
	 * sends the headers and afterBytes bytes of body, then goes silent; 'commitThen502' and
	 * 'commitThenReset' apply the request for real, then answer 502 or drop the connection;
	 * 'trickle' sends the real answer in `pieces` parts, `chunkDelayMs` apart;
	 * 'redirect' answers `status` (302 by default) with a Location: `location` as given, or the same
	 * path and query on the sandbox service named by `to`.
	 * A '429' sends `Retry-After: <retryAfter>` in seconds, or with `retryAfterDate` as the HTTP date that many
	 * seconds ahead (rounded up to the whole second the format holds); `retryAfter: null` sends none.
	 * `skip` lets that many matching requests pass before the fault applies; `onHit` runs when it
	 * applies, before the answer, so a test can change the data between two requests of one walk.
	 * @param {{service?: string, method?: string, path?: string|RegExp, kind: string, skip?: number, onHit?: () => void,
	 *   times?: number, retryAfter?: number|null, retryAfterDate?: boolean, throttleSeconds?: number, delayMs?: number, afterBytes?: number,
	 *   status?: number, location?: string, to?: string}} fault
	 */
	inject(fault) {
		this.pending.push({ times: 1, ...fault });
	}

	take(service, method, path) {
		const index = this.pending.findIndex(
			(fault) =>
				(!fault.service || fault.service === service) &&
				(!fault.method || fault.method === method) &&
				matchesPath(fault.path, path),
		);
		if (index === -1) return undefined;
		const fault = this.pending[index];
		if (fault.skip > 0) {
			fault.skip -= 1;
			return undefined;
		}
		fault.times -= 1;
		if (fault.times <= 0) this.pending.splice(index, 1);
		return fault;
	}

	clear() {
		this.pending = [];
	}
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function sendJson(res, status, body, headers = {}) {
	const text = body === undefined ? '' : JSON.stringify(body);
	res.writeHead(status, {
		...(text ? { 'Content-Type': 'application/json' } : {}),
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

/** Cuts the connection after `afterBytes` bytes of body, as a proxy dying mid-transfer would. */
function dropAfter(res, afterBytes) {
	let written = 0;
	const write = res.write.bind(res);
	const cut = () => {
		res.socket?.destroy();
		return false;
	};
	res.write = (chunk, ...rest) => {
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
		if (written + buffer.length >= afterBytes) {
			write(buffer.subarray(0, Math.max(0, afterBytes - written)));
			return cut();
		}
		written += buffer.length;
		return write(buffer, ...rest);
	};
	res.end = (chunk) => {
		if (chunk) res.write(chunk);
		cut();
		return res;
	};
	// Headers that promise a longer body make the client see a truncated transfer, not a clean end.
	const writeHead = res.writeHead.bind(res);
	res.writeHead = (status, headers = {}) => {
		const copy = { ...headers };
		delete copy['Content-Length'];
		return writeHead(status, { ...copy, 'Content-Length': String(afterBytes + 1000) });
	};
}

/** Sends the headers and the first bytes of a body that never comes, as a stalled server does. */
function hangAfter(res, afterBytes) {
	res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': String(afterBytes + 1000) });
	res.write(Buffer.alloc(afterBytes, 'x'));
}

/** Lets the real handler apply the request while nothing of its answer reaches the client; `then` ends the exchange instead. */
function swallowAnswer(res, then) {
	res.writeHead = () => res;
	res.setHeader = () => res;
	res.write = () => true;
	res.end = () => {
		then();
		return res;
	};
}

/** Holds the real answer back, then sends it in `pieces` parts with pauses between them, as a slow link does. */
function trickle(res, pieces, chunkDelayMs) {
	const writeHead = res.writeHead.bind(res);
	const write = res.write.bind(res);
	const end = res.end.bind(res);
	let head = [200, {}];
	const chunks = [];
	res.writeHead = (status, headers = {}) => {
		head = [status, headers];
		return res;
	};
	res.write = (chunk) => {
		chunks.push(Buffer.from(chunk));
		return true;
	};
	res.end = (chunk) => {
		if (chunk) chunks.push(Buffer.from(chunk));
		const body = Buffer.concat(chunks);
		const size = Math.ceil(body.length / pieces);
		writeHead(...head);
		(async () => {
			for (let offset = 0; offset < body.length; offset += size) {
				write(body.subarray(offset, offset + size));
				await new Promise((resolve) => setTimeout(resolve, chunkDelayMs));
			}
			end();
		})();
		return res;
	};
}

/** Answers with an immediate fault; the faults around the real handler are handled in ServiceServer.handle. */
function applyFault(fault, res, sandbox, url) {
	switch (fault.kind) {
		case 'redirect': {
			const location = fault.location ?? `${sandbox.urls[fault.to ?? 'foreign']}${url.pathname}${url.search}`;
			res.writeHead(fault.status ?? 302, { Location: location, 'Content-Length': '0' });
			res.end();
			return;
		}
		case 'hang':
			return;
		case 'hangBody':
			hangAfter(res, fault.afterBytes ?? 16);
			return;
		case '429': {
			const seconds = fault.throttleSeconds ?? fault.retryAfter ?? 1;
			// RFC 9110 section 10.2.3: Retry-After is a number of seconds or an HTTP date (IMF-fixdate, whole seconds).
			const retryAfter = fault.retryAfterDate
				? new Date(Math.ceil((Date.now() + (fault.retryAfter ?? seconds) * 1000) / 1000) * 1000).toUTCString()
				: String(fault.retryAfter ?? seconds);
			const headers = fault.retryAfter === null ? {} : { 'Retry-After': retryAfter };
			sendJson(
				res,
				429,
				{ detail: `Request was throttled. Expected available in ${seconds} seconds.`, code: 'throttled' },
				headers,
			);
			return;
		}
		case '500':
		case '502':
		case '503':
			sendJson(res, Number(fault.kind), { detail: `Sandbox injected a ${fault.kind} error.` });
			return;
		case 'reset':
			res.socket?.destroy();
			return;
		case 'malformed': {
			const text = '{"count": 3, "results": [{"uuid": "trunc';
			res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
			res.end(text);
			return;
		}
		default:
			throw new Error(`Unknown fault kind ${fault.kind}`);
	}
}

class ServiceServer {
	constructor(name, sandbox) {
		this.name = name;
		this.sandbox = sandbox;
		this.routes = [];
		this.server = http.createServer((req, res) => {
			this.handle(req, res).catch((error) => {
				if (!res.headersSent) sendJson(res, 500, { detail: `Sandbox bug: ${error.message}` });
				else res.destroy();
			});
		});
		this.server.keepAliveTimeout = 1000;
		this.url = '';
	}

	/** Registers a handler; `pattern` takes `:name` placeholders (`:name*` spans slashes). Control routes (under /__sandbox) skip auth and faults. */
	route(method, pattern, handler) {
		this.routes.push({ method, ...compilePattern(pattern), handler });
	}

	async listen(port, host) {
		await new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, resolve);
		});
		const address = this.server.address();
		this.url = `http://${host}:${address.port}`;
	}

	async close() {
		this.server.closeAllConnections?.();
		await new Promise((resolve) => this.server.close(() => resolve()));
	}

	async handle(req, res) {
		const url = new URL(req.url, this.url);
		const raw = await readBody(req);
		let body;
		if (raw.length) {
			try {
				body = JSON.parse(raw.toString('utf8'));
			} catch {
				body = raw.toString('utf8');
			}
		}
		const isControl = url.pathname.startsWith('/__sandbox/');
		if (!isControl) {
			this.sandbox.log({
				service: this.name,
				method: req.method,
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				headers: { ...req.headers },
				body,
				at: Date.now(),
			});
		}
		const route = this.findRoute(req.method, url.pathname);
		const ctx = {
			req,
			res,
			url,
			query: url.searchParams,
			body,
			params: route?.params ?? {},
			origin: this.url,
			service: this.name,
			sandbox: this.sandbox,
			json: (status, payload, headers) => sendJson(res, status, payload, headers),
		};
		const run = async () => {
			if (!route) return ctx.json(404, { detail: 'Not found.' });
			await route.handler(ctx);
		};
		// A real API is a network away: `latencyMs` delays every answer, as the benchmark's --latency-ms asks.
		const latencyMs = this.sandbox.options.latencyMs ?? 0;
		if (!isControl && latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
		if (!isControl) {
			const fault = this.sandbox.faults.take(this.name, req.method, url.pathname);
			fault?.onHit?.();
			if (fault?.kind === 'slow') {
				await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1000));
			} else if (fault?.kind === 'drop') {
				dropAfter(res, fault.afterBytes ?? 16);
			} else if (fault?.kind === 'trickle') {
				trickle(res, fault.pieces ?? 5, fault.chunkDelayMs ?? 200);
			} else if (fault?.kind === 'commitThen502' || fault?.kind === 'commitThenReset') {
				const { writeHead, end } = { writeHead: res.writeHead.bind(res), end: res.end.bind(res) };
				swallowAnswer(res, () => {
					if (fault.kind === 'commitThenReset') {
						res.socket?.destroy();
						return;
					}
					const text = JSON.stringify({ detail: 'Sandbox: the request was applied, then the gateway failed.' });
					writeHead(502, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
					end(text);
				});
			} else if (fault) {
				applyFault(fault, res, this.sandbox, url);
				return;
			}
		}
		await run();
	}

	findRoute(method, path) {
		for (const route of this.routes) {
			if (route.method !== method) continue;
			const match = route.regex.exec(path);
			if (!match) continue;
			const params = {};
			route.names.forEach((name, index) => {
				params[name] = decodeURIComponent(match[index + 1]);
			});
			return { handler: route.handler, params };
		}
		return undefined;
	}
}

/** Absolute URL of the same path with new query parameters, as DRF builds `next` links. */
function pageLink(ctx, params) {
	const url = new URL(ctx.url.pathname, ctx.origin);
	for (const [key, value] of Object.entries(params)) {
		if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
	}
	return url.toString();
}

/** Streams text chunks from a generator, waiting for the socket to drain so memory stays flat. */
async function streamText(res, status, headers, chunks) {
	res.writeHead(status, headers);
	for (const chunk of chunks) {
		if (res.destroyed) return;
		if (!res.write(chunk)) {
			// Both listeners go once either fires: a long stream would otherwise pile up 'close' listeners.
			await new Promise((resolve) => {
				const done = () => {
					res.off('drain', done);
					res.off('close', done);
					resolve();
				};
				res.on('drain', done);
				res.on('close', done);
			});
		}
	}
	if (!res.destroyed) res.end();
}

module.exports = { Faults, ServiceServer, sendJson, pageLink, streamText };
