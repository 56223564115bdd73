import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { requestOptionsDescription } from '../shared/descriptions';
import * as automatedExport from './actions/automatedExport';
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
		description: 'Download automated data exports (winners, players, coupons) from the NeoDay gateway',
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
				options: [{ name: 'Automated Export', value: 'automatedExport' }],
				default: 'automatedExport',
			},
			...automatedExport.description,
			requestOptionsDescription,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
