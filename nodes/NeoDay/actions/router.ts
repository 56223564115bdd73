import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { routeOperations } from '../../shared/router';
import * as automatedExport from './automatedExport';
import * as coupon from './coupon';
import * as customEvent from './customEvent';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperations.call(this, {
		automatedExport: {
			downloadLatest: automatedExport.downloadLatest.execute,
			downloadResult: automatedExport.downloadResult.execute,
			getMany: automatedExport.getMany.execute,
			getResults: automatedExport.getResults.execute,
		},
		coupon: {
			consume: coupon.consume.execute,
		},
		customEvent: {
			define: customEvent.define.execute,
			send: customEvent.send.execute,
		},
	});
}
