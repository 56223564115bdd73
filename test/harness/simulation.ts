// The parts every trigger's randomized simulation shares: a replayable random
// source, one poll disturbed as n8n's scheduler can disturb it, and the
// exactly-once check on what fired.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeApiError } from 'n8n-workflow';
import type { PollHarness, PollOutcome } from './poll';

/** Deterministic, so a failure can be replayed. */
export function seededRandom(seed: number) {
	let state = seed;
	const next = () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	return { next, int, pick: <T>(values: T[]): T => values[int(0, values.length - 1)] };
}

export type Random = ReturnType<typeof seededRandom>;

export type DisturbedPoll =
	| { kind: 'lostSave' }
	| { kind: 'poll' | 'restart'; outcome: PollOutcome; failed: boolean };

/**
 * One poll as n8n may run it: usually a plain tick; sometimes an activation
 * after a restart; sometimes a tick whose save is lost (its items never ran,
 * and the next poll starts from the older state), when `canLoseSave`. A
 * failed poll must throw a NodeApiError, fire nothing and leave the state as
 * it was.
 */
export async function disturbedPoll(
	harness: PollHarness,
	random: Random,
	canLoseSave = true,
): Promise<DisturbedPoll> {
	const before = harness.nodeState();
	const mode = random.next();
	let kind: 'poll' | 'restart' = 'poll';
	let outcome: PollOutcome;
	if (mode < 0.03) {
		kind = 'restart';
		harness.restart();
		outcome = await harness.activate();
	} else if (mode < 0.05 && canLoseSave) {
		const saved = harness.snapshot();
		await harness.poll();
		harness.restore(saved);
		return { kind: 'lostSave' };
	} else {
		outcome = await harness.poll();
	}
	const failed = Boolean(outcome.error);
	if (failed) {
		expect(outcome.error).toBeInstanceOf(NodeApiError);
		expect(outcome.items).toEqual([]);
		expect(harness.nodeState()).toEqual(before);
	}
	return { kind, outcome, failed };
}

export function expectExactlyOnce<T>(fired: T[], created: Set<T>) {
	const duplicates = fired.filter((id, index) => fired.indexOf(id) !== index);
	expect(duplicates).toEqual([]);
	const missed = [...created].filter((id) => !fired.includes(id));
	expect(missed).toEqual([]);
	expect(new Set(fired)).toEqual(created);
}

export const SIMULATION_REPORTS = join(__dirname, '..', '..', '.cache', 'reports');

/** Statistics of a simulation, kept out of jest's output: .cache/reports/simulation-<name>.txt, rewritten each run. */
export function reportSimulation(name: string, line: string) {
	mkdirSync(SIMULATION_REPORTS, { recursive: true });
	const file = `simulation-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.txt`;
	writeFileSync(join(SIMULATION_REPORTS, file), `${line}\n`);
}
