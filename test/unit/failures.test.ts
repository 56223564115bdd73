import { requestOptionsDescription } from '../../nodes/shared/descriptions';
import { describeFailure, isNetworkFailure, storageErrorMessage, wasNeverSent } from '../../nodes/shared/failures';
import { requestedWaitMs } from '../../nodes/shared/retries';
import { TIMEOUT_DEFAULTS } from '../../nodes/shared/transport';

describe('describeFailure', () => {
	it('reads status, headers and body from the HTTP error inside n8n\'s wrapper', () => {
		const http = Object.assign(new Error('Request failed with status code 429'), {
			response: { status: 429, headers: { 'retry-after': '3' }, data: '{"detail":"slow down"}' },
		});
		const wrapped = Object.assign(new Error('Too many requests'), { httpCode: '429', cause: http });
		expect(describeFailure(wrapped)).toEqual(
			expect.objectContaining({ status: 429, headers: { 'retry-after': '3' }, body: { detail: 'slow down' } }),
		);
	});

	it('treats a body that broke off after a 200 status line as a network failure, not "error 200"', () => {
		const http = Object.assign(new Error('stream has been aborted'), { code: 'ERR_BAD_RESPONSE', response: { status: 200, headers: {} } });
		const failure = describeFailure(http);
		expect(failure.status).toBeUndefined();
		expect(isNetworkFailure(failure)).toBe(true);
		expect(wasNeverSent(failure)).toBe(false);
	});

	// n8n 1.x's NodeApiError (n8n-workflow 1.120) keeps no cause: ExecutionBaseError declares `cause` as a class
	// field, which resets the one the Error constructor set. A network failure's code survives only as its httpCode
	// (found under `code` of the HTTP error), the original message only first in `messages`; `message` is n8n's text.
	const asOnN8n1 = (code: string | null, original: string, generic: string) =>
		Object.assign(new Error(generic), { name: 'NodeApiError', httpCode: code, messages: [original], cause: undefined });

	it('reads a reset from what n8n 1.x keeps of it, and calls it a failure worth another try', () => {
		const failure = describeFailure(
			asOnN8n1('ECONNRESET', 'socket hang up', 'The connection to the server was closed unexpectedly, perhaps it is offline.'),
		);
		expect(failure).toEqual(expect.objectContaining({ status: undefined, code: 'ECONNRESET', message: 'socket hang up' }));
		expect(isNetworkFailure(failure)).toBe(true);
		expect(wasNeverSent(failure)).toBe(false);
	});

	it('reads a body cut off after a 2xx status line from what n8n 1.x keeps of it', () => {
		const failure = describeFailure(asOnN8n1('202', 'aborted', 'aborted'));
		expect(failure.status).toBeUndefined();
		expect(isNetworkFailure(failure)).toBe(true);
	});

	it('reads a refused connection from what n8n 1.x keeps of it, as one that never left', () => {
		const failure = describeFailure(asOnN8n1('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9', 'The service refused the connection - perhaps it is offline'));
		expect(wasNeverSent(failure)).toBe(true);
	});

	it('knows the failures that prove a request never left', () => {
		expect(wasNeverSent(describeFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })))).toBe(true);
		expect(wasNeverSent(describeFailure(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })))).toBe(false);
	});

	it('recognises a credential\'s token request failure by its name', () => {
		const tokenError = Object.assign(new Error('NeoDay refused the token request (HTTP 401)'), {
			name: 'TokenRequestError',
			outcome: { status: 401 },
		});
		expect(describeFailure({ cause: tokenError })).toEqual(expect.objectContaining({ status: 401, tokenRequest: true }));
	});
});

describe('storageErrorMessage', () => {
	it('reads S3 XML errors', () => {
		expect(
			storageErrorMessage('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>'),
		).toBe('AccessDenied: Request has expired');
	});

	it('reads JSON errors, and gives up on anything else', () => {
		expect(storageErrorMessage({ error: 'NoSuchKey', message: 'gone' })).toBe('NoSuchKey: gone');
		expect(storageErrorMessage(undefined)).toBeUndefined();
	});
});

describe('requestedWaitMs', () => {
	it('honours Retry-After in seconds or as a date, and Scantrust\'s text', () => {
		expect(requestedWaitMs({ 'Retry-After': '2' }, undefined)).toBe(2000);
		expect(requestedWaitMs({ 'retry-after': 'Wed, 01 Dec 2026 10:00:05 GMT' }, undefined, Date.parse('2026-12-01T10:00:00Z'))).toBe(5000);
		expect(requestedWaitMs({}, { detail: 'Request was throttled. Expected available in 7 seconds.' })).toBe(7000);
		expect(requestedWaitMs({}, { detail: 'nope' })).toBeUndefined();
	});
});

it('the Request Options show the defaults the transport uses', () => {
	const defaults = Object.fromEntries((requestOptionsDescription.options ?? []).map((option) => [option.name, (option as { default: unknown }).default]));
	expect(defaults).toEqual({ timeout: TIMEOUT_DEFAULTS.requestSeconds, downloadIdleTimeout: TIMEOUT_DEFAULTS.downloadIdleSeconds });
});
