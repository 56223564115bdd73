'use strict';
// The pure parts of `npm run release`: the next version, and CHANGELOG.md in the
// Keep a Changelog format (https://keepachangelog.com/en/1.1.0/) with its
// Unreleased section moved under that version.

const UNRELEASED = /^## \[Unreleased\][^\n]*\n/m;
const VERSION_HEADING = /^## \[(\d+\.\d+\.\d+[^\]]*)\]/gm;

/** `kind` is patch, minor, major or an explicit x.y.z above `current`. */
function nextVersion(current, kind) {
	const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(current);
	if (!match) throw new Error(`package.json's version ${current} is not x.y.z`);
	const [major, minor, patch] = match.slice(1).map(Number);
	if (kind === 'major') return `${major + 1}.0.0`;
	if (kind === 'minor') return `${major}.${minor + 1}.0`;
	if (kind === 'patch') return `${major}.${minor}.${patch + 1}`;
	const explicit = /^(\d+)\.(\d+)\.(\d+)$/.exec(kind ?? '');
	if (!explicit) throw new Error(`usage: npm run release -- patch|minor|major|x.y.z (got ${kind ?? 'nothing'})`);
	const wanted = explicit.slice(1).map(Number);
	// Equal is allowed for the first release of the version package.json starts with;
	// the release script refuses a version that is tagged already.
	const order = wanted[0] - major || wanted[1] - minor || wanted[2] - patch;
	if (order < 0) throw new Error(`${kind} is below the current version ${current}`);
	return kind;
}

/**
 * Moves the entries under "## [Unreleased]" to a new "## [version] - date" section,
 * leaves an empty Unreleased section above it and updates the compare links.
 */
function releaseChangelog(text, { version, date, repositoryUrl }) {
	const unreleased = UNRELEASED.exec(text);
	if (!unreleased) throw new Error('CHANGELOG.md has no "## [Unreleased]" section');
	const bodyStart = unreleased.index + unreleased[0].length;
	VERSION_HEADING.lastIndex = bodyStart;
	const nextHeading = VERSION_HEADING.exec(text);
	const linksStart = text.search(/^\[[^\]]+\]: /m);
	const bodyEnd = nextHeading ? nextHeading.index : linksStart >= bodyStart ? linksStart : text.length;
	const body = text.slice(bodyStart, bodyEnd).trim();
	if (!/^- /m.test(body)) throw new Error('CHANGELOG.md\'s Unreleased section lists no change: add what this release changes first');
	if (new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`, 'm').test(text)) {
		throw new Error(`CHANGELOG.md already has a section for ${version}`);
	}
	const previous = nextHeading ? nextHeading[1] : null;

	let out = `${text.slice(0, bodyStart)}\n## [${version}] - ${date}\n\n${body}\n\n${text.slice(bodyEnd).replace(/^\n+/, '')}`;
	const base = repositoryUrl.replace(/\.git$/, '').replace(/^git\+/, '');
	const links = [
		`[Unreleased]: ${base}/compare/${version}...HEAD`,
		previous ? `[${version}]: ${base}/compare/${previous}...${version}` : `[${version}]: ${base}/releases/tag/${version}`,
	];
	out = out.replace(/^\[Unreleased\]: .*\n?/m, '');
	const firstLink = out.search(/^\[[^\]]+\]: /m);
	out = firstLink >= 0
		? `${out.slice(0, firstLink)}${links.join('\n')}\n${out.slice(firstLink)}`
		: `${out.trimEnd()}\n\n${links.join('\n')}\n`;
	return out.replace(/\n{3,}/g, '\n\n');
}

module.exports = { nextVersion, releaseChangelog };
