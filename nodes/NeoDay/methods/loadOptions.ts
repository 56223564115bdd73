import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { listExports } from '../transport';

export async function getExportNames(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const exports = await listExports(this);
	return exports.map((entry) => ({
		name: entry.system_name,
		value: entry.system_name,
		description: entry.last_run ? `Latest result ${entry.last_run.created_at}` : 'Has never run',
	}));
}
