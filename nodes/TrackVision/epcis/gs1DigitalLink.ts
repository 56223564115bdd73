/**
 * Constrained canonical GS1 Digital Link URIs, as the CBV 2.0 event hash ID needs them
 * (https://ref.gs1.org/standards/cbv/, "EPCIS Event Hash ID"; GS1 Digital Link URI Syntax 1.2, section 4.11):
 * EPC URIs, EPC Class URIs and EPC ID Pattern URIs become `https://id.gs1.org/...`, and a Digital Link URI loses its
 * custom domain, its query string and every qualifier coarser than the finest one present.
 *
 * Where the standard leaves a choice open, this follows the published reference implementation
 * (https://github.com/RalphTro/epcis-event-hash-generator, dl_normaliser), whose hashes are our test vectors:
 * in the serial parts only `! ( ) * + , :` are percent-encoded and existing escapes are kept, and a Digital Link URI
 * that does not fit the canonical patterns is left as it is.
 */

/** One character of an EPC URI component that holds GS1 AI encodable characters (TDS "GS3A3"). */
const GS3A3 = "(?:%2[125-9A-Fa-f]|%3[0-9A-Fa-f]|%4[1-9A-Fa-f]|%5[0-9AaFf]|%6[1-9A-Fa-f]|%7[0-9Aa]|[!')(*+,.0-9:;=A-Za-z_-])";
/** One character of a CPI component reference (TDS, GS1 AI encodable character set 39). */
const CPI_CHAR = '(?:%2[3dfDF]|%3[0-9]|%4[1-9A-Fa-f]|%5[0-9Aa]|[0-9A-Z-])';
/** The characters the canonical Digital Link patterns accept in an alphanumeric key or qualifier. */
const DL_CHAR = "[\"'\\-.0-9;-?A-Z_a-z]";

/** GS1 standard check digit (GS1 General Specifications 7.9.1): weights 3,1,3,… from the right. */
export function gs1CheckDigit(digits: string): string {
	let sum = 0;
	for (let i = digits.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
		sum += Number(digits[i]) * weight;
	}
	return String((10 - (sum % 10)) % 10);
}

function percentEncodeReserved(value: string): string {
	return value.replace(/[!()*+,:]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

interface Partition {
	/** GS1 Company Prefix (6 to 12 digits). */
	gcp: string;
	/** The fixed-length reference that follows it (may be empty when the prefix is 12 digits long). */
	ref: string;
}

/** Splits `gcp.ref` where both parts are digits that together have `total` digits. */
function partition(gcp: string, ref: string, total: number, minRef = 0): Partition | undefined {
	if (!/^\d{6,12}$/.test(gcp) || !/^\d*$/.test(ref)) return undefined;
	if (gcp.length + ref.length !== total || ref.length < minRef) return undefined;
	return { gcp, ref };
}

/** GTIN-14 from an SGTIN-style partition: indicator digit, company prefix, item reference, check digit. */
function gtin14({ gcp, ref }: Partition): string {
	const raw = ref.slice(0, 1) + gcp + ref.slice(1);
	return raw + gs1CheckDigit(raw);
}

function withCheckDigit({ gcp, ref }: Partition): string {
	return gcp + ref + gs1CheckDigit(gcp + ref);
}

const ID = 'https://id.gs1.org/';

/** EPC URI schemes: `urn:epc:id:<scheme>:<body>`. Each returns undefined when the body is not valid. */
const EPC_ID: Record<string, (body: string) => string | undefined> = {
	sgtin: (body) => {
		const m = new RegExp(`^(\\d+)\\.(\\d+)\\.(${GS3A3}{1,20})$`).exec(body);
		const p = m && partition(m[1], m[2], 13, 1);
		return p ? `${ID}01/${gtin14(p)}/21/${percentEncodeReserved(m[3])}` : undefined;
	},
	sscc: (body) => {
		const m = /^(\d+)\.(\d+)$/.exec(body);
		const p = m && partition(m[1], m[2], 17, 1);
		return p ? `${ID}00/${gtin14(p)}` : undefined;
	},
	sgln: (body) => {
		const m = new RegExp(`^(\\d+)\\.(\\d*)\\.(${GS3A3}{1,20})$`).exec(body);
		const p = m && partition(m[1], m[2], 12);
		if (!p) return undefined;
		const gln = `${ID}414/${withCheckDigit(p)}`;
		return m[3] === '0' ? gln : `${gln}/254/${percentEncodeReserved(m[3])}`;
	},
	grai: (body) => {
		const m = new RegExp(`^(\\d+)\\.(\\d*)\\.(${GS3A3}{1,16})$`).exec(body);
		const p = m && partition(m[1], m[2], 12);
		return p ? `${ID}8003/0${withCheckDigit(p)}${percentEncodeReserved(m[3])}` : undefined;
	},
	giai: (body) => {
		const m = new RegExp(`^(\\d{6,12})\\.(${GS3A3}+)$`).exec(body);
		if (!m || m[1].length + m[2].replace(/%../g, '_').length > 30) return undefined;
		return `${ID}8004/${m[1]}${percentEncodeReserved(m[2])}`;
	},
	gsrn: (body) => serviceRelation('8018', body),
	gsrnp: (body) => serviceRelation('8017', body),
	gdti: (body) => {
		const m = new RegExp(`^(\\d+)\\.(\\d*)\\.(${GS3A3}{0,17})$`).exec(body);
		const p = m && partition(m[1], m[2], 12);
		return p ? `${ID}253/${withCheckDigit(p)}${percentEncodeReserved(m[3])}` : undefined;
	},
	cpi: (body) => {
		const m = new RegExp(`^(\\d{6,12})\\.(${CPI_CHAR}+)\\.(\\d{1,12})$`).exec(body);
		if (!m || m[1].length + m[2].replace(/%../g, '_').length > 30) return undefined;
		return `${ID}8010/${percentEncodeReserved(m[1] + m[2])}/8011/${m[3]}`;
	},
	sgcn: (body) => {
		const m = /^(\d+)\.(\d*)\.(\d{1,12})$/.exec(body);
		const p = m && partition(m[1], m[2], 12);
		return p ? `${ID}255/${withCheckDigit(p)}${m[3]}` : undefined;
	},
	ginc: (body) => {
		const m = new RegExp(`^(\\d{6,12})\\.(${GS3A3}+)$`).exec(body);
		if (!m || m[1].length + m[2].replace(/%../g, '_').length > 30) return undefined;
		return `${ID}401/${m[1]}${percentEncodeReserved(m[2])}`;
	},
	gsin: (body) => {
		const m = /^(\d+)\.(\d+)$/.exec(body);
		const p = m && partition(m[1], m[2], 16);
		return p ? `${ID}402/${withCheckDigit(p)}` : undefined;
	},
	itip: (body) => {
		const m = new RegExp(`^(\\d+)\\.(\\d+)\\.(\\d{2})\\.(\\d{2})\\.(${GS3A3}{1,20})$`).exec(body);
		const p = m && partition(m[1], m[2], 13, 1);
		return p ? `${ID}8006/${gtin14(p)}${m[3]}${m[4]}/21/${percentEncodeReserved(m[5])}` : undefined;
	},
	upui: (body) => {
		const m = new RegExp(`^(\\d+)\\.(\\d+)\\.(${GS3A3}{1,28})$`).exec(body);
		const p = m && partition(m[1], m[2], 13, 1);
		return p ? `${ID}01/${gtin14(p)}/235/${percentEncodeReserved(m[3])}` : undefined;
	},
	pgln: (body) => {
		const m = /^(\d+)\.(\d*)$/.exec(body);
		const p = m && partition(m[1], m[2], 12);
		return p ? `${ID}417/${withCheckDigit(p)}` : undefined;
	},
};

function serviceRelation(ai: string, body: string): string | undefined {
	const m = /^(\d+)\.(\d+)$/.exec(body);
	const p = m && partition(m[1], m[2], 17);
	return p ? `${ID}${ai}/${withCheckDigit(p)}` : undefined;
}

/** EPC Class URIs: `urn:epc:class:<scheme>:<body>`. */
const EPC_CLASS: Record<string, (body: string) => string | undefined> = {
	lgtin: (body) => {
		const m = new RegExp(`^(\\d+)\\.(\\d+)\\.(${GS3A3}{1,20})$`).exec(body);
		const p = m && partition(m[1], m[2], 13, 1);
		return p ? `${ID}01/${gtin14(p)}/10/${percentEncodeReserved(m[3])}` : undefined;
	},
};

/** EPC ID Pattern URIs whose pattern names one class: `urn:epc:idpat:<scheme>:<body>.*`. */
const EPC_PATTERN: Record<string, (body: string) => string | undefined> = {
	sgtin: (body) => gtinPattern(body),
	upui: (body) => gtinPattern(body),
	grai: (body) => {
		const p = twoPartPattern(body, 12);
		return p ? `${ID}8003/0${withCheckDigit(p)}` : undefined;
	},
	gdti: (body) => {
		const p = twoPartPattern(body, 12);
		return p ? `${ID}253/${withCheckDigit(p)}` : undefined;
	},
	sgcn: (body) => {
		const p = twoPartPattern(body, 12);
		return p ? `${ID}255/${withCheckDigit(p)}` : undefined;
	},
	cpi: (body) => {
		const m = new RegExp(`^(\\d{6,12})\\.(${CPI_CHAR}+)\\.\\*$`).exec(body);
		if (!m || m[1].length + m[2].replace(/%../g, '_').length > 30) return undefined;
		return `${ID}8010/${percentEncodeReserved(m[1] + m[2])}`;
	},
	itip: (body) => {
		const m = /^(\d+)\.(\d+)\.(\d{2})\.(\d{2})\.\*$/.exec(body);
		const p = m && partition(m[1], m[2], 13, 1);
		return p ? `${ID}8006/${gtin14(p)}${m[3]}${m[4]}` : undefined;
	},
};

function twoPartPattern(body: string, total: number): Partition | undefined {
	const m = /^(\d+)\.(\d*)\.\*$/.exec(body);
	return (m && partition(m[1], m[2], total)) || undefined;
}

function gtinPattern(body: string): string | undefined {
	const m = /^(\d+)\.(\d+)\.\*$/.exec(body);
	const p = m && partition(m[1], m[2], 13, 1);
	return p ? `${ID}01/${gtin14(p)}` : undefined;
}

/** Primary keys (and their short names) after which a Digital Link path carries its key value. */
const DL_KEY =
	'01|gtin|8006|itip|8010|cpid|414|gln|417|party|8017|gsrnp|8018|gsrn|255|gcn|00|sscc|253|gdti|401|ginc|402|gsin|8003|grai|8004|giai';
const SHORT_NAMES: Array<[string, string]> = [
	['gtin', '01'],
	['itip', '8006'],
	['cpid', '8010'],
	['gln', '414'],
	['party', '417'],
	['gsrnp', '8017'],
	['gsrn', '8018'],
	['gcn', '255'],
	['sscc', '00'],
	['gdti', '253'],
	['ginc', '401'],
	['gsin', '402'],
	['grai', '8003'],
	['giai', '8004'],
	['cpv', '22'],
	['lot', '10'],
	['ser', '21'],
];
/** The order in which a custom-domain URI's primary key is looked for, as the reference does. */
const PRIMARY_KEYS = ['00', '01', '253', '255', '401', '402', '414', '417', '8003', '8004', '8006', '8010', '8017', '8018'];
const CANONICAL_PREFIX = new RegExp(`^https://id\\.gs1\\.org/(${PRIMARY_KEYS.join('|')})/\\d{4}[^/]`);
const GTIN_KEY = '(?:8006/\\d{18}|01/\\d{14})';
const CANONICAL_FORMS = [
	'00/\\d{18}',
	`01/\\d{14}(?:/(?:21|10)/${DL_CHAR}{0,20}|/235/${DL_CHAR}{0,28})?`,
	`253/\\d{13}${DL_CHAR}{0,17}`,
	'255/\\d{13}\\d{0,12}',
	`401/${DL_CHAR}{0,30}`,
	'402/\\d{17}',
	`414/\\d{13}(?:/254/${DL_CHAR}{0,20})?`,
	'417/\\d{13}',
	`8003/\\d{14}${DL_CHAR}{0,16}`,
	`8004/${DL_CHAR}{0,30}`,
	`8006/\\d{18}(?:/(?:21|10)/${DL_CHAR}{0,20})?`,
	'8010/[#\\-/0-9A-Z]{0,30}(?:/8011/\\d{0,12})?',
	'8017/\\d{18}',
	'8018/\\d{18}',
].map((form) => new RegExp(`^https://id\\.gs1\\.org/${form}$`));

function canonicalDigitalLink(input: string): string | undefined {
	if (!new RegExp(`^https?:[^?#]*/(?:${DL_KEY})/\\d{4}[^/]`).test(input)) return undefined;
	let uri = input.split('?')[0];
	for (const [name, ai] of SHORT_NAMES) uri = uri.split(`/${name}/`).join(`/${ai}/`);

	if (!CANONICAL_PREFIX.test(uri)) {
		const key = PRIMARY_KEYS.find((k) => uri.includes(`/${k}/`));
		if (key) uri = 'https://id.gs1.org' + uri.slice(uri.indexOf(`/${key}/`));
	}

	if (!/^https:\/\/id\.gs1\.org\/01\/\d{14}/.test(uri)) {
		const digits = /^https:\/\/id\.gs1\.org\/01\/(\d{13}|\d{12}|\d{8})/.exec(uri)?.[1].length;
		if (digits) uri = uri.split('/01/').join('/01/' + '0'.repeat(digits === 13 ? 1 : digits === 12 ? 2 : 6));
	}

	// A consumer product variant (22) is coarser than the item itself: drop it, keep any qualifier after it.
	const afterCpv = uri.slice(uri.indexOf('/22/') + 4);
	if (new RegExp(`^https://id\\.gs1\\.org/${GTIN_KEY}/22/${DL_CHAR}{0,20}$`).test(uri)) {
		uri = uri.slice(0, uri.indexOf('/22/'));
	}
	if (new RegExp(`^https://id\\.gs1\\.org/${GTIN_KEY}/22/(?:${DL_CHAR}|/){0,20}$`).test(uri)) {
		uri = uri.slice(0, uri.indexOf('/22/')) + afterCpv.slice(afterCpv.indexOf('/'));
	}
	// With a serial present, the lot is coarser: drop it.
	if (new RegExp(`^https://id\\.gs1\\.org/${GTIN_KEY}/10/${DL_CHAR}{0,20}/21/${DL_CHAR}{0,20}$`).test(uri)) {
		const afterLot = uri.slice(uri.indexOf('/10/') + 4);
		uri = uri.slice(0, uri.indexOf('/10/')) + afterLot.slice(afterLot.indexOf('/'));
	}
	return CANONICAL_FORMS.some((form) => form.test(uri)) ? uri : undefined;
}

/**
 * The constrained canonical GS1 Digital Link URI of an EPC URI, EPC Class URI, EPC ID Pattern URI or GS1 Digital
 * Link URI; undefined for any other value (which the hash then uses unchanged).
 */
export function canonicalGs1Uri(value: string): string | undefined {
	if (!value.includes('.')) return undefined;
	const epc = /^urn:epc:(id|class|idpat):([a-z]+):(.*)$/.exec(value);
	if (epc) {
		const [, kind, scheme, body] = epc;
		const table = kind === 'id' ? EPC_ID : kind === 'class' ? EPC_CLASS : EPC_PATTERN;
		return Object.prototype.hasOwnProperty.call(table, scheme) ? table[scheme](body) : undefined;
	}
	return canonicalDigitalLink(value);
}
