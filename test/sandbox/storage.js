'use strict';
// The "storage" origin: presigned object URLs on another host, as S3 or
// DigitalOcean Spaces serve them. It must never see an Authorization header.
const crypto = require('node:crypto');
const { streamText } = require('./core');

function registerStorage(server, sandbox) {
	const objects = new Map();
	const state = {
		objects,
		authorizationHeadersSeen: 0,
		/**
		 * Stores an object and returns its presigned URL. `body` is a Buffer, or a
		 * function returning an iterable of chunks for large generated files.
		 */
		put(key, { contentType, body, expiresAt }) {
			objects.set(key, { contentType, body, expiresAt });
			const signature = crypto.createHash('sha256').update(key).digest('hex').slice(0, 32);
			return `${server.url}/objects/${key}?X-Amz-Expires=3600&X-Amz-Signature=${signature}`;
		},
	};

	server.route('GET', '/objects/:key*', async (ctx) => {
			if (ctx.req.headers.authorization !== undefined) {
				state.authorizationHeadersSeen += 1;
				ctx.json(400, {
					error: 'InvalidArgument',
					message: 'Only one auth mechanism allowed; an Authorization header was sent to a presigned URL',
				});
				return;
			}
			if (!ctx.query.get('X-Amz-Signature')) {
				ctx.json(403, { error: 'AccessDenied', message: 'Request has expired or is not signed' });
				return;
			}
			const object = objects.get(ctx.params.key);
			if (!object) {
				ctx.json(404, { error: 'NoSuchKey', message: 'The specified key does not exist.' });
				return;
			}
			if (object.expiresAt && Date.now() > object.expiresAt) {
				ctx.json(403, { error: 'AccessDenied', message: 'Request has expired' });
				return;
			}
			if (typeof object.body === 'function') {
				await streamText(ctx.res, 200, { 'Content-Type': object.contentType }, object.body());
				return;
			}
			ctx.res.writeHead(200, { 'Content-Type': object.contentType, 'Content-Length': object.body.length });
			ctx.res.end(object.body);
	});
	sandbox.storage = state;
	return state;
}

module.exports = { registerStorage };
