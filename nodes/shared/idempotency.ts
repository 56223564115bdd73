import { randomUUID } from 'node:crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** Where the execution's random part of the key is kept, in the node's execution context. */
const NONCE_FIELD = 'idempotencyKeyNonce';

/**
 * A random value drawn once per execution and node, kept in the node's
 * execution context (`getContext('node')`). n8n keeps that context in the
 * execution's own run data: every item, every run of the node in a loop and
 * every Retry On Fail of one execution see the same value, and every other
 * execution starts without it. An execution ID alone is not unique: two n8n
 * instances that share an encryption key share an instance ID, and a new
 * database numbers its executions from 1 again.
 */
function executionNonce(ctx: IExecuteFunctions): string | undefined {
	let context: IDataObject;
	try {
		context = ctx.getContext('node');
	} catch {
		return undefined;
	}
	if (typeof context[NONCE_FIELD] !== 'string') context[NONCE_FIELD] = randomUUID();
	return context[NONCE_FIELD] as string;
}

/**
 * The Idempotency-Key of one item's write: `n8n:<execution nonce>:<execution
 * ID>:<node ID>:<run index>:<item index>`. Every attempt for the same item in
 * the same execution sends the same key: the node's own retries, and n8n's
 * Retry On Fail, which runs the node again with the same execution data and
 * run index. Any other execution, on this instance or another, has another
 * nonce and so other keys. The execution ID only helps a person find the
 * execution that sent a key. 36 + about 60 characters, well under the 255
 * NeoDay allows. Without an execution context no key is sent, and the write
 * rules for a POST without one apply.
 */
export function idempotencyKey(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const nonce = executionNonce(ctx);
	if (nonce === undefined) return undefined;
	const runIndex = Number(ctx.getWorkflowDataProxy(itemIndex).$runIndex ?? 0);
	return ['n8n', nonce, ctx.getExecutionId() ?? '', ctx.getNode().id, runIndex, itemIndex].join(':');
}
