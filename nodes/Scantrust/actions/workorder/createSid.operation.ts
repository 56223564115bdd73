import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { requireInteger, requireText } from '../../../shared/validation';
import { createWorkorder } from '../../transport';
import { referenceAndQuantityFields } from './fields';

const show = { resource: ['workorder'], operation: ['createSid'] };

export const description: INodeProperties[] = [
	...referenceAndQuantityFields('createSid', 'Number of serialized QR codes to generate'),
	{
		displayName: 'Activate on Complete',
		name: 'activateOnComplete',
		type: 'boolean',
		default: false,
		required: true,
		description: 'Whether the codes become active as soon as the workorder completes',
		displayOptions: { show },
	},
	{
		displayName: 'Use Serial Number',
		name: 'useSerialNumber',
		type: 'boolean',
		default: true,
		required: true,
		description: 'Whether serial numbers are added',
		displayOptions: { show },
	},
	{
		displayName: 'Remarks',
		name: 'remarks',
		type: 'string',
		default: '',
		description: 'Description of this workorder',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const body: IDataObject = {
		reference: requireText(this, this.getNodeParameter('reference', itemIndex), 'Reference', itemIndex),
		quantity: requireInteger(this, this.getNodeParameter('quantity', itemIndex), 'Quantity', itemIndex),
		activate_on_complete: this.getNodeParameter('activateOnComplete', itemIndex) as boolean,
		use_serial_number: this.getNodeParameter('useSerialNumber', itemIndex) as boolean,
	};
	const remarks = this.getNodeParameter('remarks', itemIndex, '') as string;
	if (remarks) body.remarks = remarks;
	const workorder = await createWorkorder(this, '/api/v2/workorders/create-sid/', body as IDataObject & { reference: string }, itemIndex);
	return [{ json: workorder }];
}
