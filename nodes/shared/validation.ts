import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { inItem } from './tools';

type ValidationContext = IExecuteFunctions | IPollFunctions;

export function invalidField(ctx: ValidationContext, field: string, itemIndex: number, problem: string, fix: string) {
	return new NodeOperationError(ctx.getNode(), `Invalid "${field}"${inItem(ctx, itemIndex)}: ${problem}`, {
		itemIndex,
		description: fix,
	});
}

/** A whole number from `min` to `max`; accepts numeric strings from expressions. */
export function requireInteger(
	ctx: ValidationContext,
	value: unknown,
	field: string,
	itemIndex: number,
	min = 1,
	max = Number.MAX_SAFE_INTEGER,
): number {
	const text = typeof value === 'string' ? value.trim() : value;
	const parsed = typeof text === 'number' ? text : text === '' || typeof text !== 'string' ? Number.NaN : Number(text);
	if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
		const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
		throw invalidField(
			ctx,
			field,
			itemIndex,
			`"${String(value)}" is not a whole number ${range}`,
			`Enter a whole number ${range} in "${field}".`,
		);
	}
	return parsed;
}

export function requireText(ctx: ValidationContext, value: unknown, field: string, itemIndex: number): string {
	const text = typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value);
	if (text === '') {
		throw invalidField(ctx, field, itemIndex, 'it is empty', `Enter a value in "${field}".`);
	}
	return text;
}

/**
 * Text that becomes one segment of a request path. It is percent-encoded
 * there, which leaves "." and ".." as they are, and a URL resolves those to
 * another path of the API: so they are refused.
 */
export function requirePathSegment(ctx: ValidationContext, value: unknown, field: string, itemIndex: number): string {
	const text = requireText(ctx, value, field, itemIndex);
	if (text === '.' || text === '..') {
		throw invalidField(ctx, field, itemIndex, `"${text}" is not a name or ID`, `Enter the name or ID itself in "${field}".`);
	}
	return text;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in its usual 8-4-4-4-12 hex form, checked before it goes into a request path. */
export function requireUuid(ctx: ValidationContext, value: unknown, field: string, itemIndex: number): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!UUID_PATTERN.test(text)) {
		throw invalidField(
			ctx,
			field,
			itemIndex,
			`"${String(value ?? '')}" is not a UUID`,
			`Use the record's ID, a UUID such as 2f9c6a4e-8b1d-4c3a-9e7f-5d2b1a0c9e8d, in "${field}".`,
		);
	}
	return text;
}

export function requireDate(ctx: ValidationContext, value: unknown, field: string, itemIndex: number): Date {
	const date = value instanceof Date ? value : new Date(String(value ?? ''));
	if (value === '' || value === undefined || value === null || Number.isNaN(date.getTime())) {
		throw invalidField(
			ctx,
			field,
			itemIndex,
			`"${String(value ?? '')}" is not a date`,
			`Use an ISO 8601 date such as 2026-01-31T16:00:00Z in "${field}".`,
		);
	}
	return date;
}

export function requireDateRange(
	ctx: ValidationContext,
	from: unknown,
	to: unknown,
	fields: [string, string],
	itemIndex: number,
): { from: Date; to: Date } {
	const range = {
		from: requireDate(ctx, from, fields[0], itemIndex),
		to: requireDate(ctx, to, fields[1], itemIndex),
	};
	if (range.from.getTime() > range.to.getTime()) {
		throw invalidField(
			ctx,
			fields[0],
			itemIndex,
			`${range.from.toISOString()} is after "${fields[1]}" (${range.to.toISOString()})`,
			`Make "${fields[0]}" earlier than or equal to "${fields[1]}".`,
		);
	}
	return range;
}

export function parseJsonParameter(ctx: ValidationContext, value: unknown, field: string, itemIndex: number): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch (error) {
		throw invalidField(
			ctx,
			field,
			itemIndex,
			`it is not valid JSON (${(error as Error).message})`,
			`Check the JSON in "${field}": keys and strings need double quotes, e.g. {"result": {"_eq": "duplicated"}}.`,
		);
	}
}

/** A JSON object from a JSON parameter or an expression; blank text counts as an empty object. */
export function requireJsonObject(ctx: ValidationContext, value: unknown, field: string, itemIndex: number): IDataObject {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return {};
	const parsed = parseJsonParameter(ctx, value, field, itemIndex);
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw invalidField(
			ctx,
			field,
			itemIndex,
			`it is ${Array.isArray(parsed) ? 'an array' : JSON.stringify(parsed)}, not a JSON object`,
			`Enter a JSON object, between { and }, in "${field}".`,
		);
	}
	return parsed as IDataObject;
}
