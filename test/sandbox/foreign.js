'use strict';
// The "foreign" origin: a host that is neither the API nor its storage, where
// the redirect faults point. Every request it gets is in the sandbox's log,
// headers and body included, so a test can prove that no credential reached
// it. Like a real third party, it answers as if it were an API: 401 to a
// caller with no credentials, and a fake token to anyone posting to a token
// path (which no client secret may ever reach).

function registerForeign(server, sandbox) {
	const state = {
		/** Requests that carried an Authorization header or a client secret. */
		leaks: () =>
			sandbox
				.requestsTo('foreign')
				.filter((request) => request.headers.authorization !== undefined || JSON.stringify(request.body ?? '').includes('client_secret')),
	};
	const answer = (ctx) => {
		if (ctx.req.method === 'POST' && ctx.url.pathname.endsWith('/access_token')) {
			ctx.json(200, { token_type: 'Bearer', expires_in: 3600, access_token: 'foreign-host-token' });
			return;
		}
		if (ctx.req.headers.authorization === undefined) {
			ctx.json(401, { detail: 'Authentication credentials were not provided.' });
			return;
		}
		ctx.json(200, { detail: 'The foreign host accepted a credential.' });
	};
	for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) server.route(method, '/:path*', answer);
	sandbox.foreign = state;
	return state;
}

module.exports = { registerForeign };
