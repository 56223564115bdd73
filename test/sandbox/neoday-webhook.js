'use strict';
// NeoDay's side of its webhooks (dev.neoday.com/server-apis/webhooks): a POST
// of `{"events": [{"name", "data"}, …]}` with X-NeoDay-Client-ID and
// X-NeoDay-Signature, which we read as the hex HMAC-SHA256 of the body's
// bytes keyed with the client secret. Besides a genuine request it builds the
// wrong ones a receiver must refuse.
const crypto = require('node:crypto');
const { CLIENTS } = require('./neoday');

const DEFAULT_CLIENT_ID = 'sandbox-client';

/** The page's own example events. */
const EXAMPLE_EVENTS = {
	'transaction-created': {
		id: 'mj1zlgp714al6iyzhjx5h0rjb',
		stack_id: 'nruy7lwgc1b1xoni7nspt38k1',
		block_id: 'r4ic8l9hp5quijn5j2lhyboy8',
		user_id: 'gylt92r3n6gtrt6ks4y1nxcpk',
		value: 100,
	},
	'survey-answer-submitted': {
		survey_id: 'ljul3y5pd82ku200uprz4yau9',
		question_id: 'xleyk5jmrqydg4awbmwom8ie3',
		answer_id: 'jzxdw4m61xl7m5kg2iicc1mcv',
	},
};

/**
 * What each variant does to a genuine request:
 * - valid: signed with the client's secret (lowercase hex; `uppercase` sends the same in uppercase);
 * - bad-signature: signed with another secret;
 * - other-client: signed by, and naming, another client;
 * - unsigned: no X-NeoDay-Signature;
 * - tampered: signed, then one value of the body changed;
 * - not-json: a signed body that is not JSON, sent as text/plain;
 * - malformed-json: a signed body that is not JSON, sent as application/json (n8n
 *   itself answers 422 to that before any node runs);
 * - too-large: a signed body of 2 MiB.
 */
const VARIANTS = ['valid', 'uppercase', 'bad-signature', 'other-client', 'unsigned', 'tampered', 'not-json', 'malformed-json', 'too-large'];

function sign(body, secret) {
	return crypto.createHmac('sha256', secret).update(body).digest('hex');
}

function secretOf(clientId) {
	const client = CLIENTS[clientId];
	if (!client) throw new Error(`unknown sandbox client "${clientId}"; give its secret with --client-secret`);
	return client.secret;
}

/**
 * Builds one webhook request: `{ body: Buffer, headers }`.
 * @param {{ variant?: string, events?: Array<{name: string, data: object}>, clientId?: string, clientSecret?: string }} options
 */
function neoDayWebhookRequest({ variant = 'valid', events, clientId = DEFAULT_CLIENT_ID, clientSecret } = {}) {
	if (!VARIANTS.includes(variant)) throw new Error(`unknown variant "${variant}"; one of ${VARIANTS.join(', ')}`);
	const secret = clientSecret ?? secretOf(clientId);
	const list = events ?? [{ name: 'transaction-created', data: EXAMPLE_EVENTS['transaction-created'] }];
	// Pretty-printed as on NeoDay's page: the signature covers these exact bytes, whitespace included.
	let body = Buffer.from(JSON.stringify({ events: list }, null, 4));
	if (variant === 'not-json') body = Buffer.from('events=transaction-created');
	if (variant === 'malformed-json') body = Buffer.from('{"events": [');
	if (variant === 'too-large') body = Buffer.from(JSON.stringify({ events: list, padding: 'x'.repeat(2 * 1024 * 1024) }));
	let signer = { id: clientId, secret };
	if (variant === 'other-client') signer = { id: 'sandbox-client-no-exports', secret: secretOf('sandbox-client-no-exports') };
	let signature = sign(body, variant === 'bad-signature' ? `${secret}-wrong` : signer.secret);
	if (variant === 'uppercase') signature = signature.toUpperCase();
	if (variant === 'tampered') body = Buffer.from(body.toString('utf8').replace(/"value": (\d+)/, (_, value) => `"value": ${Number(value) * 10}`));
	const headers = { 'content-type': variant === 'not-json' ? 'text/plain' : 'application/json', 'x-neoday-client-id': signer.id };
	if (variant !== 'unsigned') headers['x-neoday-signature'] = signature;
	return { body, headers };
}

/** POSTs a webhook request to `url` (the n8n trigger's URL), with `locale` as NeoDay does; returns the answer. */
async function sendNeoDayWebhook(url, { locale = 'en_GB', ...options } = {}) {
	const { body, headers } = neoDayWebhookRequest(options);
	const target = new URL(url);
	if (locale) target.searchParams.set('locale', locale);
	const res = await fetch(target, { method: 'POST', headers, body });
	const text = await res.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, text, json };
}

const USAGE = `npm run sandbox -- send-neoday-webhook --url <webhook URL> [options]

  --variant  ${VARIANTS.join(' | ')} (default valid)
  --event    an event name, repeatable (default transaction-created); the page's
             example data for transaction-created and survey-answer-submitted,
             {"example": true} for others
  --locale   the locale query parameter (default en_GB; '' for none)
  --client-id / --client-secret   the NeoDay client (default the sandbox's
             sandbox-client and its secret, as in the sandbox credential)`;

/** `send-neoday-webhook` of test/sandbox/cli.js. */
async function sendFromCommandLine(args) {
	const options = { events: [] };
	let url;
	for (let i = 0; i < args.length; i++) {
		const [flag, value] = [args[i], args[i + 1]];
		if (flag === '--help' || flag === '-h') {
			process.stdout.write(`${USAGE}\n`);
			return 0;
		}
		if (value === undefined) throw new Error(`${flag} needs a value\n\n${USAGE}`);
		i++;
		if (flag === '--url') url = value;
		else if (flag === '--variant') options.variant = value;
		else if (flag === '--event') options.events.push({ name: value, data: EXAMPLE_EVENTS[value] ?? { example: true } });
		else if (flag === '--locale') options.locale = value;
		else if (flag === '--client-id') options.clientId = value;
		else if (flag === '--client-secret') options.clientSecret = value;
		else throw new Error(`unknown option ${flag}\n\n${USAGE}`);
	}
	if (!url) throw new Error(`--url is required\n\n${USAGE}`);
	if (!options.events.length) delete options.events;
	const answer = await sendNeoDayWebhook(url, options);
	process.stdout.write(`${answer.status} ${answer.text}\n`);
	return answer.status >= 200 && answer.status < 300 ? 0 : 1;
}

module.exports = { EXAMPLE_EVENTS, VARIANTS, neoDayWebhookRequest, sendNeoDayWebhook, sendFromCommandLine };
