import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { requireText } from '../../../shared/validation';
import type { TicketIssuer } from '../../transport';
import { idempotencyKey } from '../../../shared/idempotency';
import { consumeCoupon } from '../../transport';

const show = { resource: ['coupon'], operation: ['consume'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Ticket Issuer',
		name: 'ticketIssuer',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Predefined Code',
				value: 'predefinedCode',
				description: 'Codes uploaded in the backoffice with a reference',
			},
			{
				name: 'Unlimited Single Code',
				value: 'unlimitedSingleCode',
				description: 'One code that many users can use; consumed per user',
			},
		],
		default: 'predefinedCode',
		description: "The coupon's ticket issuer in NeoDay; each has its own consume endpoint",
		displayOptions: { show },
	},
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		default: '',
		required: true,
		placeholder: '4-c03p0n-c0d3',
		description: 'The consumed coupon code',
		displayOptions: { show },
	},
	{
		displayName: 'Reference',
		name: 'reference',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'my-coupon',
		description: 'The reference set when the codes were uploaded in the NeoDay backoffice',
		displayOptions: { show: { ...show, ticketIssuer: ['predefinedCode'] } },
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'gfi80lee86qbl98axhb7jboc4',
		description: 'The NeoDay user who consumed the coupon',
		displayOptions: { show: { ...show, ticketIssuer: ['unlimitedSingleCode'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const issuer = this.getNodeParameter('ticketIssuer', itemIndex) as TicketIssuer;
	const code = requireText(this, this.getNodeParameter('code', itemIndex), 'Code', itemIndex);
	const body: IDataObject =
		issuer === 'predefinedCode'
			? { code, reference: requireText(this, this.getNodeParameter('reference', itemIndex), 'Reference', itemIndex) }
			: { user_id: requireText(this, this.getNodeParameter('userId', itemIndex), 'User ID', itemIndex), code };
	const key = idempotencyKey(this, itemIndex);
	await consumeCoupon(this, issuer, body, key, itemIndex);
	return [{ json: { ticket_issuer: issuer, ...body, consumed: true, idempotency_key: key ?? null } }];
}
