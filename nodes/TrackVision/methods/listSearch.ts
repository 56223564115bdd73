import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { apiRequest } from '../../shared/transport';
import type { Collection } from '../transport';
import { sortEndingWithPrimaryKey, trackVisionProfile } from '../transport';

/** One page of the list; scrolling asks for the next offset. */
const LIST_PAGE_SIZE = 50;

/**
 * Newest first, searched by Directus' `search` over the collection's text
 * fields. Scrolling pages by offset, so the ID breaks ties of `date_created`.
 */
async function searchCollection(
	ctx: ILoadOptionsFunctions,
	collection: Collection,
	fields: string,
	filter: string | undefined,
	paginationToken: string | undefined,
	label: (record: IDataObject) => { name: string; description?: string },
): Promise<INodeListSearchResult> {
	const offset = Number(paginationToken ?? 0);
	const qs: IDataObject = { fields, sort: sortEndingWithPrimaryKey('-date_created'), limit: LIST_PAGE_SIZE, offset };
	if (filter?.trim()) qs.search = filter.trim();
	const response = await apiRequest<{ data?: IDataObject[] }>(ctx, trackVisionProfile, {
		method: 'GET',
		path: `/items/${collection}`,
		qs,
	});
	const records = response.data ?? [];
	return {
		results: records.map((record) => ({ ...label(record), value: String(record.id) })),
		paginationToken: records.length === LIST_PAGE_SIZE ? String(offset + records.length) : undefined,
	};
}

function when(record: IDataObject): string {
	return String(record.date_created ?? '').slice(0, 16).replace('T', ' ');
}

export async function searchIntegrityChecks(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchCollection(this, 'integrity_check', 'id,date_created,qr_code,code,check_mode', filter, paginationToken, (check) => ({
		name: `${String(check.qr_code || check.code || check.id)} (${when(check)})`,
		description: String(check.check_mode ?? ''),
	}));
}

export async function searchIntegrityCheckResults(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchCollection(
		this,
		'integrity_check_result',
		'id,date_created,result,status,code',
		filter,
		paginationToken,
		(result) => ({
			name: `${String(result.result)}: ${String(result.code || result.id)} (${when(result)})`,
			description: String(result.status ?? ''),
		}),
	);
}

export async function searchScanEvents(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchCollection(
		this,
		'scan_event',
		'id,date_created,scan_date,event_type,city,country,device_type',
		filter,
		paginationToken,
		(scanEvent) => {
			const place = [scanEvent.city, scanEvent.country].filter(Boolean).map(String).join(', ');
			return {
				name: `${String(scanEvent.event_type || 'scan')}${place ? ` in ${place}` : ''} (${when(scanEvent)})`,
				description: String(scanEvent.device_type ?? ''),
			};
		},
	);
}

export async function searchCaptureJobs(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchCollection(this, 'epcis_capture', 'id,date_created,running,success', filter, paginationToken, (job) => ({
		name: `${job.running ? 'Running' : job.success ? 'Succeeded' : 'Failed'}: ${when(job)}`,
		description: String(job.id),
	}));
}
