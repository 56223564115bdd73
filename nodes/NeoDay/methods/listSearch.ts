import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { searchLocally } from '../../shared/resourceLocator';
import { listExports } from '../transport';

/** The gateway lists every export in one response and documents no search: it is filtered here. */
export async function searchExports(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const exports = await listExports(this);
	return searchLocally(
		exports.map((entry) => ({
			name: entry.system_name,
			value: entry.system_name,
			description: entry.last_run ? `Latest result ${entry.last_run.created_at}` : 'Has never run',
		})),
		filter,
	);
}
