import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { batchingProperty } from '../shared/concurrency';
import { requestOptionsDescription } from '../shared/descriptions';
import * as captureJob from './actions/captureJob';
import * as epcisEvent from './actions/epcisEvent';
import * as integrityCheck from './actions/integrityCheck';
import * as integrityCheckResult from './actions/integrityCheckResult';
import * as scanEvent from './actions/scanEvent';
import { router } from './actions/router';
import { credentialTest, listSearch } from './methods';

export class TrackVision implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TrackVision',
		name: 'trackVision',
		icon: { light: 'file:trackvision.svg', dark: 'file:trackvision.dark.svg' },
		group: ['transform'],
		// 2: resource locators for integrity checks and results; Simplify on by default.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Create and read integrity checks of product codes in TrackVision, review their results, read consumer scan events, and capture and query GS1 EPCIS 2.0 supply-chain events',
		defaults: { name: 'TrackVision' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'trackVisionApi', required: true, testedBy: 'trackVisionApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Capture Job', value: 'captureJob' },
					{ name: 'EPCIS Event', value: 'epcisEvent' },
					{ name: 'Integrity Check', value: 'integrityCheck' },
					{ name: 'Integrity Check Result', value: 'integrityCheckResult' },
					{ name: 'Scan Event', value: 'scanEvent' },
				],
				default: 'integrityCheck',
			},
			...captureJob.description,
			...epcisEvent.description,
			...integrityCheck.description,
			...integrityCheckResult.description,
			...scanEvent.description,
			batchingProperty,
			requestOptionsDescription,
		],
	};

	methods = { listSearch, credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
