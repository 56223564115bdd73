import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { routeOperations } from '../../shared/router';
import * as captureJob from './captureJob';
import * as epcisEvent from './epcisEvent';
import * as integrityCheck from './integrityCheck';
import * as integrityCheckResult from './integrityCheckResult';
import * as scanEvent from './scanEvent';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// Capture sends the events of all items together, in documents of up to N events, so it takes every item at once.
	if (this.getNodeParameter('resource', 0) === 'epcisEvent' && this.getNodeParameter('operation', 0) === 'capture') {
		return await epcisEvent.capture.execute.call(this);
	}
	return await routeOperations.call(this, {
		captureJob: {
			get: captureJob.get.execute,
			getMany: captureJob.getMany.execute,
		},
		epcisEvent: {
			getMany: epcisEvent.getMany.execute,
			validate: epcisEvent.validate.execute,
		},
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
