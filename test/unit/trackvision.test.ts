import { combineFilters, commaList, fieldsParameter, valueFilter } from '../../nodes/TrackVision/actions/query';
import { directusErrorMessage } from '../../nodes/TrackVision/transport';

describe('directusErrorMessage', () => {
	it('keeps every Directus message with its code', () => {
		expect(
			directusErrorMessage({
				errors: [
					{ message: 'Token expired.', extensions: { code: 'TOKEN_EXPIRED' } },
					{ message: 'Second problem.' },
				],
			}),
		).toBe('Token expired. [TOKEN_EXPIRED]; Second problem.');
	});

	it('falls back to a plain message, a text body, or nothing', () => {
		expect(directusErrorMessage({ message: 'Bad gateway' })).toBe('Bad gateway');
		expect(directusErrorMessage('<html>502</html>')).toBe('<html>502</html>');
		expect(directusErrorMessage('x'.repeat(400))).toHaveLength(300);
		expect(directusErrorMessage({ errors: [] })).toBeUndefined();
		expect(directusErrorMessage({ detail: 'not Directus' })).toBeUndefined();
		expect(directusErrorMessage(undefined)).toBeUndefined();
		expect(directusErrorMessage('')).toBeUndefined();
	});
});

describe('filter building', () => {
	it('uses _eq for one value, _in for several, nothing for none, and drops duplicates', () => {
		expect(valueFilter('status', [])).toEqual({});
		expect(valueFilter('status', ['new'])).toEqual({ status: { _eq: 'new' } });
		expect(valueFilter('status', ['new', 'reviewed', 'new'])).toEqual({ status: { _in: ['new', 'reviewed'] } });
	});

	it('sends a single condition as it is and joins several with _and', () => {
		expect(combineFilters([])).toBeUndefined();
		expect(combineFilters([{}, {}])).toBeUndefined();
		expect(combineFilters([{}, { a: { _eq: 1 } }])).toEqual({ a: { _eq: 1 } });
		expect(combineFilters([{ a: { _eq: 1 } }, {}, { b: { _null: true } }])).toEqual({
			_and: [{ a: { _eq: 1 } }, { b: { _null: true } }],
		});
	});
});

describe('fields', () => {
	it('trims comma lists', () => {
		expect(commaList(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
		expect(commaList(undefined)).toEqual([]);
	});

	it('adds result.* only when the result is to be included', () => {
		expect(fieldsParameter('', false)).toBeUndefined();
		expect(fieldsParameter('id, code', false)).toBe('id,code');
		expect(fieldsParameter(undefined, true)).toBe('*,result.*');
		expect(fieldsParameter('id,result', true)).toBe('id,result,result.*');
		expect(fieldsParameter('*,result.*', true)).toBe('*,result.*');
	});
});
