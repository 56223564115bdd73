import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

export interface PoolOptions {
	/** Most tasks running at once. */
	concurrency: number;
	/**
	 * With a pause, tasks run in batches of `concurrency` with this pause
	 * between batches, as the HTTP Request node's batching does. Without one
	 * a new task starts as soon as another finishes.
	 */
	pauseMs: number;
	/** Start nothing new once a task has failed; tasks already running finish. */
	stopAfterFailure: boolean;
	/** Start nothing new once this answers true, e.g. when a poll's time is up; tasks already running finish. */
	stopWhen?: () => boolean;
}

/** What became of one task; `undefined` in the results for a task never started. */
export type TaskOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `task(0)` … `task(count - 1)` with at most `concurrency` at a time and
 * returns their outcomes by index, so the caller keeps input order whatever
 * order they finish in. A task is started once at most: nothing is repeated.
 * Tasks start in index order, so when the pool halts early the tasks that ran
 * are always the first ones.
 */
export async function runInPool<T>(
	count: number,
	options: PoolOptions,
	task: (index: number) => Promise<T>,
): Promise<Array<TaskOutcome<T> | undefined>> {
	const outcomes: Array<TaskOutcome<T> | undefined> = new Array(count).fill(undefined);
	const size = Math.max(1, Math.min(Math.floor(options.concurrency) || 1, count));
	let failed = false;
	const halted = () => (failed && options.stopAfterFailure) || options.stopWhen?.() === true;
	const settle = async (index: number) => {
		try {
			outcomes[index] = { ok: true, value: await task(index) };
		} catch (error) {
			failed = true;
			outcomes[index] = { ok: false, error };
		}
	};

	if (options.pauseMs > 0) {
		for (let start = 0; start < count && !halted(); start += size) {
			if (start > 0) await sleep(options.pauseMs);
			const batch = Array.from({ length: Math.min(size, count - start) }, (_, offset) => start + offset);
			await Promise.all(batch.map(settle));
		}
		return outcomes;
	}

	let next = 0;
	const worker = async () => {
		while (next < count && !halted()) await settle(next++);
	};
	await Promise.all(Array.from({ length: size }, worker));
	return outcomes;
}

export const DEFAULT_ITEMS_IN_PARALLEL = 20;

/**
 * The node option that sets the pool, named like the HTTP Request node's
 * Batching so users find it where they expect it. A collection, not a
 * fixedCollection: n8n-workflow 2.41 fails on a top-level fixedCollection
 * whose default has a value when a workflow does not set it.
 */
export const batchingProperty: INodeProperties = {
	displayName: 'Batching',
	name: 'batching',
	type: 'collection',
	placeholder: 'Add Batching Option',
	default: {},
	description: 'How many input items run at the same time, like the batching of the HTTP Request node',
	options: [
		{
			displayName: 'Items in Parallel',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: DEFAULT_ITEMS_IN_PARALLEL,
			description: 'How many input items run at the same time. 1 runs them one after another. Output order never changes.',
		},
		{
			displayName: 'Pause Between Batches (Ms)',
			name: 'batchInterval',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'With a pause, items run in batches of Items in Parallel with this pause between batches. 0 starts the next item as soon as one finishes.',
		},
	],
};

/** Reads `batchingProperty` once per run, as the HTTP Request node reads its batching from the first item. */
export function readPoolOptions(ctx: IExecuteFunctions): Omit<PoolOptions, 'stopAfterFailure'> {
	const batch = ctx.getNodeParameter('batching', 0, {}) as { batchSize?: number; batchInterval?: number };
	return {
		concurrency: Math.max(1, Number(batch.batchSize ?? DEFAULT_ITEMS_IN_PARALLEL) || 1),
		pauseMs: Math.max(0, Number(batch.batchInterval ?? 0) || 0),
	};
}
