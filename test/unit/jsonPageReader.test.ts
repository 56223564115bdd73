import { JsonPageReader } from '../../nodes/shared/jsonPageReader';

/** Feeds `bytes` to a reader in chunks of the given sizes (cycled), as a socket would. */
function readInChunks(bytes: Buffer, sizes: number[], key = 'results'): unknown {
	const reader = new JsonPageReader(key);
	for (let at = 0, turn = 0; at < bytes.length; turn++) {
		const size = Math.max(1, sizes[turn % sizes.length]);
		reader.push(bytes.subarray(at, at + size));
		at += size;
	}
	return reader.finish();
}

/** A deterministic pseudo-random source, so a failure can be replayed. */
function random(seed: number) {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		return state / 2 ** 31;
	};
}

const awkwardStrings = ['', 'plain', 'with "quotes"', 'back\\slash\\', '\\"', 'braces {[]} and, commas', 'ünïcödé 漢字 🎉', 'line\nbreak\ttab', '\u0000\u001f'];

function scan(index: number, next: () => number) {
	return {
		uuid: `scan-${index}`,
		note: awkwardStrings[Math.floor(next() * awkwardStrings.length)],
		flags: next() < 0.5 ? [] : ['counterfeit', 'out-of-market'],
		device: { model: 'IPHONE', nested: [[1, [2, { deep: '}]' }]], null] },
		lat: next() * 180 - 90,
		active: next() < 0.5,
		empty: {},
		none: null,
	};
}

describe('JsonPageReader', () => {
	const next = random(42);
	const page = {
		count: 300,
		next: 'https://api.example.com/api/v2/dashboard/scans/?limit=2000&offset=2000&q=%22results%22',
		previous: null,
		results: Array.from({ length: 300 }, (_, index) => scan(index, next)),
		meta: { results: [1, 2], label: 'results' },
	};
	const bytes = Buffer.from(JSON.stringify(page));

	test.each([
		['one chunk', [bytes.length]],
		['one byte at a time', [1]],
		['socket-sized chunks', [16_384, 65_536]],
		['ragged chunks', [3, 7, 1, 500, 2, 4096, 13]],
	])('gives what JSON.parse gives: %s', (_, sizes) => {
		expect(readInChunks(bytes, sizes)).toEqual(page);
	});

	test('random documents in random chunks', () => {
		const draw = random(7);
		for (let round = 0; round < 200; round++) {
			const document = {
				...(draw() < 0.5 ? { before: awkwardStrings[Math.floor(draw() * awkwardStrings.length)] } : {}),
				results: Array.from({ length: Math.floor(draw() * 40) }, (_, index) =>
					draw() < 0.8 ? scan(index, draw) : [awkwardStrings[index % awkwardStrings.length], index, null, true],
				),
				after: { results: 'not the array', list: [1, [2]] },
			};
			const text = draw() < 0.3 ? JSON.stringify(document, null, draw() < 0.5 ? 2 : '\t') : JSON.stringify(document);
			const sizes = Array.from({ length: 5 }, () => 1 + Math.floor(draw() * 300));
			expect(readInChunks(Buffer.from(text), sizes)).toEqual(document);
		}
	});

	test('the array may come first, last, be empty or be missing', () => {
		for (const document of [{ results: [{ a: 1 }], count: 1 }, { count: 0, results: [] }, { count: 0 }, { results: null }, {}]) {
			expect(readInChunks(Buffer.from(JSON.stringify(document)), [2])).toEqual(document);
		}
	});

	test('a byte order mark and whitespace before the object', () => {
		const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(' \n {"results": [ {"a": "b"} , 2 ] }\n')]);
		expect(readInChunks(text, [1])).toEqual({ results: [{ a: 'b' }, 2] });
		expect(readInChunks(text, [text.length])).toEqual({ results: [{ a: 'b' }, 2] });
	});

	test('a document that is not an object is parsed whole, and text that is not JSON comes back as text', () => {
		expect(readInChunks(Buffer.from('[{"a":1},{"a":2}]'), [3])).toEqual([{ a: 1 }, { a: 2 }]);
		expect(readInChunks(Buffer.from('<html>Bad gateway</html>'), [4])).toBe('<html>Bad gateway</html>');
		expect(readInChunks(Buffer.from(''), [1])).toBe('');
	});

	test('an object cut short or broken inside fails with a SyntaxError', () => {
		const text = JSON.stringify({ count: 2, results: [{ a: 1 }, { a: 2 }] });
		for (let end = 1; end < text.length; end++) {
			expect(() => readInChunks(Buffer.from(text.slice(0, end)), [5])).toThrow(SyntaxError);
		}
		expect(() => readInChunks(Buffer.from('{"results":[{"a":1},{"a":}]}'), [4])).toThrow(SyntaxError);
		expect(() => readInChunks(Buffer.from('{"count":,"results":[]}'), [4])).toThrow(SyntaxError);
	});

	test('another key can be split', () => {
		const document = { data: [{ id: 1 }, { id: 2 }], meta: { total_count: 2 } };
		expect(readInChunks(Buffer.from(JSON.stringify(document)), [3], 'data')).toEqual(document);
	});
});
