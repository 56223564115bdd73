import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

/** The token request's own deadline: a gateway that stops answering must not hang the workflow. */
const TOKEN_REQUEST_TIMEOUT_MS = 30_000;

/**
 * What preAuthentication throws when the token request fails. It holds a
 * message and the outcome, never the request: that carries the client
 * secret. The outcome stays out of `response`, `httpCode` and `code` on
 * purpose: n8n-core would take a `response.status` of 401 for an expired
 * token and ask for another one, and NodeApiError (and n8n's credential test)
 * would replace this message with a generic one. The request core knows it
 * by its name, as credentials share no code with nodes.
 */
class TokenRequestError extends Error {
	constructor(
		message: string,
		readonly outcome: { status?: number; networkCode?: string; retryAfter?: string } = {},
	) {
		super(message);
		this.name = 'TokenRequestError';
	}
}

/** The gateway's error text; its format is not documented, so the usual OAuth2 and JSON places are read. */
function gatewayErrorText(body: unknown): string | undefined {
	if (typeof body === 'string') return body ? body.slice(0, 300) : undefined;
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	const nested = record.error && typeof record.error === 'object' ? (record.error as Record<string, unknown>).message : undefined;
	const text = [record.message, record.error_description, nested, record.error, record.detail].find(
		(value) => typeof value === 'string' && value !== '',
	);
	return text as string | undefined;
}

function redact(text: string, secret: string): string {
	return secret ? text.split(secret).join('*****') : text;
}

function hostOf(location: unknown, base: string): string {
	try {
		return new URL(String(location), base).host;
	} catch {
		return String(location);
	}
}

/**
 * Rebuilds a failed token request as a TokenRequestError. The HTTP error it
 * replaces holds the request, whose body has the client secret; the secret is
 * also blanked out of anything the gateway says back. A redirect is never
 * followed: it would post the client secret wherever it points.
 */
function tokenRequestFailure(error: unknown, secret: string, tokenUrl: string): TokenRequestError {
	const { response, code, message } = error as {
		response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
		code?: unknown;
		message?: unknown;
	};
	const status = response?.status;
	if (typeof status !== 'number') {
		const text = /timeout of \d+ms exceeded/i.test(String(message))
			? `${hostOf(tokenUrl, tokenUrl)} did not answer within ${TOKEN_REQUEST_TIMEOUT_MS / 1000} seconds`
			: String(message ?? error);
		return new TokenRequestError(redact(`Could not reach the NeoDay token endpoint: ${text}`, secret), {
			networkCode: typeof code === 'string' ? code : undefined,
		});
	}
	if (status >= 300 && status < 400) {
		const target = hostOf(response?.headers?.location, tokenUrl);
		return new TokenRequestError(
			`The NeoDay token endpoint answered ${status} with a redirect to ${target}. The client secret is never sent on to another address: set the Gateway URL in the NeoDay credential to the address NeoDay gave you.`,
			{ status },
		);
	}
	const reason = gatewayErrorText(response?.data);
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
		const tokenUrl = `${gatewayUrl}/api/1/oauth2/access_token`;
		let response: { access_token?: unknown };
		try {
			// The vendor documents a JSON body, not the form encoding of RFC 6749.
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: tokenUrl,
				disableFollowRedirect: true,
				timeout: TOKEN_REQUEST_TIMEOUT_MS,
				headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
				body: {
					grant_type: 'client_credentials',
					client_id: credentials.clientId,
					client_secret: credentials.clientSecret,
				},
				json: true,
			})) as { access_token?: unknown };
		} catch (error) {
			throw tokenRequestFailure(error, secret, tokenUrl);
		}
		if (typeof response?.access_token !== 'string' || response.access_token === '') {
			throw new TokenRequestError('NeoDay answered the token request without an access_token');
		}
		return { accessToken: response.access_token };
	}

	// A function, not an expression template: n8n evaluates a template's expression on every request, which
	// costs more than the request itself when a node sends thousands.
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.accessToken)}` } };
	}

	test: ICredentialTestRequest = {
		request: {
			// The token goes to the configured address only: a redirect fails the test instead of carrying it on.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			baseURL: '={{$credentials.gatewayUrl.replace(/\\/+$/, "")}}',
			url: '={{"/api/1/data-exporter/automated" + ($credentials.locale ? "?locale=" + encodeURIComponent($credentials.locale.trim()) : "")}}',
		},
		rules: [
			...[301, 302, 303, 307, 308].map((value) => ({
				type: 'responseCode' as const,
				properties: { value, message: 'the NeoDay gateway answered the test with a redirect, which is not followed so that the token never leaves this address. Set the URL in this credential to the address the API answers on.' },
			})),
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
