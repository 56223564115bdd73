import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { fieldsParameter, INCLUDE_RESULT_OPTION } from '../query';
import { readItem } from '../../transport';
import { checkIdField, checkSimplifyField, readCheckId, simplifyCheck } from './fields';
import { readSimplify } from '../../../shared/simplify';

export const description: INodeProperties[] = [
	...checkIdField('get', 'The integrity check to read'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['integrityCheck'], operation: ['get'] } },
		options: [INCLUDE_RESULT_OPTION],
	},
	checkSimplifyField({ resource: ['integrityCheck'], operation: ['get'] }),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = readCheckId(this, itemIndex);
	const { includeResult } = this.getNodeParameter('options', itemIndex, {}) as { includeResult?: boolean };
	const fields = fieldsParameter(undefined, includeResult === true);
	const check = await readItem(this, 'integrity_check', id, fields ? { fields } : {}, itemIndex);
	const simplify = readSimplify(this, itemIndex);
	return [{ json: simplify ? simplifyCheck(check) : check }];
}
