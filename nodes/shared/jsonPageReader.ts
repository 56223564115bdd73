const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];

const isJsonWhitespace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/**
 * Parses a JSON object as it arrives in chunks, keeping one of its top-level
 * arrays apart: that array's elements are parsed a chunk's worth at a time,
 * and the rest of the object once at the end.
 *
 * Why: a page of 2,000 scans is about 2 MB. `JSON.parse` needs it as one
 * string, and V8 puts strings that large in its old generation, where every
 * few of them start a major garbage collection that marks the whole heap;
 * in n8n's heap, after a quiet spell, that is one collection per ~20 MB. The
 * pieces here are at most a chunk long and die young.
 *
 * The cuts fall only on commas between the array's elements, found by a
 * scan that tracks strings and nesting, so no multi-byte character is ever
 * cut and every piece is parsed by `JSON.parse` itself. A document that is
 * not an object is kept whole and parsed at the end, as the HTTP client
 * would: text that does not parse comes back as text.
 */
export class JsonPageReader {
	/** Bytes not yet handed to a parse. */
	private pending: Buffer = Buffer.alloc(0);
	/** How far into `pending` the scan has gone; the state below holds up to there. */
	private scanned = 0;
	private depth = 0;
	/** The last string closed at depth 1 was the array's key, so an array opening now is its value. */
	private afterKey = false;
	private inArray = false;
	private arrayFound = false;
	private started = false;
	/** Chunks of a document that is not an object. */
	private whole: Buffer[] | undefined;
	/** The object without the elements of the array. */
	private readonly outside: Buffer[] = [];
	private readonly elements: unknown[] = [];

	constructor(private readonly arrayKey: string) {}

	push(chunk: Uint8Array): void {
		const incoming = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		if (this.whole) {
			this.whole.push(incoming);
			return;
		}
		let buf = this.pending.length ? Buffer.concat([this.pending, incoming]) : incoming;
		if (!this.started) {
			const at = firstSignificantByte(buf);
			if (at === buf.length) {
				this.pending = Buffer.from(buf);
				return;
			}
			this.started = true;
			if (buf[at] !== OPEN_BRACE) {
				this.whole = [buf];
				return;
			}
			buf = buf.subarray(at);
		}

		const n = buf.length;
		let cut = 0;
		let lastComma = -1;
		let depth = this.depth;
		let inArray = this.inArray;
		// A string that goes on in the next chunk is scanned again from its opening quote.
		let resumeAt = n;
		for (let i = this.scanned; i < n; i++) {
			const byte = buf[i];
			if (byte === QUOTE) {
				const opening = i;
				// Nothing inside a string is structure: only its closing quote matters.
				for (i++; i < n; i++) {
					const inner = buf[i];
					if (inner === QUOTE) break;
					if (inner === BACKSLASH) i++;
				}
				if (i >= n) {
					resumeAt = opening;
					break;
				}
				if (depth === 1 && !inArray) this.afterKey = this.isArrayKey(buf, opening + 1, i);
			} else if (byte === COMMA) {
				if (inArray && depth === 2) lastComma = i;
			} else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
				depth++;
				if (byte === OPEN_BRACKET && depth === 2 && this.afterKey && !this.arrayFound) {
					this.outside.push(Buffer.from(buf.subarray(cut, i + 1)));
					cut = i + 1;
					inArray = true;
					this.arrayFound = true;
				}
			} else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
				if (inArray && depth === 2) {
					this.parseElements(buf, cut, i);
					cut = i;
					lastComma = -1;
					inArray = false;
				}
				depth--;
			}
		}
		if (inArray) {
			if (lastComma >= cut) {
				this.parseElements(buf, cut, lastComma);
				cut = lastComma + 1;
			}
		} else if (resumeAt > cut) {
			this.outside.push(Buffer.from(buf.subarray(cut, resumeAt)));
			cut = resumeAt;
		}
		this.depth = depth;
		this.inArray = inArray;
		this.pending = Buffer.from(buf.subarray(cut));
		this.scanned = resumeAt - cut;
	}

	/** The parsed document. Throws a SyntaxError if the object is incomplete or not JSON. */
	finish(): unknown {
		if (this.whole) return parseAsTheHttpClientWould(Buffer.concat(this.whole));
		if (!this.started) return parseAsTheHttpClientWould(this.pending);
		if (this.inArray || this.depth !== 0) throw new SyntaxError('the JSON document ended early');
		const document = JSON.parse(Buffer.concat([...this.outside, this.pending]).toString('utf8')) as Record<string, unknown>;
		if (this.arrayFound) document[this.arrayKey] = this.elements;
		return document;
	}

	private isArrayKey(buf: Buffer, from: number, to: number): boolean {
		return to - from === this.arrayKey.length && buf.toString('latin1', from, to) === this.arrayKey;
	}

	private parseElements(buf: Buffer, from: number, to: number): void {
		const piece = JSON.parse(`[${buf.toString('utf8', from, to)}]`) as unknown[];
		for (const element of piece) this.elements.push(element);
	}
}

/** Where the document starts, after a byte order mark and whitespace. */
function firstSignificantByte(buf: Buffer): number {
	let at = BYTE_ORDER_MARK.every((byte, index) => buf[index] === byte) ? BYTE_ORDER_MARK.length : 0;
	while (at < buf.length && isJsonWhitespace(buf[at])) at++;
	return at;
}

/** Like the HTTP client: JSON if it parses, else the text. */
function parseAsTheHttpClientWould(body: Buffer): unknown {
	let text = body.toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
