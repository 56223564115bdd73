// The NeoDay node and its OAuth2 client-credentials credential, run through
// n8n-core's WorkflowExecute against the sandbox gateway and storage.
import { statSync } from 'node:fs';
import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';
import {
	binaryPath,
	createCredentialsHelper,
	loadOptions,
	readBinary,
	runNode,
	testCredentials,
	type HarnessCredentialsHelper,
	type RunNodeResult,
} from '../harness/n8n';
import { neoDayCredentials, useSandbox, type LoggedRequest, type SandboxHandle } from '../harness/sandbox';

interface ExportResult {
	id: string;
	expires_at: string;
	created_at: string;
}

interface NeoDaySandbox {
	tokenRequests: number;
	clients: Record<string, { secret: string; permissions: string[] }>;
	largeExportRows: number;
	rowsOf(resultId: string): IDataObject[];
	export(name: string): { id: string; system_name: string; type: string; runs: Array<ExportResult & { rows: number }> };
	expireTokens(): number;
	addRuns(name: string, options?: { count?: number; rows?: number }): ExportResult[];
}

const CREDENTIAL = 'neoDayGatewayOAuth2Api';
const SECRET = 'sandbox-client-secret-7Qx9';
const TOKEN_PATH = '/api/1/oauth2/access_token';
const EXPORTS_PATH = '/api/1/data-exporter/automated';

/** The 10 documented export types (seed 003): system name, data key and columns. */
const DOCUMENTED_TYPES: Array<[string, string, string[]]> = [
	['campaign-info', 'campaign_info', ['campaign_name', 'campaign_code', 'campaign_start', 'campaign_end']],
	['user-base-connections', 'user_base_connections', ['userid', 'client_id']],
	['player-info-user-id', 'player_info_user_id', ['userid', 'stackinstanceid', 'value', 'participation_date']],
	['player-info-game-type', 'player_info_game_type', ['stackinstanceid', 'stackid', 'game_type']],
	['win-info', 'win_info', ['userid', 'stackid', 'haswon', 'participation_date']],
	['all-coupons', 'all_coupons', ['userid', 'coupon_name', 'received_date']],
	['challenges-user-id', 'challenges_user_id', ['userid', 'stackinstanceid', 'hascompleted', 'participation_date']],
	['challenges-game-type', 'challenges_game_type', ['stackinstanceid', 'stackid', 'game_type']],
	['gamification-prize-user-id', 'gamification_prize_user_id', ['userid', 'game_id', 'game_name', 'prizeid', 'claimed_date']],
	['gamification-prize-prize-type', 'gamification_prize_prize_type', ['prizeid', 'game_id', 'prize_name', 'prize_type']],
];

let sandbox: SandboxHandle;
const neoday = () => sandbox.neoday as NeoDaySandbox;
const storage = () => sandbox.storage as { authorizationHeadersSeen: number };

beforeAll(async () => {
	sandbox = await useSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.reset();
});

function credentials(overrides: Parameters<typeof neoDayCredentials>[1] = {}) {
	return neoDayCredentials(sandbox, overrides);
}

async function run(
	parameters: INode['parameters'],
	options: {
		credentials?: Record<string, ICredentialDataDecryptedObject> | HarnessCredentialsHelper;
		input?: Array<{ json: IDataObject }>;
		continueOnFail?: boolean;
	} = {},
): Promise<RunNodeResult> {
	return await runNode({
		type: 'neoDay',
		parameters: { resource: 'automatedExport', ...parameters },
		credentials: options.credentials ?? credentials(),
		input: options.input,
		continueOnFail: options.continueOnFail,
	});
}

async function succeed(...args: Parameters<typeof run>) {
	const result = await run(...args);
	if (result.error) throw result.error;
	return result;
}

function gatewayRequests(pathPrefix = EXPORTS_PATH): LoggedRequest[] {
	return sandbox.requestsTo('neoday', pathPrefix);
}

function bearerOf(request: LoggedRequest): string | undefined {
	return /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
}

/** Everything n8n would show or store about an error. */
function errorText(error: RunNodeResult['error']): string {
	return [error?.message, error?.description, JSON.stringify(error), JSON.stringify(error?.cause ?? null)].join('\n');
}

function latestRun(name: string) {
	const runs = neoday().export(name).runs;
	return runs[runs.length - 1];
}

function expectNoAuthorizationAtStorage() {
	const storageRequests = sandbox.requestsTo('storage');
	expect(storageRequests.length).toBeGreaterThan(0);
	for (const request of storageRequests) expect(request.headers.authorization).toBeUndefined();
	expect(storage().authorizationHeadersSeen).toBe(0);
}

describe('credential: OAuth2 client credentials', () => {
	it('asks for a token with a JSON body and reuses it across items, requests and executions', async () => {
		const helper = await createCredentialsHelper(credentials());
		const input = [{ json: {} }, { json: {} }, { json: {} }];
		await succeed({ operation: 'downloadLatest', exportName: 'campaign-info' }, { credentials: helper, input });
		await succeed({ operation: 'getResults', exportName: 'win-info', returnAll: true }, { credentials: helper, input });

		expect(neoday().tokenRequests).toBe(1);
		expect(helper.preAuthenticationCalls).toBe(1);
		const [tokenRequest] = sandbox.requestsTo('neoday', TOKEN_PATH);
		expect(tokenRequest.method).toBe('POST');
		expect(tokenRequest.headers['content-type']).toMatch(/^application\/json/);
		expect(tokenRequest.body).toEqual({ grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: SECRET });

		const token = helper.store[CREDENTIAL].accessToken as string;
		expect(token.split('.')).toHaveLength(3);
		const requests = gatewayRequests();
		// 3 items x (list + fetch) in the first execution, 3 items x one results page in the second.
		expect(requests).toHaveLength(9);
		for (const request of requests) expect(bearerOf(request)).toBe(token);
		expect(new Set(requests.map((request) => request.headers.authorization))).toEqual(new Set([`Bearer ${token}`]));
	});

	it('after the token expires, asks for exactly one new token and the call succeeds', async () => {
		const helper = await createCredentialsHelper(credentials());
		await succeed({ operation: 'getMany', returnAll: true }, { credentials: helper });
		const firstToken = helper.store[CREDENTIAL].accessToken;
		expect(neoday().tokenRequests).toBe(1);

		expect(neoday().expireTokens()).toBe(1);
		sandbox.clearRequests();
		const { items } = await succeed(
			{ operation: 'downloadLatest', exportName: 'win-info' },
			{ credentials: helper, input: [{ json: {} }, { json: {} }] },
		);

		expect(items.length).toBeGreaterThan(0);
		expect(neoday().tokenRequests).toBe(2);
		expect(helper.preAuthenticationCalls).toBe(2);
		const secondToken = helper.store[CREDENTIAL].accessToken;
		expect(secondToken).not.toBe(firstToken);
		const requests = gatewayRequests();
		// One 401 with the old token, its retry with the new one, then everything on the new token.
		expect(requests.filter((request) => bearerOf(request) === firstToken)).toHaveLength(1);
		expect(requests.slice(1).every((request) => bearerOf(request) === secondToken)).toBe(true);
		expect(requests).toHaveLength(1 + 2 * 2);

		await succeed({ operation: 'getMany', returnAll: true }, { credentials: helper });
		expect(neoday().tokenRequests).toBe(2);
	});

	it.each([
		['client secret', { clientSecret: 'wrong-secret-Zp4q' }],
		['client ID', { clientId: 'no-such-client', clientSecret: 'other-secret-Hx7w' }],
	])('a wrong %s gives a clear error that never shows the secret', async (_, overrides) => {
		const result = await run({ operation: 'getMany', returnAll: true }, { credentials: credentials(overrides) });

		expect(result.error?.message).toBe(
			'NeoDay refused the token request (HTTP 401: Client authentication failed). Check the client ID and client secret in the NeoDay credential.',
		);
		expect(result.error?.description).toMatch(/client ID and secret/);
		const everything = `${errorText(result.error)}\n${JSON.stringify(result.run)}`;
		expect(everything).not.toContain(overrides.clientSecret);
		expect(everything).not.toContain(SECRET);
		// Refused once: neither n8n's refresh-on-401 nor our retries ask again.
		expect(neoday().tokenRequests).toBe(1);
		expect(gatewayRequests()).toHaveLength(0);
	});

	it('names the missing automated-exports-view permission on 403', async () => {
		const clientSecret = neoday().clients['sandbox-client-no-exports'].secret;
		const result = await run(
			{ operation: 'getMany', returnAll: true },
			{ credentials: credentials({ clientId: 'sandbox-client-no-exports', clientSecret }) },
		);

		expect(result.error?.message).toBe(
			'NeoDay API error 403: Access denied: the client role lacks the automated-exports-view permission.',
		);
		expect(result.error?.description).toMatch(/automated-exports-view permission/);
		expect(errorText(result.error)).not.toContain(clientSecret);
	});

	describe('credential test, as the editor runs it', () => {
		it('passes with valid client credentials', async () => {
			expect(await testCredentials(CREDENTIAL, credentials()[CREDENTIAL])).toEqual({
				status: 'OK',
				message: 'Connection successful!',
			});
			expect(gatewayRequests()).toHaveLength(1);
		});

		it('says the token request was refused, without the secret', async () => {
			const result = await testCredentials(CREDENTIAL, credentials({ clientSecret: 'wrong-secret-Zp4q' })[CREDENTIAL]);

			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/^NeoDay refused the token request \(HTTP 401: Client authentication failed\)/);
			expect(result.message).not.toContain('wrong-secret-Zp4q');
			expect(neoday().tokenRequests).toBe(1);
		});

		it('says the automated-exports-view permission is missing', async () => {
			const { secret } = neoday().clients['sandbox-client-no-exports'];
			const result = await testCredentials(
				CREDENTIAL,
				credentials({ clientId: 'sandbox-client-no-exports', clientSecret: secret })[CREDENTIAL],
			);

			expect(result).toEqual({
				status: 'Error',
				message:
					"The client credentials are valid, but the client's role lacks the automated-exports-view permission. Add it to the role in NeoDay.",
			});
		});

		it('sends the locale when one is set', async () => {
			await testCredentials(CREDENTIAL, credentials({ locale: 'en_GB' })[CREDENTIAL]);
			expect(gatewayRequests()[0].query).toEqual({ locale: 'en_GB' });
		});
	});

	it('sends the locale on every gateway request when set, and never to storage', async () => {
		await succeed({ operation: 'downloadLatest', exportName: 'win-info' }, { credentials: credentials({ locale: 'en_GB' }) });
		await succeed({ operation: 'getResults', exportName: 'win-info', limit: 2 }, { credentials: credentials({ locale: 'en_GB' }) });

		const requests = gatewayRequests();
		expect(requests).toHaveLength(3);
		for (const request of requests) expect(request.query.locale).toBe('en_GB');
		for (const request of sandbox.requestsTo('storage')) expect(request.query.locale).toBeUndefined();

		sandbox.clearRequests();
		await succeed({ operation: 'getMany', returnAll: true });
		expect(gatewayRequests()[0].query).toEqual({});
	});
});

describe('sandbox gateway', () => {
	async function postToken(body: string, contentType: string) {
		const response = await fetch(`${sandbox.urls.neoday}${TOKEN_PATH}`, {
			method: 'POST',
			headers: { 'Content-Type': contentType },
			body,
		});
		return { status: response.status, body: (await response.json()) as IDataObject };
	}

	it('accepts only JSON with the client_credentials grant and a known client', async () => {
		const form = `grant_type=client_credentials&client_id=sandbox-client&client_secret=${SECRET}`;
		expect((await postToken(form, 'application/x-www-form-urlencoded')).status).toBe(400);
		const wrongGrant = JSON.stringify({ grant_type: 'password', client_id: 'sandbox-client', client_secret: SECRET });
		expect((await postToken(wrongGrant, 'application/json')).body.error).toBe('unsupported_grant_type');
		const ok = await postToken(
			JSON.stringify({ grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: SECRET }),
			'application/json',
		);
		expect(ok.status).toBe(200);
		expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 15897600 });
		expect(neoday().tokenRequests).toBe(3);
	});

	it('has control routes to add export runs, expire tokens and count token requests', async () => {
		const control = `${sandbox.urls.neoday}/__sandbox/neoday`;
		const added = await fetch(`${control}/exports/win-info/runs`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ count: 2 }),
		});
		expect(added.status).toBe(201);
		const runs = (await added.json()) as ExportResult[];
		expect(runs).toHaveLength(2);
		expect(latestRun('win-info').id).toBe(runs[1].id);

		const helper = await createCredentialsHelper(credentials());
		await succeed({ operation: 'getMany', returnAll: true }, { credentials: helper });
		expect(await (await fetch(`${control}/token-requests`)).json()).toEqual({ count: 1 });
		expect(await (await fetch(`${control}/tokens/expire`, { method: 'POST' })).json()).toEqual({ expired: 1 });
		expect((await run({ operation: 'getMany', returnAll: true }, { credentials: helper })).error).toBeUndefined();
		expect(await (await fetch(`${control}/token-requests`)).json()).toEqual({ count: 2 });
	});
});

describe('Get Many', () => {
	it('returns one item per export with id, system_name and last_run, which may be null', async () => {
		const { items } = await succeed({ operation: 'getMany', returnAll: true });

		expect(items).toHaveLength(14);
		for (const { json } of items) expect(Object.keys(json).sort()).toEqual(['id', 'last_run', 'system_name']);
		const names = items.map(({ json }) => json.system_name);
		expect(names).toEqual(expect.arrayContaining(DOCUMENTED_TYPES.map(([name]) => name)));
		expect(items.find(({ json }) => json.system_name === 'weekly-challenges')?.json.last_run).toBeNull();
		expect(items.find(({ json }) => json.system_name === 'win-info')?.json.last_run).toEqual({
			id: latestRun('win-info').id,
			expires_at: latestRun('win-info').expires_at,
			created_at: latestRun('win-info').created_at,
		});
	});

	it('trims the list to Limit', async () => {
		const { items } = await succeed({ operation: 'getMany', returnAll: false, limit: 3 });
		expect(items.map(({ json }) => json.system_name)).toEqual(['campaign-info', 'user-base-connections', 'player-info-user-id']);
	});

	it('loads the export names for the dropdown from the list endpoint', async () => {
		const options = await loadOptions({ type: 'neoDay', method: 'getExportNames', credentials: credentials() });

		expect(options).toHaveLength(14);
		expect(options).toContainEqual({
			name: 'win-info',
			value: 'win-info',
			description: `Latest result ${latestRun('win-info').created_at}`,
		});
		expect(options).toContainEqual({ name: 'weekly-challenges', value: 'weekly-challenges', description: 'Has never run' });
	});
});

describe('Get Results', () => {
	function resultPages() {
		return gatewayRequests(`${EXPORTS_PATH}/win-info/results`).map((request) => request.query);
	}

	it('Return All walks the pages until total is reached, and no further', async () => {
		neoday().addRuns('win-info', { count: 230 });
		const { items } = await succeed({ operation: 'getResults', exportName: 'win-info', returnAll: true });

		expect(items).toHaveLength(255);
		const expected = [...neoday().export('win-info').runs].reverse();
		expect(items.map(({ json }) => json)).toEqual(expected.map(({ id, expires_at, created_at }) => ({ id, expires_at, created_at })));
		expect(resultPages()).toEqual([
			{ page: '1', perPage: '100' },
			{ page: '2', perPage: '100' },
			{ page: '3', perPage: '100' },
		]);
	});

	it('Limit asks for no more than it needs and stops early', async () => {
		neoday().addRuns('win-info', { count: 230 });
		const small = await succeed({ operation: 'getResults', exportName: 'win-info', returnAll: false, limit: 5 });
		expect(small.items).toHaveLength(5);
		expect(resultPages()).toEqual([{ page: '1', perPage: '5' }]);

		sandbox.clearRequests();
		const large = await succeed({ operation: 'getResults', exportName: 'win-info', returnAll: false, limit: 150 });
		expect(large.items).toHaveLength(150);
		expect(resultPages()).toEqual([
			{ page: '1', perPage: '100' },
			{ page: '2', perPage: '100' },
		]);
	});

	it('reports an unknown export as the gateway does, without retrying', async () => {
		const result = await run({ operation: 'getResults', exportName: 'no-such-export', returnAll: true });
		expect(result.error?.message).toBe('NeoDay API error 404: Automated export "no-such-export" not found.');
		expect(gatewayRequests()).toHaveLength(1);
	});
});

describe('Download Result and Download Latest', () => {
	it('Download Result gives one item per row, strings left as NeoDay wrote them', async () => {
		const result = neoday().export('win-info').runs[20];
		const { items } = await succeed({ operation: 'downloadResult', exportName: 'win-info', resultId: result.id });

		expect(items.map(({ json }) => json)).toEqual(neoday().rowsOf(result.id));
		expect(items[0].json.haswon).toMatch(/^[01]$/);
		expect(gatewayRequests().map((request) => request.path)).toEqual([`${EXPORTS_PATH}/fetch/${result.id}`]);
		expect(sandbox.requestsTo('storage')[0].path).toBe(`/objects/automated-exports/win-info/${result.id}.json`);
		expectNoAuthorizationAtStorage();
	});

	it('Download Result as File streams the JSON into a binary named after the export and result', async () => {
		const result = neoday().export('win-info').runs[3];
		const { items } = await succeed({
			operation: 'downloadResult',
			exportName: 'win-info',
			resultId: result.id,
			output: 'file',
			binaryPropertyName: 'export',
		});

		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({ exportName: 'win-info', resultId: result.id, fileName: `win-info-${result.id}.json` });
		const binary = items[0].binary?.export;
		expect(binary).toMatchObject({ fileName: `win-info-${result.id}.json`, mimeType: 'application/json' });
		expect(JSON.parse((await readBinary(items[0], 'export')).toString('utf8'))).toEqual({ win_info: neoday().rowsOf(result.id) });
		expectNoAuthorizationAtStorage();
	});

	it.each(DOCUMENTED_TYPES)('Download Latest reads the rows of %s (key %s)', async (name, key, columns) => {
		const { items } = await succeed({ operation: 'downloadLatest', exportName: name });

		const rows = neoday().rowsOf(latestRun(name).id);
		expect(neoday().export(name).type).toBe(key);
		expect(rows.length).toBeGreaterThan(0);
		expect(items.map(({ json }) => json)).toEqual(rows);
		for (const { json } of items) expect(Object.keys(json)).toEqual(columns);
		expectNoAuthorizationAtStorage();
	});

	it('reads an export type it does not know from its single top-level array', async () => {
		const { items } = await succeed({ operation: 'downloadLatest', exportName: 'loyalty-points', convertTypes: true });

		const rows = neoday().rowsOf(latestRun('loyalty-points').id);
		expect(items).toHaveLength(rows.length);
		expect(items[0].json).toEqual({
			userid: rows[0].userid,
			points: Number(rows[0].points),
			hasredeemed: rows[0].hasredeemed === '1',
			updated_at: rows[0].updated_at,
		});
	});

	it('Download Latest as File names the file after the latest result and adds its dates', async () => {
		const latest = latestRun('all-coupons');
		const { items } = await succeed({ operation: 'downloadLatest', exportName: 'all-coupons', output: 'file' });

		expect(items[0].json).toEqual({
			exportName: 'all-coupons',
			resultId: latest.id,
			fileName: `all-coupons-${latest.id}.json`,
			createdAt: latest.created_at,
			expiresAt: latest.expires_at,
		});
		expect(items[0].binary?.data).toMatchObject({ mimeType: 'application/json', fileName: `all-coupons-${latest.id}.json` });
	});

	describe('Convert Types', () => {
		it('turns has* "0"/"1" into booleans and numeric strings into numbers', async () => {
			const winners = await succeed({ operation: 'downloadLatest', exportName: 'win-info', convertTypes: true });
			const rows = neoday().rowsOf(latestRun('win-info').id);
			expect(winners.items.map(({ json }) => json.haswon)).toEqual(rows.map((row) => row.haswon === '1'));
			expect(winners.items.map(({ json }) => json.participation_date)).toEqual(rows.map((row) => row.participation_date));

			const players = await succeed({ operation: 'downloadLatest', exportName: 'player-info-user-id', convertTypes: true });
			const playerRows = neoday().rowsOf(latestRun('player-info-user-id').id);
			expect(players.items.map(({ json }) => json.value)).toEqual(playerRows.map((row) => Number(row.value)));

			const challenges = await succeed({ operation: 'downloadLatest', exportName: 'challenges-user-id', convertTypes: true });
			expect(challenges.items.every(({ json }) => typeof json.hascompleted === 'boolean')).toBe(true);
		});

		it('keeps identifiers as text, even numeric ones, and keeps nulls', async () => {
			const connections = await succeed({ operation: 'downloadLatest', exportName: 'user-base-connections', convertTypes: true });
			const rows = neoday().rowsOf(latestRun('user-base-connections').id);
			expect(connections.items.map(({ json }) => json)).toEqual(rows);
			expect(rows.some((row) => /^0\d+$/.test(String(row.client_id)))).toBe(true);
			expect(rows.some((row) => /^[1-9]\d*$/.test(String(row.client_id)))).toBe(true);

			const prizes = await succeed({ operation: 'downloadLatest', exportName: 'gamification-prize-user-id', convertTypes: true });
			expect(prizes.items.map(({ json }) => json)).toEqual(neoday().rowsOf(latestRun('gamification-prize-user-id').id));
			expect(prizes.items.some(({ json }) => json.claimed_date === null)).toBe(true);
		});

		it('leaves every value a string when it is off', async () => {
			const { items } = await succeed({ operation: 'downloadLatest', exportName: 'player-info-user-id', convertTypes: false });
			for (const { json } of items) {
				expect(typeof json.value).toBe('string');
			}
		});
	});

	describe('an export that has never run', () => {
		it('stops with a clear error by default, before any fetch', async () => {
			const result = await run({ operation: 'downloadLatest', exportName: 'weekly-challenges' });

			expect(result.error?.message).toBe('Export "weekly-challenges" has never run, so it has no result to download');
			expect(result.error?.description).toMatch(/Return No Items/);
			expect(gatewayRequests(`${EXPORTS_PATH}/fetch`)).toHaveLength(0);
		});

		it('returns no items when the user chooses so', async () => {
			const { items, error } = await run({ operation: 'downloadLatest', exportName: 'weekly-challenges', ifNeverRun: 'noItems' });
			expect(error).toBeUndefined();
			expect(items).toEqual([]);
		});
	});

	it('names the exports there are when the export name is unknown', async () => {
		const result = await run({ operation: 'downloadLatest', exportName: 'win_info' });
		expect(result.error?.message).toBe('NeoDay has no automated export named "win_info"');
		expect(result.error?.description).toContain('win-info, all-coupons');
	});

	describe('expired results', () => {
		it('Download Result says when the result expired, with its ID', async () => {
			const [oldest] = neoday().export('win-info').runs;
			const result = await run({ operation: 'downloadResult', exportName: 'win-info', resultId: oldest.id });

			expect(result.error?.message).toBe(
				`Result ${oldest.id} of export "win-info" expired on ${oldest.expires_at} and can no longer be downloaded`,
			);
			expect(result.error?.description).toContain(oldest.created_at);
			const paths = gatewayRequests().map((request) => request.path);
			expect(paths[0]).toBe(`${EXPORTS_PATH}/fetch/${oldest.id}`);
			expect(paths.slice(1)).toEqual([`${EXPORTS_PATH}/win-info/results`]);
			expect(sandbox.requestsTo('storage')).toHaveLength(0);
		});

		it('Download Latest sees the expiry date and does not ask for the file', async () => {
			const latest = latestRun('win-info-archive');
			const result = await run({ operation: 'downloadLatest', exportName: 'win-info-archive' });

			expect(result.error?.message).toBe(
				`Result ${latest.id} of export "win-info-archive" expired on ${latest.expires_at} and can no longer be downloaded`,
			);
			expect(gatewayRequests(`${EXPORTS_PATH}/fetch`)).toHaveLength(0);
		});

		it('a result that does not exist keeps the gateway error', async () => {
			const result = await run({ operation: 'downloadResult', exportName: 'win-info', resultId: 'aaaaaaaaaaaaaaaaaaaaaaaaa' });
			expect(result.error?.message).toBe('NeoDay API error 404: Export result not found.');
		});
	});

	describe('the 100,000-row export', () => {
		const name = 'win-info-all-time';

		it('streams into a binary file on disk', async () => {
			const { items } = await succeed({ operation: 'downloadLatest', exportName: name, output: 'file' });

			const path = binaryPath(items[0]);
			const text = (await readBinary(items[0])).toString('utf8');
			expect(statSync(path).size).toBe(Buffer.byteLength(text));
			const rows = (JSON.parse(text) as { win_info: IDataObject[] }).win_info;
			expect(rows).toHaveLength(neoday().largeExportRows);
			expect(rows[99_999]).toEqual(neoday().rowsOf(latestRun(name).id)[99_999]);
			expectNoAuthorizationAtStorage();
		});

		it('gives 100,000 items as rows', async () => {
			const { items } = await succeed({ operation: 'downloadLatest', exportName: name, convertTypes: true });
			expect(items).toHaveLength(100_000);
			expect(typeof items[50_000].json.haswon).toBe('boolean');
		});
	});
});

describe('retries', () => {
	it('retries 5xx, 429 and connection resets on the gateway', async () => {
		sandbox.faults.inject({ service: 'neoday', path: `re:^${EXPORTS_PATH}$`, kind: '503', times: 2 });
		sandbox.faults.inject({ service: 'neoday', path: `${EXPORTS_PATH}/fetch/`, kind: '429', retryAfter: 0 });
		sandbox.faults.inject({ service: 'neoday', path: `${EXPORTS_PATH}/fetch/`, kind: 'reset' });
		const { items } = await succeed({ operation: 'downloadLatest', exportName: 'win-info' });

		expect(items.map(({ json }) => json)).toEqual(neoday().rowsOf(latestRun('win-info').id));
		expect(gatewayRequests().map((request) => request.path.replace(/fetch\/.*/, 'fetch'))).toEqual([
			EXPORTS_PATH,
			EXPORTS_PATH,
			EXPORTS_PATH,
			`${EXPORTS_PATH}/fetch`,
			`${EXPORTS_PATH}/fetch`,
			`${EXPORTS_PATH}/fetch`,
		]);
		expect(neoday().tokenRequests).toBe(1);
	});

	it('retries a failing token endpoint without asking twice per attempt', async () => {
		sandbox.faults.inject({ service: 'neoday', path: TOKEN_PATH, kind: '503' });
		sandbox.faults.inject({ service: 'neoday', path: TOKEN_PATH, kind: 'reset' });
		const { items } = await succeed({ operation: 'getMany', returnAll: true });

		expect(items).toHaveLength(14);
		expect(neoday().tokenRequests).toBe(1);
		expect(sandbox.requestsTo('neoday', TOKEN_PATH)).toHaveLength(3);
	});

	it.each([
		['a 503', { kind: '503' }],
		['a reset', { kind: 'reset' }],
		['a transfer cut short', { kind: 'drop', afterBytes: 40 }],
	])('retries %s at the storage, for rows and for files', async (_, fault) => {
		const latest = latestRun('win-info');
		sandbox.faults.inject({ service: 'storage', ...fault });
		const rows = await succeed({ operation: 'downloadLatest', exportName: 'win-info' });
		expect(rows.items.map(({ json }) => json)).toEqual(neoday().rowsOf(latest.id));

		sandbox.faults.inject({ service: 'storage', ...fault });
		const file = await succeed({ operation: 'downloadLatest', exportName: 'win-info', output: 'file' });
		expect(JSON.parse((await readBinary(file.items[0])).toString('utf8'))).toEqual({ win_info: neoday().rowsOf(latest.id) });

		expect(sandbox.requestsTo('storage')).toHaveLength(4);
		expectNoAuthorizationAtStorage();
	});

	it('gives up after five attempts with the gateway error', async () => {
		sandbox.faults.inject({ service: 'neoday', path: EXPORTS_PATH, kind: '502', times: 5 });
		const result = await run({ operation: 'getMany', returnAll: true });

		expect(result.error?.message).toBe('NeoDay API error 502: Sandbox injected a 502 error.');
		expect(result.error?.description).toMatch(/retried 5 times/);
		expect(gatewayRequests()).toHaveLength(5);
	});
});

describe('items, expressions and Continue On Fail', () => {
	const input = [{ json: { name: 'campaign-info' } }, { json: { name: 'weekly-challenges' } }, { json: { name: 'all-coupons' } }];

	it('takes the export name from an expression and pairs every output with its input', async () => {
		const { items } = await succeed(
			{ operation: 'downloadLatest', exportName: '={{ $json.name }}', ifNeverRun: 'noItems' },
			{ input },
		);

		const campaignRows = neoday().rowsOf(latestRun('campaign-info').id).length;
		const couponRows = neoday().rowsOf(latestRun('all-coupons').id).length;
		expect(items).toHaveLength(campaignRows + couponRows);
		expect(items.slice(0, campaignRows).every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(items.slice(campaignRows).every((item) => (item.pairedItem as { item: number }).item === 2)).toBe(true);
	});

	it('turns a failing item into an error item and goes on', async () => {
		const { items, error } = await run(
			{ operation: 'downloadLatest', exportName: '={{ $json.name }}', output: 'file' },
			{ input, continueOnFail: true },
		);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 1, 2]);
		expect(items[0].json.exportName).toBe('campaign-info');
		expect(items[1].json.error).toBe('Export "weekly-challenges" has never run, so it has no result to download');
		expect(items[2].json.exportName).toBe('all-coupons');
	});

	it('rejects an export name that resolves to nothing, before any request', async () => {
		const result = await run(
			{ operation: 'getResults', exportName: '={{ $json.name }}', returnAll: true },
			{ input: [{ json: { name: ' ' } }] },
		);
		expect(result.error?.message).toBe('Invalid "Export Name or ID" in item 0: it is empty');
		expect(sandbox.requests).toHaveLength(0);
	});
});
