// The item pool on its own: outcomes by index, the bound, stopping after a
// failure, and batches with a pause. Timings stay out: order of events only.
import { runInPool } from '../../dist/nodes/shared/concurrency';

/** A task whose finish the test controls, to make items finish out of order. */
function controlled(count: number) {
	const release: Array<() => void> = [];
	const started: number[] = [];
	let running = 0;
	let mostRunning = 0;
	const task = async (index: number) => {
		started.push(index);
		running++;
		mostRunning = Math.max(mostRunning, running);
		await new Promise<void>((resolve) => (release[index] = resolve));
		running--;
		if (index % 7 === 3) throw new Error(`item ${index} failed`);
		return `result ${index}`;
	};
	return { task, release, started, most: () => mostRunning, count };
}

const tick = async () => await new Promise((resolve) => setImmediate(resolve));

test('keeps outcomes in input order whatever order tasks finish in, never more than the bound at once', async () => {
	const c = controlled(20);
	const done = runInPool(20, { concurrency: 4, pauseMs: 0, stopAfterFailure: false }, c.task);
	for (let round = 0; round < 40; round++) {
		await tick();
		// Release the newest running task first: finishing order is the reverse of starting order.
		const waiting = c.started.filter((index) => c.release[index]).reverse();
		const next = waiting[0];
		if (next !== undefined) {
			const release = c.release[next];
			delete c.release[next];
			release();
		}
	}
	const outcomes = await done;
	expect(c.most()).toBe(4);
	expect(outcomes.map((o) => (o?.ok ? o.value : (o?.error as Error).message))).toEqual(
		Array.from({ length: 20 }, (_, index) => (index % 7 === 3 ? `item ${index} failed` : `result ${index}`)),
	);
	expect([...c.started].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index));
});

test('starts nothing new after a failure when asked, and each task runs once', async () => {
	const calls: number[] = [];
	const outcomes = await runInPool(10, { concurrency: 2, pauseMs: 0, stopAfterFailure: true }, async (index) => {
		calls.push(index);
		await tick();
		if (index === 3) throw new Error('boom');
		return index;
	});
	expect(calls).toEqual([0, 1, 2, 3, 4]);
	expect(outcomes.slice(5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
	expect(outcomes[3]).toEqual({ ok: false, error: new Error('boom') });
});

test('with a pause, runs whole batches one after another', async () => {
	const events: string[] = [];
	await runInPool(5, { concurrency: 2, pauseMs: 1, stopAfterFailure: false }, async (index) => {
		events.push(`start ${index}`);
		await tick();
		events.push(`end ${index}`);
	});
	expect(events).toEqual(['start 0', 'start 1', 'end 0', 'end 1', 'start 2', 'start 3', 'end 2', 'end 3', 'start 4', 'end 4']);
});

test('an empty input runs nothing', async () => {
	expect(await runInPool(0, { concurrency: 5, pauseMs: 0, stopAfterFailure: true }, async () => 1)).toEqual([]);
});
