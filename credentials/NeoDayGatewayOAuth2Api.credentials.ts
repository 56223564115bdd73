import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';
import { neoDayErrorMessage } from '../nodes/NeoDay/transport';
import { TokenRequestError } from '../nodes/shared/transport';

function redact(text: string, secret: string): string {
	return secret ? text.split(secret).join('*****') : text;
}

/**
 * Rebuilds a failed token request as a TokenRequestError. The HTTP error it
 * replaces holds the request, whose body has the client secret; the secret is
 * also blanked out of anything the gateway says back.
 */
function tokenRequestFailure(error: unknown, secret: string): TokenRequestError {
	const { response, code, message } = error as {
		response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
		code?: unknown;
		message?: unknown;
	};
	const status = response?.status;
	if (typeof status !== 'number') {
		return new TokenRequestError(
			redact(`Could not reach the NeoDay token endpoint: ${String(message ?? error)}`, secret),
			{ networkCode: typeof code === 'string' ? code : undefined },
		);
	}
	const reason = neoDayErrorMessage(response?.data);
	const detail = redact(reason ? `HTTP ${status}: ${reason}` : `HTTP ${status}`, secret);
	if (status === 429 || status >= 500) {
		const retryAfter = response?.headers?.['retry-after'];
		return new TokenRequestError(`The NeoDay token endpoint failed (${detail})`, {
			status,
			retryAfter: retryAfter === undefined ? undefined : String(retryAfter),
		});
	}
	return new TokenRequestError(
		`NeoDay refused the token request (${detail}). Check the client ID and client secret in the NeoDay credential.`,
		{ status },
	);
}

export class NeoDayGatewayOAuth2Api implements ICredentialType {
	name = 'neoDayGatewayOAuth2Api';

	displayName = 'NeoDay Gateway OAuth2 API';

	icon: Icon = { light: 'file:../nodes/NeoDay/neoday.svg', dark: 'file:../nodes/NeoDay/neoday.dark.svg' };

	documentationUrl = 'https://github.com/connected-packaging/n8n-nodes-connected-packaging#neoday-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Gateway URL',
			name: 'gatewayUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://gateway.mybrand.neo.day',
			description: 'The gateway of your NeoDay instance, as NeoDay gave it to you',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The client's role needs the automated-exports-view permission",
		},
		{
			displayName: 'Locale',
			name: 'locale',
			type: 'string',
			default: '',
			placeholder: 'en_GB',
			description:
				'Sent as the locale query parameter on every request when set. Many NeoDay endpoints answer "Missing Locale" without it.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const gatewayUrl = String(credentials.gatewayUrl ?? '').replace(/\/+$/, '');
		const secret = String(credentials.clientSecret ?? '');
		let response: { access_token?: unknown };
		try {
			// The vendor documents a JSON body, not the form encoding of RFC 6749.
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: `${gatewayUrl}/api/1/oauth2/access_token`,
				headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
				body: {
					grant_type: 'client_credentials',
					client_id: credentials.clientId,
					client_secret: credentials.clientSecret,
				},
				json: true,
			})) as { access_token?: unknown };
		} catch (error) {
			throw tokenRequestFailure(error, secret);
		}
		if (typeof response?.access_token !== 'string' || response.access_token === '') {
			throw new TokenRequestError('NeoDay answered the token request without an access_token');
		}
		return { accessToken: response.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.gatewayUrl.replace(/\\/+$/, "")}}',
			url: '={{"/api/1/data-exporter/automated" + ($credentials.locale ? "?locale=" + encodeURIComponent($credentials.locale.trim()) : "")}}',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'NeoDay issued a token but the gateway rejected it. Check the Gateway URL, and set Locale (e.g. en_GB) if your gateway needs one.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"The client credentials are valid, but the client's role lacks the automated-exports-view permission. Add it to the role in NeoDay.",
				},
			},
		],
	};
}
