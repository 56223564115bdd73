import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { UuidRecord } from '../recordId';
import { readUuidId, uuidIdField } from '../recordId';

const JOB: UuidRecord = {
	resource: 'captureJob',
	name: 'captureJobId',
	label: 'Capture Job',
	searchListMethod: 'searchCaptureJobs',
	errorMessage: 'A capture job ID is a UUID',
};

export function captureJobIdField(description: string): INodeProperties[] {
	return uuidIdField(JOB, 'get', description);
}

export function readCaptureJobId(ctx: IExecuteFunctions, itemIndex: number): string {
	return readUuidId(ctx, JOB, itemIndex);
}
