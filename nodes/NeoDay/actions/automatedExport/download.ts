import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { ExportResult } from '../../transport';
import { downloadExportDocument, downloadExportFile, fetchDownloadUrl, findResult } from '../../transport';

type DownloadContext = IExecuteFunctions | IPollFunctions;

export interface DownloadSettings {
	output: 'rows' | 'file';
	convertTypes: boolean;
	binaryPropertyName: string;
}

export function readDownloadSettings(ctx: IExecuteFunctions, itemIndex: number): DownloadSettings {
	return {
		output: ctx.getNodeParameter('output', itemIndex, 'rows') as DownloadSettings['output'],
		convertTypes: ctx.getNodeParameter('convertTypes', itemIndex, false) as boolean,
		binaryPropertyName: ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string,
	};
}

export function hasExpired(result: Partial<ExportResult>): boolean {
	const expiresAt = Date.parse(result.expires_at ?? '');
	return !Number.isNaN(expiresAt) && expiresAt <= Date.now();
}

function expiredError(ctx: DownloadContext, exportName: string, result: ExportResult, itemIndex?: number) {
	return new NodeOperationError(
		ctx.getNode(),
		`Result ${result.id} of export "${exportName}" expired on ${result.expires_at} and can no longer be downloaded`,
		{
			itemIndex,
			description: `NeoDay keeps each result until its expires_at date. This one was created on ${result.created_at}. Download a newer result, e.g. with Download Latest.`,
		},
	);
}

/** 4xx answers other than auth and throttling: what a fetch of an expired or unknown result gets. */
function isMissingResult(error: unknown): boolean {
	const status = Number((error as { httpCode?: string | null }).httpCode);
	return status >= 400 && status < 500 && ![401, 403, 429].includes(status);
}

/**
 * Asks the gateway for the presigned link. The fetch of an expired result
 * fails with a status the seed does not name, so a failed fetch is checked
 * against the result's `expires_at`, looked up in the export's results when
 * the caller does not know it.
 */
async function downloadLink(
	ctx: DownloadContext,
	exportName: string,
	result: Partial<ExportResult> & { id: string },
	itemIndex?: number,
): Promise<string> {
	if (hasExpired(result)) throw expiredError(ctx, exportName, result as ExportResult, itemIndex);
	try {
		return await fetchDownloadUrl(ctx, result.id, itemIndex);
	} catch (error) {
		if (!isMissingResult(error)) throw new NodeApiError(ctx.getNode(), error as JsonObject);
		const known = result.expires_at ? result : await findResult(ctx, exportName, result.id, itemIndex);
		if (known && hasExpired(known)) throw expiredError(ctx, exportName, known as ExportResult, itemIndex);
		throw new NodeApiError(ctx.getNode(), error as JsonObject);
	}
}

/**
 * The rows of an export file: the array under its single top-level key, e.g.
 * `win_info`. Unknown export types work the same way; when a file has several
 * arrays, the one named after the export (win-info -> win_info) is taken.
 */
function exportRows(
	ctx: DownloadContext,
	document: unknown,
	exportName: string,
	resultId: string,
	itemIndex?: number,
): IDataObject[] {
	const keys = document && typeof document === 'object' && !Array.isArray(document) ? Object.keys(document) : [];
	const arrays = keys.filter((key) => Array.isArray((document as IDataObject)[key]));
	const key = arrays.length === 1 ? arrays[0] : arrays.find((name) => name === exportName.replace(/-/g, '_'));
	if (key === undefined) {
		throw new NodeOperationError(ctx.getNode(), `The file of result ${resultId} has no single list of rows`, {
			itemIndex,
			description: `Expected one top-level key holding an array, e.g. {"win_info": [...]}, but found ${keys.length ? `the keys ${keys.join(', ')}` : 'no keys'}. Choose the File output to get the file as it is.`,
		});
	}
	return (document as Record<string, IDataObject[]>)[key];
}

const CANONICAL_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
/** Identifier columns (userid, game_id, campaign_code) stay text even when they look numeric. */
const IDENTIFIER_FIELD = /(?:id|code)$/i;

/**
 * NeoDay writes numbers and booleans as strings ("haswon": "0"). Only
 * canonical numbers convert, so "007" and values beyond the safe integer
 * range keep their exact text.
 */
export function convertRowTypes(row: IDataObject): IDataObject {
	const converted: IDataObject = {};
	for (const [field, value] of Object.entries(row)) {
		if (typeof value !== 'string' || IDENTIFIER_FIELD.test(field)) {
			converted[field] = value;
		} else if (/^has/i.test(field) && (value === '0' || value === '1')) {
			converted[field] = value === '1';
		} else if (CANONICAL_NUMBER.test(value) && Number.isSafeInteger(Math.trunc(Number(value)))) {
			converted[field] = Number(value);
		} else {
			converted[field] = value;
		}
	}
	return converted;
}

/**
 * Downloads one result: the gateway fetch, then the presigned file without the
 * gateway token. Shared by the Download operations and the trigger.
 */
export async function resultItems(
	ctx: DownloadContext,
	exportName: string,
	result: Partial<ExportResult> & { id: string },
	settings: DownloadSettings,
	itemIndex?: number,
): Promise<INodeExecutionData[]> {
	const link = await downloadLink(ctx, exportName, result, itemIndex);
	if (settings.output === 'file') {
		const fileName = `${exportName}-${result.id}.json`;
		const binary = await downloadExportFile(ctx, link, fileName, itemIndex);
		const json: IDataObject = { exportName, resultId: result.id, fileName };
		if (result.created_at) json.createdAt = result.created_at;
		if (result.expires_at) json.expiresAt = result.expires_at;
		return [{ json, binary: { [settings.binaryPropertyName]: binary } }];
	}
	const rows = exportRows(ctx, await downloadExportDocument(ctx, link, itemIndex), exportName, result.id, itemIndex);
	return rows.map((row) => ({ json: settings.convertTypes ? convertRowTypes(row) : row }));
}
