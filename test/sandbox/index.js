'use strict';
// The sandbox: fake vendor APIs over real HTTP, one origin per service, plus
// a storage origin for presigned downloads and a sink for e2e workflows.
const { Faults, ServiceServer } = require('./core');
const { registerScantrust } = require('./scantrust');
const { registerNeoDay } = require('./neoday');
const { registerStorage } = require('./storage');
const { registerSink } = require('./sink');
const { registerTrackVision } = require('./trackvision');
const { registerEpcis } = require('./epcis');
const { registerForeign } = require('./foreign');

const SERVICES = {
	scantrust: registerScantrust,
	neoday: registerNeoDay,
	storage: registerStorage,
	sink: registerSink,
	trackvision: registerTrackVision,
	// After trackvision: its capture jobs live in TrackVision's epcis_capture collection.
	epcis: registerEpcis,
	foreign: registerForeign,
};

class Sandbox {
	constructor(options = {}) {
		this.options = options;
		this.faults = new Faults();
		this.requests = [];
		this.servers = {};
		this.urls = {};
		for (const name of Object.keys(SERVICES)) this.servers[name] = new ServiceServer(name, this);
		for (const server of Object.values(this.servers)) this.registerControlRoutes(server);
	}

	log(entry) {
		this.requests.push(entry);
		if (this.requests.length > 5000) this.requests.splice(0, this.requests.length - 5000);
	}

	/** Requests one service received, oldest first. */
	requestsTo(service, pathPrefix = '') {
		return this.requests.filter((r) => r.service === service && r.path.startsWith(pathPrefix));
	}

	clearRequests() {
		this.requests = [];
	}

	registerControlRoutes(server) {
		server.route('GET', '/__sandbox/requests', (ctx) => {
			const service = ctx.query.get('service');
			ctx.json(200, service ? this.requestsTo(service, ctx.query.get('path') ?? '') : this.requests);
		});
		server.route('DELETE', '/__sandbox/requests', (ctx) => {
			this.clearRequests();
			ctx.json(204);
		});
		server.route('POST', '/__sandbox/faults', (ctx) => {
			this.faults.inject(ctx.body);
			ctx.json(201, ctx.body);
		});
		server.route('POST', '/__sandbox/reset', (ctx) => {
			this.reset();
			ctx.json(204);
		});
		server.route('GET', '/__sandbox/urls', (ctx) => ctx.json(200, this.urls));
	}

	/**
	 * @param {{host?: string, ports?: Partial<Record<string, number>>}} listen
	 */
	async start({ host = '127.0.0.1', ports = {} } = {}) {
		// Storage first: the services mint presigned links on it while seeding.
		const order = ['storage', ...Object.keys(SERVICES).filter((name) => name !== 'storage')];
		for (const name of order) {
			await this.servers[name].listen(ports[name] ?? 0, host);
			this.urls[name] = this.servers[name].url;
		}
		for (const name of order) SERVICES[name](this.servers[name], this, this.options);
		return this;
	}

	reset() {
		this.faults.clear();
		this.clearRequests();
		for (const name of Object.keys(SERVICES)) this[name]?.reset?.();
	}

	async close() {
		await Promise.all(Object.values(this.servers).map((server) => server.close()));
	}
}

async function startSandbox(options = {}) {
	const sandbox = new Sandbox(options);
	return await sandbox.start(options.listen);
}

module.exports = { Sandbox, startSandbox, SERVICES };
