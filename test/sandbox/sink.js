'use strict';
// A sink for end-to-end workflows: an HTTP Request node posts each event here
// and tests read back what arrived.

function registerSink(server, sandbox) {
	const state = {
		received: [],
		reset() {
			state.received = [];
		},
	};
	server.route('POST', '/events/:channel', (ctx) => {
		state.received.push({ channel: ctx.params.channel, body: ctx.body, at: Date.now() });
		ctx.json(200, { ok: true });
	});
	server.route('GET', '/__sandbox/sink/:channel', (ctx) => {
		ctx.json(200, state.received.filter((event) => event.channel === ctx.params.channel));
	});
	sandbox.sink = state;
	return state;
}

module.exports = { registerSink };
