import type { IDataObject, INodeProperties } from 'n8n-workflow';

/**
 * The Archived filter of the Scantrust lists, sent as `is_archived`. "Both"
 * is offered only where leaving the parameter out lists both: products
 * default to not archived (vendor "Download Products" page), workorders do not.
 */
export function archivedFilterOption(withBoth: boolean): INodeProperties {
	return {
		displayName: 'Archived',
		name: 'archived',
		type: 'options',
		default: 'active',
		options: [
			{ name: 'Active Only', value: 'active' },
			{ name: 'Archived Only', value: 'archived' },
			...(withBoth ? [{ name: 'Both', value: 'both' }] : []),
		],
	};
}

export function archivedQuery(choice: string | undefined): IDataObject {
	if (choice === 'both') return {};
	return { is_archived: choice === 'archived' ? 1 : 0 };
}
