import type { IDataObject, IHttpRequestMethods, INode } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import type { FailureDetails, ServiceProfile } from './failures';
import { describeFailure, headerValue, isNetworkFailure, RETRY_LIMITS, toApiError, wasNeverSent } from './failures';

/**
 * The write rules: when a failed request may be sent again. This is the one
 * place that decides it.
 *
 * | request                                  | sent again after                                   |
 * |------------------------------------------|----------------------------------------------------|
 * | GET, PUT, PATCH, DELETE (idempotent)     | 429, 5xx, a network failure (also mid-body), a     |
 * |                                          | malformed body, a timeout                          |
 * | POST with an Idempotency-Key             | the same: the server applies one key once          |
 * | POST that stores nothing (a validation)  | the same: there is nothing to apply twice          |
 * | POST without a key (a create)            | 429 and failures that prove the request was never  |
 * |                                          | sent (connection refused, DNS). Anything else is   |
 * |                                          | ambiguous: the write may have been applied.        |
 *
 * An ambiguous create is never blindly sent again. With a `confirm` check (a
 * natural key such as Scantrust's unique workorder reference) the record is
 * looked up: found, it is the result; absent, the create was not applied and
 * is sent again. Without one the error says the record may exist and how to
 * check. A DELETE that finds 404 on a later attempt already did its work.
 */
export interface WriteRule {
	/** Looks for the record an ambiguous create may have made; `undefined` means it was not made. */
	confirm?: () => Promise<unknown>;
	/** Sentence telling the user how to check for a record that may have been created. */
	checkHint?: string;
	/** The request carries an Idempotency-Key, so the server applies it once however often it is sent. */
	idempotencyKey?: string;
	/** A POST that stores nothing, such as a validation: sent again like a GET. */
	storesNothing?: boolean;
}

type Retry = 'retry' | 'confirm' | 'stop';

function decide(method: IHttpRequestMethods, rule: WriteRule, failure: FailureDetails): Retry {
	const transient = failure.status === 429 || (failure.status ?? 0) >= 500 || isNetworkFailure(failure);
	if (!transient) return 'stop';
	// A token request only asks for a token: sending it again applies nothing.
	if (failure.tokenRequest || method !== 'POST' || rule.idempotencyKey || rule.storesNothing) return 'retry';
	if (failure.status === 429 || wasNeverSent(failure)) return 'retry';
	return rule.confirm ? 'confirm' : 'stop';
}

/** How long the server asked us to wait, from `Retry-After` or Scantrust's "Expected available in N seconds". */
export function requestedWaitMs(headers: IDataObject, body: unknown, now = Date.now()): number | undefined {
	const retryAfter = headerValue(headers, 'retry-after');
	if (retryAfter !== undefined) {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
	const match = /expected available in (\d+(?:\.\d+)?) seconds?/i.exec(text);
	return match ? Number(match[1]) * 1000 : undefined;
}

export function backoffMs(attempt: number): number {
	const exponential = RETRY_LIMITS.baseDelayMs * 2 ** (attempt - 1);
	const jitter = Math.floor(Math.random() * RETRY_LIMITS.baseDelayMs);
	return Math.min(RETRY_LIMITS.maxDelayMs, exponential + jitter);
}

/**
 * A 429 pauses every request of the same node run, not just the one that got
 * it: items running side by side would otherwise keep hitting the limit.
 */
const throttles = new WeakMap<object, { resumeAt: number }>();

async function waitForThrottle(owner: object): Promise<void> {
	const throttle = throttles.get(owner);
	const wait = throttle ? throttle.resumeAt - Date.now() : 0;
	if (wait > 0) await sleep(wait);
}

function throttleFor(owner: object, waitMs: number): void {
	const resumeAt = Date.now() + waitMs;
	const throttle = throttles.get(owner);
	if (!throttle) throttles.set(owner, { resumeAt });
	else throttle.resumeAt = Math.max(throttle.resumeAt, resumeAt);
}

export interface RetryTarget {
	/** Shared by every request of one node run; 429 pauses are kept per owner. */
	owner: object;
	node: INode;
	profile: ServiceProfile;
	method: IHttpRequestMethods;
	rule?: WriteRule;
	itemIndex?: number;
}

/**
 * Runs `send` until it succeeds or the write rules above say stop, waiting
 * as the server asks or with exponential backoff, then maps the last failure
 * to a NodeApiError.
 */
export async function withRetries<T>(target: RetryTarget, send: () => Promise<T>): Promise<T> {
	const { owner, node, profile, method, itemIndex } = target;
	const rule = target.rule ?? {};
	let previous: FailureDetails | undefined;
	for (let attempt = 1; ; attempt++) {
		await waitForThrottle(owner);
		try {
			return await send();
		} catch (error) {
			// Wrapping an existing NodeOperationError hands back the same error.
			if (error instanceof NodeOperationError) throw new NodeOperationError(node, error, { itemIndex });
			const failure = describeFailure(error);
			if (method === 'DELETE' && failure.status === 404 && previous !== undefined) {
				return undefined as T;
			}
			previous = failure;
			let next = decide(method, rule, failure);
			if (next === 'confirm' && rule.confirm) {
				const existing = await rule.confirm();
				if (existing !== undefined) return existing as T;
				next = 'retry';
			}
			if (next === 'stop' && method === 'POST' && !rule.idempotencyKey && (failure.status === undefined || failure.status >= 500)) {
				throw toApiError(
					node,
					profile,
					failure,
					itemIndex,
					`The request may have reached ${profile.serviceName} and the record may have been created, so it was not sent again. ${rule.checkHint ?? 'Check for the record before you run the node again.'}`,
				);
			}
			if (next === 'stop' || attempt >= RETRY_LIMITS.maxAttempts) {
				throw toApiError(node, profile, failure, itemIndex);
			}
			const asked = failure.status === 429 || failure.status === 503 ? requestedWaitMs(failure.headers, failure.body) : undefined;
			if (asked !== undefined && asked > RETRY_LIMITS.maxRetryAfterMs) {
				throw toApiError(
					node,
					profile,
					failure,
					itemIndex,
					`${profile.serviceName} asked to wait ${Math.ceil(asked / 1000)} seconds before the next request. Run the workflow again after that.`,
				);
			}
			const wait = asked ?? backoffMs(attempt);
			if (failure.status === 429) throttleFor(owner, wait);
			await sleep(wait);
		}
	}
}
