'use strict';
// The "storage" origin: presigned object URLs on another host, as S3 or
// DigitalOcean Spaces serve them. It must never see an Authorization header.
const crypto = require('node:crypto');
const { streamText } = require('./core');

/** S3 answers errors as XML, and so does this storage. */
function s3Error(ctx, status, code, message) {
	const text = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>sandbox</RequestId></Error>`;
	ctx.res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(text) });
	ctx.res.end(text);
}

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
				s3Error(ctx, 400, 'InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified');
				return;
			}
			if (!ctx.query.get('X-Amz-Signature')) {
				s3Error(ctx, 403, 'AccessDenied', 'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters');
				return;
			}
			const object = objects.get(ctx.params.key);
			if (!object) {
				s3Error(ctx, 404, 'NoSuchKey', 'The specified key does not exist.');
				return;
			}
			if (object.expiresAt && Date.now() > object.expiresAt) {
				s3Error(ctx, 403, 'AccessDenied', 'Request has expired');
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
