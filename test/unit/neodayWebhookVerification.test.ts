// The NeoDay webhook check on its own: HMAC-SHA256 over the exact body bytes,
// keyed with the client secret, hex of either case, compared in constant
// time; the client ID; the size limit; the documented body.
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import {
	eventFilter,
	MAX_BODY_BYTES,
	neoDaySignature,
	verifyNeoDayWebhook,
} from '../../nodes/NeoDay/webhook/verification';

// The real functions, watched: which of them the check calls, and when.
jest.mock('node:crypto', () => {
	const actual = jest.requireActual('node:crypto');
	return { ...actual, createHmac: jest.fn(actual.createHmac), timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const credential = { clientId: 'ak5xkfd97p7il0w1xffexye9g', clientSecret: 'unit-test-client-secret' };

/** The body of NeoDay's example request, with its indentation and line breaks: these are the bytes signed. */
const PAGE_BODY = Buffer.from(`{
    "events": [
        {
            "name": "transaction-created",
            "data": {
                "id": "mj1zlgp714al6iyzhjx5h0rjb",
                "stack_id": "nruy7lwgc1b1xoni7nspt38k1",
                "block_id": "r4ic8l9hp5quijn5j2lhyboy8",
                "user_id": "gylt92r3n6gtrt6ks4y1nxcpk",
                "value": 100
            }
        },
        {
            "name": "survey-answer-submitted",
            "data": {
                "survey_id": "ljul3y5pd82ku200uprz4yau9",
                "question_id": "xleyk5jmrqydg4awbmwom8ie3",
                "answer_id": "jzxdw4m61xl7m5kg2iicc1mcv"
            }
        }
    ]
}`);

/** openssl's HMAC-SHA256 of the bytes: computed outside our code and outside Node. */
function opensslHmac(body: Buffer, secret: string): string {
	const out = execFileSync('openssl', ['dgst', '-sha256', '-hmac', secret], { input: body, encoding: 'utf8' });
	return out.trim().split('= ').pop() as string;
}

function request(body: Buffer, signature: string | undefined, clientId: string | null = credential.clientId) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (signature !== undefined) headers['x-neoday-signature'] = signature;
	if (clientId !== null) headers['x-neoday-client-id'] = clientId;
	return { rawBody: body, headers };
}

describe('neoDaySignature', () => {
	test('matches RFC 4231 test case 2 (HMAC-SHA256, key "Jefe")', () => {
		expect(neoDaySignature(Buffer.from('what do ya want for nothing?'), 'Jefe')).toBe(
			'5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
		);
	});

	test("matches openssl over the exact bytes of the page's example body", () => {
		const expected = opensslHmac(PAGE_BODY, credential.clientSecret);
		expect(expected).toMatch(/^[0-9a-f]{64}$/);
		expect(neoDaySignature(PAGE_BODY, credential.clientSecret)).toBe(expected);
	});
});

describe('verifyNeoDayWebhook', () => {
	const valid = opensslHmac(PAGE_BODY, credential.clientSecret);

	test('a body signed with the client secret passes, with its events in order', () => {
		const verdict = verifyNeoDayWebhook(request(PAGE_BODY, valid), credential);
		expect(verdict).toEqual({
			ok: true,
			events: [
				{ name: 'transaction-created', data: expect.objectContaining({ id: 'mj1zlgp714al6iyzhjx5h0rjb', value: 100 }) },
				{ name: 'survey-answer-submitted', data: expect.objectContaining({ survey_id: 'ljul3y5pd82ku200uprz4yau9' }) },
			],
		});
	});

	test('the hex may be uppercase or mixed case', () => {
		expect(verifyNeoDayWebhook(request(PAGE_BODY, valid.toUpperCase()), credential).ok).toBe(true);
		const mixed = [...valid].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
		expect(verifyNeoDayWebhook(request(PAGE_BODY, mixed), credential).ok).toBe(true);
	});

	test('the same events re-serialised (whitespace changed) fail: only the bytes as sent are verified', () => {
		const compact = Buffer.from(JSON.stringify(JSON.parse(PAGE_BODY.toString('utf8'))));
		expect(verifyNeoDayWebhook(request(compact, valid), credential)).toEqual({
			ok: false,
			status: 401,
			reason: 'X-NeoDay-Signature does not match the body',
		});
	});

	test.each([
		['no signature', request(PAGE_BODY, undefined), 'Missing X-NeoDay-Signature header'],
		['an empty signature', request(PAGE_BODY, ''), 'Missing X-NeoDay-Signature header'],
		['a signature made with another secret', request(PAGE_BODY, opensslHmac(PAGE_BODY, 'another-secret')), 'X-NeoDay-Signature does not match the body'],
		['a tampered body', request(Buffer.from(PAGE_BODY.toString().replace('"value": 100', '"value": 900')), valid), 'X-NeoDay-Signature does not match the body'],
		['a base64 signature', request(PAGE_BODY, Buffer.from(valid, 'hex').toString('base64')), 'X-NeoDay-Signature is not 64 hexadecimal digits'],
		['a truncated signature', request(PAGE_BODY, valid.slice(0, 63)), 'X-NeoDay-Signature is not 64 hexadecimal digits'],
		['a sha256= prefix', request(PAGE_BODY, `sha256=${valid}`), 'X-NeoDay-Signature is not 64 hexadecimal digits'],
		['the signature twice', { rawBody: PAGE_BODY, headers: { 'x-neoday-client-id': credential.clientId, 'x-neoday-signature': [valid, valid] } }, 'X-NeoDay-Signature is not 64 hexadecimal digits'],
		['no client ID', request(PAGE_BODY, valid, null), 'Missing X-NeoDay-Client-ID header'],
		['another client ID', request(PAGE_BODY, valid, 'someone-else'), "X-NeoDay-Client-ID is not the client ID of this trigger's credential"],
	])('%s: 401', (_title, req, reason) => {
		expect(verifyNeoDayWebhook(req, credential)).toEqual({ ok: false, status: 401, reason });
	});

	test('a credential without a client secret verifies nothing', () => {
		const signedWithEmptyKey = opensslHmac(PAGE_BODY, '');
		expect(verifyNeoDayWebhook(request(PAGE_BODY, signedWithEmptyKey), { ...credential, clientSecret: '' })).toMatchObject({ ok: false, status: 401 });
	});

	test('the comparison is constant-time (crypto.timingSafeEqual)', () => {
		const spy = jest.mocked(crypto.timingSafeEqual);
		spy.mockClear();
		verifyNeoDayWebhook(request(PAGE_BODY, valid), credential);
		verifyNeoDayWebhook(request(PAGE_BODY, '0'.repeat(64)), credential);
		expect(spy).toHaveBeenCalledTimes(2);
	});

	test('no reason carries the secret or the expected signature', () => {
		const cases = [request(PAGE_BODY, '0'.repeat(64)), request(PAGE_BODY, undefined), request(PAGE_BODY, valid, 'x')];
		for (const req of cases) {
			const verdict = verifyNeoDayWebhook(req, credential);
			expect(JSON.stringify(verdict)).not.toContain(credential.clientSecret);
			expect(JSON.stringify(verdict)).not.toContain(valid);
			expect(JSON.stringify(verdict)).not.toContain(credential.clientId);
		}
	});

	test(`a body over ${MAX_BODY_BYTES} bytes gets 413, before any signature is computed`, () => {
		const big = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
		const signature = opensslHmac(big, credential.clientSecret);
		const spy = jest.mocked(crypto.createHmac);
		spy.mockClear();
		expect(verifyNeoDayWebhook(request(big, signature), credential)).toMatchObject({ ok: false, status: 413 });
		expect(spy).not.toHaveBeenCalled();
		const atLimit = Buffer.concat([Buffer.from('{"events":[]}'), Buffer.alloc(MAX_BODY_BYTES - 13, 0x20)]);
		expect(verifyNeoDayWebhook(request(atLimit, opensslHmac(atLimit, credential.clientSecret)), credential)).toEqual({ ok: true, events: [] });
	});

	test('without the raw body nothing is verified: 400', () => {
		expect(verifyNeoDayWebhook({ rawBody: undefined, headers: request(PAGE_BODY, valid).headers }, credential)).toMatchObject({ ok: false, status: 400 });
	});

	test.each([
		['not JSON', 'events=transaction-created'],
		['not UTF-8', Buffer.from([0x7b, 0xff, 0x7d])],
		['JSON without events', '{"event": {"name": "transaction-created", "data": {}}}'],
		['events not a list', '{"events": {"name": "transaction-created", "data": {}}}'],
		['an event without a name', '{"events": [{"data": {}}]}'],
		['an event whose data is not an object', '{"events": [{"name": "transaction-created", "data": "x"}]}'],
		['an event without data', '{"events": [{"name": "transaction-created"}]}'],
		['a JSON array', '[{"name": "transaction-created", "data": {}}]'],
	])('a signed body that is %s: 400, checked only after the signature', (_title, text) => {
		const body = Buffer.isBuffer(text) ? text : Buffer.from(text);
		expect(verifyNeoDayWebhook(request(body, opensslHmac(body, credential.clientSecret)), credential)).toMatchObject({ ok: false, status: 400 });
		expect(verifyNeoDayWebhook(request(body, opensslHmac(body, 'another-secret')), credential)).toMatchObject({ ok: false, status: 401 });
	});
});

describe('eventFilter', () => {
	test('nothing picked fires every event', () => {
		const fires = eventFilter([], '');
		expect(['transaction-created', 'anything'].map(fires)).toEqual([true, true]);
	});

	test('picked and free names fire; others do not', () => {
		const fires = eventFilter(['transaction-created'], ' coupon-issued , ,user-registered');
		expect(['transaction-created', 'coupon-issued', 'user-registered', 'survey-answer-submitted'].map(fires)).toEqual([true, true, true, false]);
	});
});
