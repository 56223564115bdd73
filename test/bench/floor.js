#!/usr/bin/env node
'use strict';
// The floor of each JSON job: a bare fetch loop making the same requests as
// our node, on the Node that runs n8n. Prints one JSON line: wall and CPU time
// of the loop (start-up excluded), the part of that CPU on V8's helper
// threads, peak RSS and the number of requests.
//
//   node test/bench/floor.js '{"job":"scans","urls":{...},...}'
const { procReader } = require('./proc');

const spec = JSON.parse(process.argv[2]);
let requests = 0;

async function getJson(url, headers) {
	requests++;
	const response = await fetch(url, { headers: { Accept: 'application/json', ...headers } });
	if (!response.ok) throw new Error(`${url} -> ${response.status}`);
	return await response.json();
}

const jobs = {
	async neodayResults({ urls, items, exportName, perPage }) {
		requests++;
		const tokenResponse = await fetch(`${urls.neoday}/api/1/oauth2/access_token`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'sandbox-client-secret-7Qx9' }),
		});
		const { access_token: token } = await tokenResponse.json();
		const url = `${urls.neoday}/api/1/data-exporter/automated/${exportName}/results?page=1&perPage=${perPage}`;
		const pages = await Promise.all(Array.from({ length: items }, () => getJson(url, { Authorization: `Bearer ${token}` })));
		return pages.reduce((sum, page) => sum + page.results.length, 0);
	},
	// The same requests as Get Many: the first offset page gives the count, the rest go 8 at a time, then one recount.
	async scans({ urls, campaignId }) {
		const headers = { Authorization: 'UAT sandbox-uat-token' };
		const page = (offset, limit) => getJson(`${urls.scantrust}/api/v2/dashboard/scans/?campaign_id=${campaignId}&limit=${limit}&offset=${offset}`, headers);
		const first = await page(0, 2000);
		const offsets = [];
		for (let offset = first.results.length; offset < first.count; offset += first.results.length) offsets.push(offset);
		const pages = new Array(offsets.length);
		let next = 0;
		const worker = async () => {
			while (next < offsets.length) {
				const index = next++;
				pages[index] = await page(offsets[index], 2000);
			}
		};
		await Promise.all(Array.from({ length: 8 }, worker));
		const records = [...first.results];
		for (const { results } of pages) for (const scan of results) records.push(scan);
		if ((await page(0, 1)).count !== first.count) throw new Error('the campaign changed during the walk');
		return records.length;
	},
	async trackvision({ urls, pageSize, total }) {
		const pages = Math.ceil(total / pageSize);
		const bodies = await Promise.all(
			Array.from({ length: pages }, (_, index) =>
				getJson(`${urls.trackvision}/items/integrity_check?limit=${pageSize}&offset=${index * pageSize}`, { Authorization: 'Bearer sandbox-tv-token' }),
			),
		);
		return bodies.reduce((sum, body) => sum + body.data.length, 0);
	},
};

async function main() {
	const readProc = procReader(process.pid);
	const procBefore = readProc();
	const cpu = process.cpuUsage();
	const started = performance.now();
	const records = await jobs[spec.job](spec);
	const wallMs = performance.now() - started;
	const used = process.cpuUsage(cpu);
	const v8HelperCpuMs = readProc().v8HelperCpuMs - procBefore.v8HelperCpuMs;
	process.stdout.write(
		`${JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000, v8HelperCpuMs, peakRssMiB: process.resourceUsage().maxRSS / 1024, requests, records })}\n`,
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
