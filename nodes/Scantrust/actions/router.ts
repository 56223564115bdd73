import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { routeOperations } from '../../shared/router';
import * as product from './product';
import * as scan from './scan';
import * as workorder from './workorder';
import * as workorderTemplate from './workorderTemplate';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperations.call(this, {
		product: { get: product.get.execute, getMany: product.getMany.execute },
		scan: { exportCsv: scan.exportCsv.execute, getMany: scan.getMany.execute },
		workorder: {
			confirmPrint: workorder.confirmPrint.execute,
			createSid: workorder.createSid.execute,
			createSsc: workorder.createSsc.execute,
			downloadCodes: workorder.downloadCodes.execute,
			get: workorder.get.execute,
			getMany: workorder.getMany.execute,
		},
		workorderTemplate: { getMany: workorderTemplate.getMany.execute },
	});
}
