import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { readPoolOptions, runInPool } from './concurrency';

export type OperationExecute = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

/** resource -> operation -> execute */
export type OperationMap = Record<string, Record<string, OperationExecute>>;

/**
 * Runs the chosen operation once per input item, several items at a time
 * (the node's Batching option). Outputs keep input order whatever order the
 * items finish in, and each is paired with the input that produced it. With
 * "Continue On Fail" a failing item becomes an error item in its place;
 * without it no further item starts, the running ones finish, and the node
 * fails with the error of the first failing item.
 */
export async function routeOperations(
	this: IExecuteFunctions,
	operations: OperationMap,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const runItem = async (itemIndex: number): Promise<INodeExecutionData[]> => {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		const execute = operations[resource]?.[operation];
		if (!execute) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" is not supported for resource "${resource}"`,
				{ itemIndex },
			);
		}
		return await execute.call(this, itemIndex);
	};

	const pool = { ...readPoolOptions(this), stopAfterFailure: !continueOnFail };
	// The first item runs alone: a credential that has to fetch a token fetches it once, not once per parallel item.
	const first = await runInPool(Math.min(1, items.length), pool, runItem);
	const stopped = first[0]?.ok === false && !continueOnFail;
	const rest = await runInPool(stopped ? 0 : Math.max(0, items.length - 1), pool, async (index) => await runItem(index + 1));

	const returnData: INodeExecutionData[] = [];
	for (const [itemIndex, outcome] of [...first, ...rest].entries()) {
		if (!outcome) continue;
		if (outcome.ok) {
			for (const result of outcome.value) returnData.push({ ...result, pairedItem: { item: itemIndex } });
			continue;
		}
		const error = outcome.error;
		if (continueOnFail) {
			returnData.push({
				json: { error: (error as Error).message, description: (error as { description?: string }).description },
				pairedItem: { item: itemIndex },
			});
			continue;
		}
		// NodeApiError and NodeOperationError hand back the error they are given, so nothing is re-wrapped twice.
		if (error instanceof NodeApiError) throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex });
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
	return [returnData];
}
