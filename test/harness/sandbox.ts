// Starts the sandbox for one test file and hands out matching credentials.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require('../sandbox') as {
	startSandbox: (options?: Record<string, unknown>) => Promise<SandboxHandle>;
};

export interface LoggedRequest {
	service: string;
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | undefined>;
	body: unknown;
	/** When the sandbox received it (ms since the epoch). */
	at: number;
}

export interface SandboxHandle {
	urls: Record<string, string>;
	requests: LoggedRequest[];
	requestsTo(service: string, pathPrefix?: string): LoggedRequest[];
	clearRequests(): void;
	faults: { inject(fault: Record<string, unknown>): void; clear(): void; pending: unknown[] };
	reset(): void;
	close(): Promise<void>;
	[service: string]: unknown;
}

export async function useSandbox(options: Record<string, unknown> = {}): Promise<SandboxHandle> {
	return await startSandbox(options);
}

export function scantrustCredentials(sandbox: SandboxHandle, token = 'sandbox-uat-token'): Record<string, ICredentialDataDecryptedObject> {
	return { scantrustApi: { baseUrl: sandbox.urls.scantrust, token } };
}

export function trackVisionCredentials(sandbox: SandboxHandle, token = 'sandbox-tv-token'): Record<string, ICredentialDataDecryptedObject> {
	return { trackVisionApi: { url: sandbox.urls.trackvision, epcisUrl: sandbox.urls.epcis, token } };
}

/** The sandbox's NeoDay client with the automated-exports-view permission, unless other client fields are given. */
export function neoDayCredentials(
	sandbox: SandboxHandle,
	overrides: Partial<{ clientId: string; clientSecret: string; locale: string; gatewayUrl: string }> = {},
): Record<string, ICredentialDataDecryptedObject> {
	return {
		neoDayGatewayOAuth2Api: {
			gatewayUrl: sandbox.urls.neoday,
			clientId: 'sandbox-client',
			clientSecret: 'sandbox-client-secret-7Qx9',
			...overrides,
		},
	};
}
