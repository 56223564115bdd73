import type { IDataObject } from 'n8n-workflow';
import { collectGrowingListByOffset } from '../../nodes/shared/pagination';

/** A list served by offset, as a server that allows at most `maxPage` a page answers it. */
function served(list: IDataObject[], maxPage = Infinity) {
	const asked: Array<[number, number]> = [];
	const fetchPage = async (offset: number, size: number) => {
		asked.push([offset, size]);
		return { items: list.slice(offset, offset + Math.min(size, maxPage)), total: list.length };
	};
	return { asked, fetchPage, recount: async () => list.length };
}

const records = (count: number) => Array.from({ length: count }, (_, id) => ({ id }));

describe('collectGrowingListByOffset', () => {
	test('reads every page once, in order, and counts again at the end', async () => {
		const server = served(records(2500));
		const items = await collectGrowingListByOffset(server.fetchPage, server.recount, 1000);
		expect(items?.map((item) => item.id)).toEqual(records(2500).map((item) => item.id));
		expect(server.asked).toEqual([[0, 1000], [1000, 1000], [2000, 500]]);
	});

	test('one page is the whole answer: no recount', async () => {
		const server = served(records(30));
		const recount = jest.fn(server.recount);
		expect(await collectGrowingListByOffset(server.fetchPage, recount, 1000)).toHaveLength(30);
		expect(recount).not.toHaveBeenCalled();
	});

	test('a limit asks only for what it needs', async () => {
		const server = served(records(5000));
		expect(await collectGrowingListByOffset(server.fetchPage, server.recount, 1000, 1200)).toHaveLength(1200);
		expect(server.asked).toEqual([[0, 1000], [1000, 200]]);
	});

	test('a server that allows smaller pages sets the step', async () => {
		const server = served(records(250), 100);
		const items = await collectGrowingListByOffset(server.fetchPage, server.recount, 1000);
		expect(items?.map((item) => item.id)).toEqual(records(250).map((item) => item.id));
		expect(server.asked.slice(1).map(([offset]) => offset)).toEqual([100, 200]);
	});

	test('a record added during the read is noticed: a page counts more, or the recount does', async () => {
		const list = records(2500);
		const server = served(list);
		const growing = async (offset: number, size: number) => {
			if (offset === 2000) list.unshift({ id: -1 });
			return await server.fetchPage(offset, size);
		};
		expect(await collectGrowingListByOffset(growing, server.recount, 1000)).toBeUndefined();

		const late = served(records(2500));
		expect(await collectGrowingListByOffset(late.fetchPage, async () => 2501, 1000)).toBeUndefined();
	});

	test('a short page is noticed', async () => {
		const server = served(records(2500));
		const short = async (offset: number, size: number) => {
			const page = await server.fetchPage(offset, size);
			return offset === 1000 ? { ...page, items: page.items.slice(1) } : page;
		};
		expect(await collectGrowingListByOffset(short, server.recount, 1000)).toBeUndefined();
	});

	test('without a count there is no safe way by offset', async () => {
		const fetchPage = async () => ({ items: records(10) });
		expect(await collectGrowingListByOffset(fetchPage, async () => undefined, 10)).toBeUndefined();
	});

	test('a failed page fails the read', async () => {
		const server = served(records(2500));
		const failing = async (offset: number, size: number) => {
			if (offset === 1000) throw new Error('page failed');
			return await server.fetchPage(offset, size);
		};
		await expect(collectGrowingListByOffset(failing, server.recount, 1000)).rejects.toThrow('page failed');
	});
});
