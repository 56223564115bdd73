import type { IDataObject } from 'n8n-workflow';
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How the NeoDay Webhook Trigger checks a request, before it reads anything
 * in it. NeoDay's webhooks page (dev.neoday.com/server-apis/webhooks) names
 * the headers and says the signature is "a HMAC signature of the request
 * payload signed with your client secret"; its example is 64 hex digits. Our
 * reading: HMAC-SHA256 over the raw body bytes as received, keyed with the
 * client secret, in hex of either case.
 */

export const CLIENT_ID_HEADER = 'x-neoday-client-id';
export const SIGNATURE_HEADER = 'x-neoday-signature';

/** NeoDay's events are small; a body over this is refused before its signature is computed. */
export const MAX_BODY_BYTES = 1024 * 1024;

const HEX_SIGNATURE = /^[0-9a-fA-F]{64}$/;

export interface NeoDayEvent {
	name: string;
	data: IDataObject;
}

export type Verdict =
	| { ok: true; events: NeoDayEvent[] }
	| { ok: false; status: 400 | 401 | 413; reason: string };

export interface SignedRequest {
	/** The body's bytes exactly as received; undefined when the server did not keep them. */
	rawBody: Buffer | undefined;
	headers: Record<string, string | string[] | undefined>;
}

/** The hex HMAC-SHA256 of `body` keyed with `clientSecret`: what NeoDay sends in X-NeoDay-Signature. */
export function neoDaySignature(body: Buffer, clientSecret: string): string {
	return createHmac('sha256', clientSecret).update(body).digest('hex');
}

function header(request: SignedRequest, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(', ') : value;
}

function refuse(status: 400 | 401 | 413, reason: string): Verdict {
	return { ok: false, status, reason };
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The documented body, `{"events": [{"name": "...", "data": {...}}, ...]}`, read from the verified bytes. */
function parseEvents(body: Buffer): Verdict {
	let parsed: unknown;
	try {
		parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
	} catch {
		return refuse(400, 'The body is not JSON');
	}
	if (!isObject(parsed) || !Array.isArray(parsed.events)) {
		return refuse(400, 'The body has no "events" list');
	}
	const events: NeoDayEvent[] = [];
	for (const [index, event] of parsed.events.entries()) {
		if (!isObject(event) || typeof event.name !== 'string' || event.name === '' || !isObject(event.data)) {
			return refuse(400, `Event ${index} is not {"name": "...", "data": {...}}`);
		}
		events.push({ name: event.name, data: event.data });
	}
	return { ok: true, events };
}

/**
 * Checks a webhook request against the credential's client ID and secret and
 * returns its events, or the status and short reason to refuse it with. The
 * size comes first (nothing is computed over an oversized body), then the
 * client ID and the signature, and only a verified body is parsed. Reasons
 * never carry the secret, the expected signature or the expected client ID.
 */
export function verifyNeoDayWebhook(request: SignedRequest, credential: { clientId: string; clientSecret: string }): Verdict {
	const { rawBody } = request;
	if (rawBody !== undefined && rawBody.length > MAX_BODY_BYTES) {
		return refuse(413, `The body is over ${MAX_BODY_BYTES} bytes`);
	}
	if (!Buffer.isBuffer(rawBody)) {
		// Only the bytes NeoDay signed can be verified; a body rebuilt from parsed JSON never is.
		return refuse(400, 'The request body as received is not available, so its signature cannot be checked');
	}
	const clientId = header(request, CLIENT_ID_HEADER);
	if (clientId === undefined || clientId === '') return refuse(401, 'Missing X-NeoDay-Client-ID header');
	if (credential.clientId === '' || clientId.trim() !== credential.clientId) {
		return refuse(401, 'X-NeoDay-Client-ID is not the client ID of this trigger\'s credential');
	}
	const signature = header(request, SIGNATURE_HEADER)?.trim();
	if (signature === undefined || signature === '') return refuse(401, 'Missing X-NeoDay-Signature header');
	if (!HEX_SIGNATURE.test(signature)) return refuse(401, 'X-NeoDay-Signature is not 64 hexadecimal digits');
	if (credential.clientSecret === '') return refuse(401, 'The credential has no client secret to check the signature with');
	const expected = Buffer.from(neoDaySignature(rawBody, credential.clientSecret), 'hex');
	if (!timingSafeEqual(Buffer.from(signature, 'hex'), expected)) {
		return refuse(401, 'X-NeoDay-Signature does not match the body');
	}
	return parseEvents(rawBody);
}

/** The names to fire on: the picked ones and the extra comma-separated ones; none means every event. */
export function eventFilter(picked: unknown, other: unknown): (name: string) => boolean {
	const names = new Set([
		...(Array.isArray(picked) ? picked.map(String) : []),
		...String(other ?? '')
			.split(',')
			.map((name) => name.trim())
			.filter(Boolean),
	]);
	return names.size === 0 ? () => true : (name) => names.has(name);
}
