import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { requireInteger } from '../../../shared/validation';
import { scantrustRequest } from '../../transport';
import { readWorkorderId, workorderIdField } from './fields';

const show = { resource: ['workorder'], operation: ['confirmPrint'] };

export const description: INodeProperties[] = [
	...workorderIdField('confirmPrint', 'The workorder the printing partner confirms'),
	{
		displayName: 'Substrate ID',
		name: 'substrate',
		type: 'number',
		default: 0,
		required: true,
		description: 'The substrate the codes are printed on',
		displayOptions: { show },
	},
	{
		displayName: 'Equipment ID',
		name: 'equipment',
		type: 'number',
		default: 0,
		required: true,
		description: 'The calibrated printing equipment',
		displayOptions: { show },
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		description: "The printing partner's own reference for this job",
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const workorderId = readWorkorderId(this, itemIndex);
	const body: IDataObject = {
		substrate: requireInteger(this, this.getNodeParameter('substrate', itemIndex), 'Substrate ID', itemIndex),
		equipment: requireInteger(this, this.getNodeParameter('equipment', itemIndex), 'Equipment ID', itemIndex),
		external_id: this.getNodeParameter('externalId', itemIndex, '') as string,
	};
	const workorder = await scantrustRequest(
		this,
		'PATCH',
		`/api/v2/workorders/${workorderId}/printer-confirm/`,
		{ body },
		itemIndex,
	);
	return [{ json: workorder }];
}
