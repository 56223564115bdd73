import type {
	Icon,
	ICredentialDataDecryptedObject,
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

	// No `test` here: one declarative request reaches one origin, and with an EPCIS URL there are two to check.
	// The TrackVision nodes test this credential with their `trackVisionApiTest` method instead. n8n finds it for an
	// installed package; for nodes loaded through N8N_CUSTOM_EXTENSIONS, n8n 2.41 and 1.123 find no test at all.
}
