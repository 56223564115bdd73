import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { routeOperations } from '../../shared/router';
import * as integrityCheck from './integrityCheck';
import * as integrityCheckResult from './integrityCheckResult';
import * as scanEvent from './scanEvent';

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
		scanEvent: {
			get: scanEvent.get.execute,
			getMany: scanEvent.getMany.execute,
		},
	});
}
