import type { IDataObject } from 'n8n-workflow';
import { runInPool } from './concurrency';

export interface Page<TCursor> {
	items: IDataObject[];
	next?: TCursor;
}

/**
 * Walks pages until there is no next page or `limit` items are collected.
 * `fetchPage` receives how many items are still wanted so it can size the
 * request and the walk never asks for a page it does not need.
 */
export async function collectPages<TCursor>(
	fetchPage: (cursor: TCursor | undefined, remaining: number | undefined) => Promise<Page<TCursor>>,
	limit?: number,
	outOfTime: () => boolean = () => false,
): Promise<IDataObject[]> {
	const collected: IDataObject[] = [];
	let cursor: TCursor | undefined;
	do {
		const remaining = limit === undefined ? undefined : limit - collected.length;
		const page = await fetchPage(cursor, remaining);
		for (const item of page.items) collected.push(item);
		cursor = page.next;
	} while (cursor !== undefined && (limit === undefined || collected.length < limit) && !outOfTime());
	return limit === undefined ? collected : collected.slice(0, limit);
}

/**
 * Pages of an offset API requested at once once the total is known. Eight keep
 * a 30 ms API busy while n8n parses the pages already in (benchmark: 4 left
 * Scans Get Many at 1.6x the HTTP Request node, 8 at 2x); a 429 still pauses them all.
 */
export const PAGES_IN_FLIGHT = 8;

/**
 * The pages from offset `start` up to `end`, `step` apart, read
 * `PAGES_IN_FLIGHT` at a time and returned in offset order. The first failure
 * fails the read. Once `outOfTime` answers true no further page starts, and
 * the pages returned are the first ones.
 */
async function readPagesAt<T>(
	start: number,
	end: number,
	step: number,
	readPage: (offset: number, size: number) => Promise<T>,
	outOfTime: () => boolean = () => false,
): Promise<T[]> {
	const offsets: number[] = [];
	for (let offset = start; offset < end; offset += step) offsets.push(offset);
	const outcomes = await runInPool(
		offsets.length,
		{ concurrency: PAGES_IN_FLIGHT, pauseMs: 0, stopAfterFailure: true, stopWhen: outOfTime },
		async (index) => await readPage(offsets[index], Math.min(step, end - offsets[index])),
	);
	const pages: T[] = [];
	for (const outcome of outcomes) {
		if (!outcome) continue;
		if (!outcome.ok) throw outcome.error;
		pages.push(outcome.value);
	}
	return pages;
}

/**
 * For offset APIs that report the total on their first page: once the first
 * page is in, the offsets of every other page are known, so they are fetched
 * `PAGES_IN_FLIGHT` at a time and put back in order. Without a total it walks
 * page by page, stopping at the first short page. When `outOfTime` answers
 * true no further page is asked for, and what was read is the list's start:
 * a poll that ran out of time returns the oldest events of its window.
 */
export async function collectOffsetPages(
	fetchPage: (offset: number, size: number) => Promise<{ items: IDataObject[]; total?: number }>,
	pageSize: number,
	limit?: number,
	outOfTime: () => boolean = () => false,
): Promise<IDataObject[]> {
	const wanted = limit ?? Infinity;
	const firstSize = Math.min(wanted, pageSize);
	const first = await fetchPage(0, firstSize);
	if (first.items.length < firstSize || first.items.length >= wanted) return first.items.slice(0, limit);
	if (first.total === undefined) {
		const rest = await collectPages<number>(async (offset = first.items.length, remaining) => {
			const size = Math.min(remaining ?? pageSize, pageSize);
			const { items } = await fetchPage(offset, size);
			return { items, next: items.length === size ? offset + items.length : undefined };
		}, limit === undefined ? undefined : limit - first.items.length, outOfTime);
		return [...first.items, ...rest];
	}
	const pages = await readPagesAt(first.items.length, Math.min(first.total, wanted), pageSize, fetchPage, outOfTime);
	const collected = [...first.items];
	for (const page of pages) for (const item of page.items) collected.push(item);
	return limit === undefined ? collected : collected.slice(0, limit);
}

/**
 * Offset pages of a list that can only grow, read `PAGES_IN_FLIGHT` at a
 * time. Reading by offset is consistent only while nothing is added: a new
 * record shifts every later page by one, doubling one record and losing
 * another. Every page reports the list's count, so the walk checks that each
 * page counted what the first did, that each came back full, and, once all
 * are in, that the list still counts the same. If anything moved it returns
 * `undefined`, and the caller reads the list again the consistent way.
 */
export async function collectGrowingListByOffset(
	fetchPage: (offset: number, size: number) => Promise<{ items: IDataObject[]; total?: number }>,
	recount: () => Promise<number | undefined>,
	pageSize: number,
	limit?: number,
): Promise<IDataObject[] | undefined> {
	const wanted = limit ?? Infinity;
	const first = await fetchPage(0, Math.min(wanted, pageSize));
	if (first.total === undefined) return undefined;
	const end = Math.min(first.total, wanted);
	// A server that allows less than was asked answers with its own page size; the offsets follow it.
	const size = first.items.length;
	if (size >= end) return first.items.slice(0, end);
	if (size === 0) return undefined;
	const pages = await readPagesAt(size, end, size, async (offset, expected) => {
		const page = await fetchPage(offset, expected);
		return page.total === first.total && page.items.length === expected ? page.items : undefined;
	});
	if (pages.includes(undefined) || (await recount()) !== first.total) return undefined;
	const collected = [...first.items];
	for (const page of pages as IDataObject[][]) for (const item of page) collected.push(item);
	return collected;
}
