// Runs our built package through n8n's own engine: PackageDirectoryLoader loads
// dist/ as n8n does, WorkflowExecute runs the node, and the credentials helper
// applies each credential type's real authenticate and preAuthentication.
import { Container } from '@n8n/di';
import {
	BinaryDataService,
	CredentialTestContext,
	ExecuteContext,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PackageDirectoryLoader,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import type {
	IConnections,
	ICredentialDataDecryptedObject,
	INodeListSearchResult,
	ICredentialType,
	ICredentialTypes,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	Workflow as WorkflowType,
} from 'n8n-workflow';
import { createRunExecutionData, ICredentialsHelper, isExpression, NodeHelpers, Workflow } from 'n8n-workflow';
import { join } from 'node:path';

export const PACKAGE_ROOT = join(__dirname, '..', '..');
export const PACKAGE_PREFIX = 'n8n-nodes-connected-packaging';

export interface LoadedPackage {
	nodeTypes: INodeTypes;
	credentialTypes: ICredentialTypes;
	loader: PackageDirectoryLoader;
}

let loaded: Promise<LoadedPackage> | undefined;

/** Loads dist/ once per test file, exactly as n8n loads an installed community package. */
export async function loadPackage(): Promise<LoadedPackage> {
	loaded ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
		await loader.loadAll();
		const nodeTypes: INodeTypes = {
			getByName(type: string) {
				return loader.getNode(type.replace(`${PACKAGE_PREFIX}.`, '')).type as INodeType | IVersionedNodeType;
			},
			getByNameAndVersion(type: string, version?: number) {
				return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
			},
			getKnownTypes() {
				return loader.known.nodes as never;
			},
		};
		const credentialTypes: ICredentialTypes = {
			recognizes: (name: string) => name in loader.credentialTypes,
			getByName: (name: string) => loader.getCredential(name).type as ICredentialType,
			getSupportedNodes: (name: string) =>
				(loader.known.credentials[name]?.supportedNodes ?? []).map((node) => `${PACKAGE_PREFIX}.${node}`),
			getParentTypes: (name: string) => (loader.getCredential(name).type as ICredentialType).extends ?? [],
		};
		await Container.get(BinaryDataService).init();
		return { nodeTypes, credentialTypes, loader };
	})();
	return await loaded;
}

/**
 * Stands in for n8n's database of credentials. It behaves like the CLI's
 * CredentialsHelper: generic `authenticate` expressions are resolved, and
 * `preAuthentication` runs when the expirable field is empty or a request got
 * 401, with the result saved back as n8n saves it.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	readonly store: Record<string, ICredentialDataDecryptedObject> = {};

	preAuthenticationCalls = 0;

	/** Reads of a credential from the store, as n8n reads (and decrypts) it from its database. */
	reads = 0;

	constructor(private readonly credentialTypes: ICredentialTypes) {
		super();
	}

	set(type: string, data: ICredentialDataDecryptedObject) {
		this.store[type] = { ...data };
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: WorkflowType,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const credentialType = this.credentialTypes.getByName(typeName);
		const { authenticate } = credentialType;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type !== 'generic') return requestOptions;
		const resolve = (value: unknown) =>
			isExpression(value)
				? String(
						workflow.expression.getSimpleParameterValue(node, value as string, 'internal', { $credentials: credentials }, undefined, '') ??
							'',
					)
				: value;
		for (const [target, values] of Object.entries(authenticate.properties)) {
			const bucket = ((requestOptions as unknown as Record<string, Record<string, unknown>>)[target] ??= {});
			for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
				bucket[resolve(key) as string] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!expirable || typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !credentialsExpired) {
			return undefined;
		}
		this.preAuthenticationCalls += 1;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		Object.assign(this.store[typeName], output);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string) {
		return this.credentialTypes.getByName(type).properties;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.reads += 1;
		const stored = this.store[type];
		if (!stored) throw new Error(`The test did not set credentials of type ${type}`);
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			stored as never,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		return { ...withDefaults, ...stored };
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by the harness');
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store[type] = { ...data };
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}

export interface RunNodeOptions {
	/** Node type without the package prefix, e.g. "scantrust". */
	type: string;
	parameters: INode['parameters'];
	/** Credential type -> data. */
	credentials: Record<string, ICredentialDataDecryptedObject> | HarnessCredentialsHelper;
	input?: INodeExecutionData[];
	continueOnFail?: boolean;
	name?: string;
	/** The node version; by default the first, which workflows saved before a version bump keep. */
	typeVersion?: number;
	/** The execution's ID; one fixed ID by default. A new ID makes a run a new execution, as n8n gives each. */
	executionId?: string;
	/** n8n's node setting "Retry On Fail": the engine runs the node again, in the same execution, after it fails. */
	retryOnFail?: { maxTries: number; waitBetweenTries: number };
}

export interface RunNodeResult {
	items: INodeExecutionData[];
	error?: Error & { description?: string; httpCode?: string; context?: Record<string, unknown> };
	run: IRun;
	credentialsHelper: HarnessCredentialsHelper;
}

export async function createCredentialsHelper(credentials: Record<string, ICredentialDataDecryptedObject>) {
	const { credentialTypes } = await loadPackage();
	const helper = new HarnessCredentialsHelper(credentialTypes);
	for (const [type, data] of Object.entries(credentials)) helper.set(type, data);
	return helper;
}

/** What n8n hands every execution context: our credentials helper, fixed instance URLs and no sub-workflows. */
export function createAdditionalData(
	credentialsHelper: HarnessCredentialsHelper,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		hooks,
		credentialsHelper,
		executionId: 'harness-execution',
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		variables: {},
		currentNodeParameters: undefined,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('code tasks are not used');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** The lifecycle hooks of a manual execution of a workflow made of `nodes`, as WorkflowExecute calls them. */
export function executionHooks(executionId: string, workflowId: string, nodes: INode[], connections: IConnections) {
	return new ExecutionLifecycleHooks('manual', executionId, {
		id: workflowId,
		name: workflowId,
		nodes,
		connections,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
}

/** Executes one node of ours in a real Workflow with WorkflowExecute, fed with `input` items. */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const { nodeTypes, loader } = await loadPackage();
	const credentialsHelper =
		options.credentials instanceof HarnessCredentialsHelper
			? options.credentials
			: await createCredentialsHelper(options.credentials);
	const nodeName = options.name ?? 'Node Under Test';
	const description = loader.getNode(options.type).type.description as INodeType['description'];
	const node: INode = {
		id: 'node-under-test',
		name: nodeName,
		type: `${PACKAGE_PREFIX}.${options.type}`,
		typeVersion: options.typeVersion ?? (Array.isArray(description.version) ? Math.min(...description.version) : description.version),
		position: [0, 0],
		parameters: options.parameters,
		credentials: Object.fromEntries(
			(description.credentials ?? []).map((credential) => [credential.name, { id: credential.name, name: credential.name }]),
		),
		continueOnFail: options.continueOnFail,
		onError: options.continueOnFail ? 'continueRegularOutput' : undefined,
		...(options.retryOnFail ? { retryOnFail: true, ...options.retryOnFail } : {}),
	};
	const executionId = options.executionId ?? 'harness-execution';
	const workflow = new Workflow({ id: 'harness', nodes: [node], connections: {}, nodeTypes, active: false });
	const hooks = executionHooks(executionId, 'harness', [node], {});
	let finished: (run: IRun) => void = () => {};
	const done = new Promise<IRun>((resolve) => {
		finished = resolve;
	});
	hooks.addHandler('workflowExecuteAfter', (run) => finished(run));
	const additionalData = { ...createAdditionalData(credentialsHelper, hooks), executionId };
	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node, data: { main: [options.input ?? [{ json: {} }]] }, source: null }],
		},
	});
	const execute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	try {
		await execute.processRunExecutionData(workflow);
	} catch (error) {
		// n8n refuses to start a workflow whose node has parameter issues; the editor shows this error.
		return { items: [], error: error as RunNodeResult['error'], run: undefined as never, credentialsHelper };
	}
	const run = await done;
	const taskData = run.data.resultData.runData[nodeName]?.[0];
	return {
		items: taskData?.data?.main?.[0] ?? [],
		error: (run.data.resultData.error ?? taskData?.error) as RunNodeResult['error'],
		run,
		credentialsHelper,
	};
}

/** The context n8n gives a node's loadOptions and listSearch methods, for a node of `type` with these parameters. */
async function editorContext(
	type: string,
	credentials: Record<string, ICredentialDataDecryptedObject> | HarnessCredentialsHelper,
	parameters: INode['parameters'],
	typeVersion: number,
) {
	const { nodeTypes, loader } = await loadPackage();
	const credentialsHelper =
		credentials instanceof HarnessCredentialsHelper ? credentials : await createCredentialsHelper(credentials);
	const nodeType = loader.getNode(type).type as INodeType;
	const node: INode = {
		id: 'node-under-test',
		name: 'Node Under Test',
		type: `${PACKAGE_PREFIX}.${type}`,
		typeVersion,
		position: [0, 0],
		parameters,
		credentials: Object.fromEntries(
			(nodeType.description.credentials ?? []).map((credential) => [credential.name, { id: credential.name, name: credential.name }]),
		),
	};
	const workflow = new Workflow({ id: 'harness', nodes: [node], connections: {}, nodeTypes, active: false });
	return { nodeType, context: new LoadOptionsContext(workflow, node, createAdditionalData(credentialsHelper), 'parameters') };
}

/** Calls a node's `loadOptions` method as the editor does when it opens a dropdown. */
export async function loadOptions(options: {
	type: string;
	method: string;
	credentials: Record<string, ICredentialDataDecryptedObject> | HarnessCredentialsHelper;
	parameters?: INode['parameters'];
}): Promise<INodePropertyOptions[]> {
	const { nodeType, context } = await editorContext(options.type, options.credentials, options.parameters ?? {}, 1);
	const method = nodeType.methods?.loadOptions?.[options.method];
	if (!method) throw new Error(`Node ${options.type} has no loadOptions method ${options.method}`);
	return await method.call(context);
}

/** Calls a node's `listSearch` method as the editor does when a resource locator's list opens or is searched. */
export async function listSearch(options: {
	type: string;
	method: string;
	credentials: Record<string, ICredentialDataDecryptedObject> | HarnessCredentialsHelper;
	filter?: string;
	paginationToken?: string;
}): Promise<INodeListSearchResult> {
	const { nodeType, context } = await editorContext(options.type, options.credentials, {}, 2);
	const method = nodeType.methods?.listSearch?.[options.method];
	if (!method) throw new Error(`Node ${options.type} has no listSearch method ${options.method}`);
	return await method.call(context, options.filter, options.paginationToken);
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * Tests a credential as the editor's "Test" button does: n8n's CLI
 * (CredentialsTester) runs the credential's `test` request through
 * RoutingNode on a stand-in NoOp node, so `preAuthentication` runs first, and
 * maps a failure to a message in this order: a matching `rules` entry for the
 * response status, the status text, the error code, the error message.
 */
export async function testCredentials(type: string, data: ICredentialDataDecryptedObject): Promise<CredentialTestResult> {
	const { credentialTypes } = await loadPackage();
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes);
	credentialsHelper.set(type, data);
	const testRequest = credentialTypes.getByName(type).test;
	// As n8n's CredentialsTester: without a declarative test, a node that uses the credential tests it with a function.
	if (!testRequest) return await runTestFunction(type, data);
	const nodeType: INodeType = {
		description: {
			displayName: 'NoOp',
			name: 'n8n-nodes-base.noOp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' },
			],
		} as INodeType['description'],
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [type]: { id: type, name: type } },
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = createAdditionalData(credentialsHelper);
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		{ resultData: { runData: {} } } as IRunExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	try {
		await new RoutingNode(context, nodeType, { id: type, name: type, type, data }).runNode();
	} catch (error) {
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response) {
			const rule = testRequest.rules?.find(
				(candidate) => candidate.type === 'responseCode' && candidate.properties.value === cause.response?.status,
			);
			if (rule) return { status: 'Error', message: (rule.properties as { message: string }).message };
			return { status: 'Error', message: cause.response.statusText || `Received HTTP status code: ${cause.response.status}` };
		}
		if (cause?.code) return { status: 'Error', message: cause.code };
		return { status: 'Error', message: String((error as Error).message) };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** A node's `credentialTest` method named by `testedBy`, called in n8n's own CredentialTestContext. */
async function runTestFunction(type: string, data: ICredentialDataDecryptedObject): Promise<CredentialTestResult> {
	const { nodeTypes, credentialTypes } = await loadPackage();
	for (const name of credentialTypes.getSupportedNodes(type)) {
		const nodeType = nodeTypes.getByNameAndVersion(name);
		const testedBy = nodeType.description.credentials?.find((credential) => credential.name === type)?.testedBy;
		const test = typeof testedBy === 'string' ? nodeType.methods?.credentialTest?.[testedBy] : undefined;
		if (!test) continue;
		const context = new CredentialTestContext(createAdditionalData(new HarnessCredentialsHelper(credentialTypes)));
		return (await test.call(context, { id: type, name: type, type, data })) as CredentialTestResult;
	}
	return { status: 'Error', message: 'No testing function found for this credential.' };
}

/** Reads a binary output back from n8n's binary data store. */
export async function readBinary(item: INodeExecutionData, property = 'data'): Promise<Buffer> {
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`No binary property "${property}" on the item`);
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

export function binaryPath(item: INodeExecutionData, property = 'data'): string {
	const binary = item.binary?.[property];
	if (!binary?.id) throw new Error(`Binary "${property}" was not stored on disk`);
	return Container.get(BinaryDataService).getPath(binary.id);
}
