#!/usr/bin/env node
'use strict';
// Benchmark: the Scantrust CSV export streams to n8n's binary store, so the
// node's memory must not grow with the size of the export. Runs the export of
// campaigns of 20,000, 200,000 and 1,000,000 scans through n8n-core and
// reports peak RSS and heap growth next to the file size.
//
//   npm run build && node --expose-gc test/bench/csv-export-memory.js
require('./register-ts');
require('../harness/env');
const { statSync } = require('node:fs');
const { runNode, binaryPath } = require('../harness/n8n');
const { startSandbox } = require('../sandbox');

const CAMPAIGNS = [
	{ id: '777', scans: 200_000 },
	{ id: '1000', scans: 1_000_000 },
];

async function measure(sandbox, campaign) {
	global.gc?.();
	const base = process.memoryUsage();
	let peakRss = base.rss;
	let peakHeap = base.heapUsed;
	const sampler = setInterval(() => {
		const now = process.memoryUsage();
		peakRss = Math.max(peakRss, now.rss);
		peakHeap = Math.max(peakHeap, now.heapUsed);
	}, 20);
	const started = process.hrtime.bigint();
	const result = await runNode({
		type: 'scantrust',
		parameters: { resource: 'scan', operation: 'exportCsv', campaignId: campaign.id, timeRange: 'none' },
		credentials: { scantrustApi: { baseUrl: sandbox.urls.scantrust, token: 'sandbox-uat-token' } },
	});
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	clearInterval(sampler);
	if (result.error) throw result.error;
	const fileBytes = statSync(binaryPath(result.items[0])).size;
	return {
		campaign: campaign.id,
		scans: campaign.scans,
		fileMiB: +(fileBytes / 2 ** 20).toFixed(1),
		peakRssGrowthMiB: +((peakRss - base.rss) / 2 ** 20).toFixed(1),
		peakHeapGrowthMiB: +((peakHeap - base.heapUsed) / 2 ** 20).toFixed(1),
		seconds: +seconds.toFixed(2),
	};
}

async function main() {
	// The sandbox runs in a child-free, same-process server; its generator streams with backpressure,
	// so its own footprint is small and constant too.
	const sandbox = await startSandbox();
	try {
		await measure(sandbox, { id: '126', scans: 30 });
		const rows = [];
		for (const campaign of CAMPAIGNS) rows.push(await measure(sandbox, campaign));
		console.table(rows);
		const [small, large] = rows;
		const verdict = large.peakRssGrowthMiB < Math.max(64, small.peakRssGrowthMiB * 2) && large.peakRssGrowthMiB < large.fileMiB / 2;
		console.log(
			verdict
				? `flat: a ${large.fileMiB} MiB export grew RSS by ${large.peakRssGrowthMiB} MiB at peak`
				: `NOT flat: RSS grew ${large.peakRssGrowthMiB} MiB for a ${large.fileMiB} MiB file`,
		);
		process.exitCode = verdict ? 0 : 1;
	} finally {
		await sandbox.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
