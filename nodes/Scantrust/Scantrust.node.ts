import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { batchingProperty } from '../shared/concurrency';
import { requestOptionsDescription } from '../shared/descriptions';
import * as product from './actions/product';
import * as scan from './actions/scan';
import * as workorder from './actions/workorder';
import * as workorderTemplate from './actions/workorderTemplate';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods';

export class Scantrust implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Scantrust',
		name: 'scantrust',
		icon: { light: 'file:scantrust.svg', dark: 'file:scantrust.dark.svg' },
		group: ['transform'],
		// 2: resource locators for workorders, templates, products and campaigns; Simplify on by default.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read products and scan data, and manage workorders of secure product codes in Scantrust',
		defaults: { name: 'Scantrust' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'scantrustApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Product', value: 'product' },
					{ name: 'Scan', value: 'scan' },
					{ name: 'Workorder', value: 'workorder' },
					{ name: 'Workorder Template', value: 'workorderTemplate' },
				],
				default: 'scan',
			},
			...product.description,
			...scan.description,
			...workorder.description,
			...workorderTemplate.description,
			batchingProperty,
			requestOptionsDescription,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
