'use strict';
// The three published packages, one per service, as n8n's verification guidelines ask: "Each package should
// integrate exactly one third-party service. A trigger node for the same service may be included alongside the
// main node." They are assembled from this one source tree (see build.js); nothing here is copied in git.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const OUT_DIR = path.join(ROOT, 'dist', 'packages');

/**
 * `service` is the folder under nodes/ that holds the package's nodes; `credentials` are the credential
 * classes under credentials/ it ships. Nodes come from the root package.json's `n8n.nodes`: every node
 * registered there under `dist/nodes/<service>/` goes into that service's package.
 */
const PACKAGES = [
	{
		name: 'n8n-nodes-scantrust',
		service: 'Scantrust',
		credentials: ['ScantrustApi'],
		description:
			'n8n nodes for Scantrust secure product codes: products, scan data (JSON with filters, CSV export) and workorders of secure QR codes, with a trigger for completed workorders and new scans.',
		keywords: ['scantrust', 'secure qr code', 'anti-counterfeiting', 'connected packaging'],
	},
	{
		name: 'n8n-nodes-trackvision',
		service: 'TrackVision',
		credentials: ['TrackVisionApi'],
		description:
			'n8n nodes for TrackVision traceability: integrity checks of product codes, their results and consumer scan events, with a trigger for each new record.',
		keywords: ['trackvision', 'traceability', 'gs1', 'connected packaging'],
	},
	{
		name: 'n8n-nodes-neoday',
		service: 'NeoDay',
		credentials: ['NeoDayGatewayOAuth2Api'],
		description:
			'n8n nodes for the NeoDay gateway: automated data exports, custom events and coupon consumption, with a trigger for new export results and one for the signed webhooks NeoDay sends.',
		keywords: ['neoday', 'loyalty', 'gamification', 'connected packaging'],
	},
];

function rootPackageJson() {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
}

/** The package's `n8n` entries, taken from the root package.json. */
function registeredFiles(spec, rootPkg = rootPackageJson()) {
	const nodes = rootPkg.n8n.nodes.filter((file) => file.startsWith(`dist/nodes/${spec.service}/`));
	const credentials = spec.credentials.map((name) => `dist/credentials/${name}.credentials.js`);
	return { nodes, credentials };
}

/** Every node and credential of the root package belongs to exactly one per-service package. */
function checkCoverage(rootPkg = rootPackageJson()) {
	const claimed = PACKAGES.flatMap((spec) => {
		const { nodes, credentials } = registeredFiles(spec, rootPkg);
		return [...nodes, ...credentials];
	});
	const registered = [...rootPkg.n8n.nodes, ...rootPkg.n8n.credentials];
	const unclaimed = registered.filter((file) => !claimed.includes(file));
	const unknown = claimed.filter((file) => !registered.includes(file));
	const problems = [
		...unclaimed.map((file) => `${file} is in the root package.json but in no per-service package`),
		...unknown.map((file) => `${file} is in a per-service package but not in the root package.json`),
	];
	if (problems.length) throw new Error(problems.join('\n'));
}

/** Where `npm run packages` writes a package's project and its tarball. */
function packagePaths(name) {
	return { dir: path.join(OUT_DIR, name), tarball: path.join(OUT_DIR, `${name}.tgz`) };
}

/** The type n8n gives a node installed from its package, e.g. `n8n-nodes-scantrust.scantrustTrigger`. */
function publishedNodeType(name) {
	const spec = PACKAGES.find((candidate) => name.toLowerCase().startsWith(candidate.service.toLowerCase()));
	if (!spec) throw new Error(`no package holds a node named ${name}`);
	return `${spec.name}.${name}`;
}

/** Whether `type` is a node type of one of our packages, installed as a community package. */
function isPublishedNodeType(type) {
	return PACKAGES.some((spec) => type.startsWith(`${spec.name}.`));
}

module.exports = { ROOT, publishedNodeType, isPublishedNodeType, OUT_DIR, PACKAGES, rootPackageJson, registeredFiles, checkCoverage, packagePaths };
