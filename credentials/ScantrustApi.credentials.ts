import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

export class ScantrustApi implements ICredentialType {
	name = 'scantrustApi';

	displayName = 'Scantrust API';

	icon: Icon = { light: 'file:../nodes/Scantrust/scantrust.svg', dark: 'file:../nodes/Scantrust/scantrust.dark.svg' };

	documentationUrl = 'https://github.com/connected-packaging/n8n-nodes-connected-packaging#scantrust-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.scantrust.com',
			placeholder: 'https://api.scantrust.com',
			description: 'Production is https://api.scantrust.com, staging is https://api.staging.scantrust.io',
		},
		{
			displayName: 'UAT Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'User Access Token from the Scantrust portal. It needs the permissions of the operations you use, e.g. scans_download or workorder_view.',
		},
	];

	// A function, not an expression template: n8n evaluates a template's expression on every request, which
	// costs more than the request itself when a node sends thousands.
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `UAT ${String(credentials.token)}` } };
	}

	test: ICredentialTestRequest = {
		request: {
			// The token goes to the configured address only: a redirect fails the test instead of carrying it on.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/v2/me/',
		},
		rules: [
			...[301, 302, 303, 307, 308].map((value) => ({
				type: 'responseCode' as const,
				properties: { value, message: 'Scantrust answered the test with a redirect, which is not followed so that the token never leaves this address. Set the URL in this credential to the address the API answers on.' },
			})),
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Scantrust refused the UAT token. Check that the token is correct and has not been revoked.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'The UAT token is valid but lacks permissions. Check its permissions in the Scantrust portal.',
				},
			},
		],
	};
}
