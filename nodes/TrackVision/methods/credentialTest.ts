import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { epcisBaseUrl } from '../transport/epcis';

const TIMEOUT_MS = 30_000;

interface Probe {
	/** What the user calls this address in the credential. */
	label: string;
	url: string;
	/** What a 403 means at this address. */
	forbidden: string;
}

interface LegacyResponse {
	statusCode: number;
}

function trimmed(value: unknown): string {
	return String(value ?? '').trim().replace(/\/+$/, '');
}

/** One probe: the token goes to this address only, and a redirect fails the test instead of carrying it on. */
async function probe(ctx: ICredentialTestFunctions, token: string, { label, url, forbidden }: Probe): Promise<string | undefined> {
	let response: LegacyResponse;
	try {
		// A credential test's context has only this request helper; it follows no redirect here.
		response = (await ctx.helpers.request({
			method: 'GET',
			uri: url,
			headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
			json: true,
			followRedirect: false,
			followAllRedirects: false,
			simple: false,
			resolveWithFullResponse: true,
			timeout: TIMEOUT_MS,
		})) as LegacyResponse;
	} catch (error) {
		return `The ${label} could not be reached: ${(error as Error).message}`;
	}
	const status = response.statusCode;
	if (status >= 200 && status < 300) return undefined;
	if (status >= 300 && status < 400) {
		return `TrackVision answered the test of the ${label} with a redirect, which is not followed so that the token never leaves this address. Set the ${label} in this credential to the address the API answers on.`;
	}
	if (status === 401) return `TrackVision refused the access token at the ${label}. Check that it is correct and has not expired or been regenerated.`;
	if (status === 403) return forbidden;
	return `The ${label} answered the test with HTTP ${status}. Check the ${label}.`;
}

/**
 * Tests the instance URL with /users/me (the Directus way to ask "who am I";
 * TrackVision's data API is Directus-style) and, when an EPCIS URL is set,
 * the EPCIS query interface with one event per page.
 */
export async function trackVisionApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const token = String(data.token ?? '');
	const probes: Probe[] = [
		{
			label: 'Instance URL',
			url: `${trimmed(data.url)}/users/me`,
			forbidden: "TrackVision did not accept the request as this token's user. Check the token, and that its user is active and may read its own profile.",
		},
	];
	const epcisUrl = trimmed(data.epcisUrl);
	if (epcisUrl) {
		probes.push({
			label: 'EPCIS URL',
			// The operations' own base URL, so an EPCIS URL given with its /v2/epcis is tested where they send.
			url: `${epcisBaseUrl(data)}/events?perPage=1`,
			forbidden: "TrackVision's EPCIS interface did not let this token query events. Check that the token's user may use EPCIS.",
		});
	}
	for (const each of probes) {
		const message = await probe(this, token, each);
		if (message) return { status: 'Error', message };
	}
	return { status: 'OK', message: epcisUrl ? 'Connection successful: the instance URL and the EPCIS URL' : 'Connection successful!' };
}
