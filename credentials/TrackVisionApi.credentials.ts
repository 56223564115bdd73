import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

export class TrackVisionApi implements ICredentialType {
	name = 'trackVisionApi';

	displayName = 'TrackVision API';

	icon: Icon = {
		light: 'file:../nodes/TrackVision/trackvision.svg',
		dark: 'file:../nodes/TrackVision/trackvision.dark.svg',
	};

	documentationUrl = 'https://github.com/connected-packaging/n8n-nodes-connected-packaging#trackvision-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Instance URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://mybrand.trackvision.ai',
			description: 'The address of your TrackVision instance, as in your browser when you sign in',
		},
		{
			displayName: 'EPCIS URL',
			name: 'epcisUrl',
			type: 'string',
			default: '',
			placeholder: 'https://epcis.mybrand.trackvision.ai',
			description:
				'The address of your GS1 EPCIS 2.0 interface, needed only for the EPCIS Event operations and the New EPCIS Event trigger. The token is sent there and to the instance URL, and nowhere else.',
		},
		{
			displayName: 'Access Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"A static access token of a TrackVision user. Its role decides what the node may read and change: it needs the collections the node reads or changes (e.g. integrity_check, integrity_check_result, epcis_capture) and, for EPCIS, capture and query.",
		},
	];

	// A function, not an expression template: n8n evaluates a template's expression on every request, which
	// costs more than the request itself when a node sends thousands.
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.token)}` } };
	}

	// The test reaches the instance URL only. A node's test function could check the EPCIS URL too, but n8n
	// 2.41 does not find one for nodes loaded through N8N_CUSTOM_EXTENSIONS (its CustomDirectoryLoader lists the
	// credential's nodes without their "CUSTOM." prefix), and there the Test button would only answer "No testing
	// function found for this credential.".
	test: ICredentialTestRequest = {
		request: {
			// The token goes to the configured address only: a redirect fails the test instead of carrying it on.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			baseURL: '={{$credentials.url.replace(/\\/+$/, "")}}',
			url: '/users/me',
		},
		rules: [
			...[301, 302, 303, 307, 308].map((value) => ({
				type: 'responseCode' as const,
				properties: { value, message: 'TrackVision answered the test with a redirect, which is not followed so that the token never leaves this address. Set the URL in this credential to the address the API answers on.' },
			})),
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'TrackVision refused the access token. Check that it is correct and has not expired or been regenerated.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"TrackVision did not accept the request as this token's user. Check the token, and that its user is active and may read its own profile.",
				},
			},
		],
	};
}
