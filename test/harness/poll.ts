// Runs a polling trigger the way an n8n instance does: one Workflow object
// stays in memory while the workflow is active, n8n-core's PollContext is
// created once per activation, and PollTriggerExecutor runs every tick (the
// activation poll throws its errors; scheduled polls hand them to
// __emitError). Static data is "saved" whenever n8n would write it to the
// database: after activation, after a poll that emitted items and when an
// empty poll commits its cursor. `restart()` rebuilds the workflow from what
// was saved, as a restarted instance would.
import { Container } from '@n8n/di';
import { PollContext, PollTriggerExecutor } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IPollFunctions,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import {
	createAdditionalData,
	createCredentialsHelper,
	HarnessCredentialsHelper,
	loadPackage,
	PACKAGE_PREFIX,
} from './n8n';

export interface PollHarnessOptions {
	/** A node of the package without the prefix (e.g. "scantrustTrigger"), or a node type a test defines. */
	type: string | INodeType;
	parameters: INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject> | HarnessCredentialsHelper;
	/** Static data saved earlier, to start from a known state. */
	staticData?: IDataObject;
	/** The node version; by default the first, which workflows saved before a version bump keep. */
	typeVersion?: number;
}

export interface PollOutcome {
	/** The items of the trigger's first output; empty when it emitted nothing. */
	items: INodeExecutionData[];
	error?: Error & { description?: string; httpCode?: string | null };
	/** Whether n8n would have written the workflow's static data after this poll. */
	saved: boolean;
}

const TEST_NODE_TYPE = 'test.pollingTrigger';
const NODE_NAME = 'Trigger Under Test';

function plain<T>(value: T): T {
	return JSON.parse(JSON.stringify(value ?? {})) as T;
}

function firstVersion(version: number | number[]): number {
	return Array.isArray(version) ? Math.min(...version) : version;
}

export class PollHarness {
	/** Static data as the database holds it. */
	private saved: IDataObject;

	private workflow!: Workflow;

	private node!: INode;

	private pollFunctions!: IPollFunctions;

	private emitted: INodeExecutionData[][] | undefined;

	private emittedError: Error | undefined;

	/** How many times n8n would have written the static data. */
	saves = 0;

	private constructor(
		private readonly nodeTypes: INodeTypes,
		private readonly nodeType: INodeType,
		private readonly typeName: string,
		private parameters: INodeParameters,
		private readonly credentialsHelper: HarnessCredentialsHelper,
		staticData: IDataObject,
		private readonly typeVersion: number | undefined,
	) {
		this.saved = plain(staticData);
		this.build('activate');
	}

	static async create(options: PollHarnessOptions): Promise<PollHarness> {
		const { nodeTypes: packageTypes } = await loadPackage();
		const credentialsHelper =
			options.credentials instanceof HarnessCredentialsHelper
				? options.credentials
				: await createCredentialsHelper(options.credentials ?? {});
		let nodeTypes = packageTypes;
		let typeName: string;
		let nodeType: INodeType;
		if (typeof options.type === 'string') {
			typeName = `${PACKAGE_PREFIX}.${options.type}`;
			nodeType = packageTypes.getByName(typeName) as INodeType;
		} else {
			const testType = options.type;
			typeName = TEST_NODE_TYPE;
			nodeType = testType;
			nodeTypes = {
				getByName: (name) => (name === TEST_NODE_TYPE ? testType : packageTypes.getByName(name)),
				getByNameAndVersion: (name, version) =>
					name === TEST_NODE_TYPE ? testType : packageTypes.getByNameAndVersion(name, version),
				getKnownTypes: () => packageTypes.getKnownTypes(),
			};
		}
		return new PollHarness(
			nodeTypes,
			nodeType,
			typeName,
			options.parameters,
			credentialsHelper,
			options.staticData ?? {},
			options.typeVersion,
		);
	}

	/** A fresh Workflow object loaded from the saved static data, as n8n builds one when it activates a workflow. */
	private build(activation: WorkflowActivateMode) {
		const { description } = this.nodeType;
		this.node = {
			id: 'trigger-under-test',
			name: NODE_NAME,
			type: this.typeName,
			typeVersion: this.typeVersion ?? firstVersion(description.version),
			position: [0, 0],
			parameters: plain(this.parameters),
			credentials: Object.fromEntries(
				(description.credentials ?? []).map((credential) => [credential.name, { id: credential.name, name: credential.name }]),
			),
		};
		this.workflow = new Workflow({
			id: 'poll-harness',
			name: 'Poll harness',
			nodes: [this.node],
			connections: {},
			nodeTypes: this.nodeTypes,
			active: true,
			staticData: plain(this.saved),
		});
		this.pollFunctions = new PollContext(
			this.workflow,
			this.node,
			createAdditionalData(this.credentialsHelper),
			'trigger',
			activation,
			(data) => {
				this.emitted = data;
				this.save();
			},
			(error) => {
				this.emittedError = error;
			},
			async () => this.save(),
		);
	}

	/** What the instance does with changed static data: write it and clear the change flag. */
	private save() {
		if (!this.workflow.staticData.__dataChanged) return;
		this.saved = plain(this.workflow.staticData);
		this.workflow.staticData.__dataChanged = false;
		this.saves += 1;
	}

	private async tick(testingTrigger: boolean): Promise<PollOutcome> {
		this.emitted = undefined;
		this.emittedError = undefined;
		const savesBefore = this.saves;
		const run = Container.get(PollTriggerExecutor).create(this.workflow, this.node, this.pollFunctions, () => true);
		try {
			await run(testingTrigger);
			// The instance saves static data once an activation succeeded, whatever the poll returned.
			if (testingTrigger) this.save();
		} catch (error) {
			this.emittedError = error as Error;
		}
		return {
			items: this.emitted?.[0] ?? [],
			error: this.emittedError as PollOutcome['error'],
			saved: this.saves > savesBefore,
		};
	}

	/** Activating the workflow: n8n runs one poll at once and fails the activation if it throws. */
	async activate(): Promise<PollOutcome> {
		return await this.tick(true);
	}

	/** One scheduled poll. */
	async poll(): Promise<PollOutcome> {
		return await this.tick(false);
	}

	/** "Fetch Test Event" in the editor, as WorkflowExecute runs a polling node in a manual execution. */
	async manual(): Promise<PollOutcome> {
		const context = new PollContext(
			this.workflow,
			this.node,
			createAdditionalData(this.credentialsHelper),
			'manual',
			'manual',
		);
		const savesBefore = this.saves;
		try {
			const data = await this.nodeType.poll!.call(context);
			return { items: data?.[0] ?? [], saved: this.saves > savesBefore };
		} catch (error) {
			return { items: [], error: error as PollOutcome['error'], saved: this.saves > savesBefore };
		}
	}

	/** The trigger's static data as it is in memory now. */
	nodeState(): IDataObject {
		return plain(this.workflow.getStaticData('node', this.node));
	}

	/** The trigger's static data as last saved. */
	savedNodeState(): IDataObject {
		return plain((this.saved[`node:${NODE_NAME}`] as IDataObject | undefined) ?? {});
	}

	/** All saved static data, to restore later. */
	snapshot(): IDataObject {
		return plain(this.saved);
	}

	/** Replaces the saved static data, e.g. to model a save that never reached the database. */
	restore(snapshot: IDataObject) {
		this.saved = plain(snapshot);
		this.build('init');
	}

	/**
	 * The instance restarts: in-memory state is gone and the workflow is loaded
	 * from the saved static data. Follow with `activate()`, as n8n does.
	 */
	restart() {
		this.build('init');
	}

	/** The user edits the node and saves the active workflow, which n8n re-activates. Follow with `activate()`. */
	setParameters(parameters: INodeParameters) {
		this.parameters = parameters;
		this.build('update');
	}
}

/** Activates a new trigger and checks that the baseline neither failed nor fired history. */
export async function expectQuietActivation(harness: PollHarness): Promise<PollHarness> {
	const outcome = await harness.activate();
	expect(outcome.error).toBeUndefined();
	expect(outcome.items).toEqual([]);
	return harness;
}
