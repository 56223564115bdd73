import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { routeOperations } from '../../shared/router';
import * as integrityCheck from './integrityCheck';
import * as integrityCheckResult from './integrityCheckResult';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperations.call(this, {
		integrityCheck: {
			create: integrityCheck.create.execute,
			delete: integrityCheck.deleteCheck.execute,
			get: integrityCheck.get.execute,
			getMany: integrityCheck.getMany.execute,
			update: integrityCheck.update.execute,
		},
		integrityCheckResult: {
			get: integrityCheckResult.get.execute,
			getMany: integrityCheckResult.getMany.execute,
			update: integrityCheckResult.update.execute,
		},
	});
}
