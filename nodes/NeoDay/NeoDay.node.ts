import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { batchingProperty } from '../shared/concurrency';
import { requestOptionsDescription } from '../shared/descriptions';
import * as automatedExport from './actions/automatedExport';
import * as coupon from './actions/coupon';
import * as customEvent from './actions/customEvent';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods';

export class NeoDay implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NeoDay',
		name: 'neoDay',
		icon: { light: 'file:neoday.svg', dark: 'file:neoday.dark.svg' },
		group: ['transform'],
		// 2: Export as a resource locator.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Download automated data exports, send custom events and mark coupons consumed on the NeoDay gateway',
		defaults: { name: 'NeoDay' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'neoDayGatewayOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Automated Export', value: 'automatedExport' },
					{ name: 'Coupon', value: 'coupon' },
					{ name: 'Custom Event', value: 'customEvent' },
				],
				default: 'automatedExport',
			},
			...automatedExport.description,
			...coupon.description,
			...customEvent.description,
			batchingProperty,
			requestOptionsDescription,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
