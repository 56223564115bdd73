'use strict';
// Who publishes: n8n's verification guidelines want the npm maintainer and the repository's author to match, and
// npm's provenance ties each tarball to the GitHub repository that built it. So neither may be a placeholder.

// Domains reserved for examples and tests (RFC 2606 and RFC 6761): nobody receives mail or hosts code there.
const RESERVED_DOMAIN = /(^|\.)(example|test|invalid|localhost)$|(^|\.)example\.(com|net|org)$/i;

function hostOf(value) {
	const match = /@([^@\s>]+)>?$/.exec(value) ?? /^(?:git\+)?[a-z]+:\/\/(?:[^@/]+@)?([^/:]+)/i.exec(value);
	return match ? match[1] : '';
}

/** `owner/name` of a GitHub repository URL, or null. */
function githubRepository(url) {
	const match = /github\.com[/:]([^/]+)\/([^/#]+?)(?:\.git)?(?:[/#].*)?$/i.exec(url ?? '');
	return match ? `${match[1]}/${match[2]}` : null;
}

/**
 * What still has to be set before publishing, as sentences; empty when nothing.
 * `githubRepository` is where the publish runs (GITHUB_REPOSITORY in GitHub Actions), when known.
 */
function placeholderProblems(pkg, { runningIn } = {}) {
	const problems = [];
	const author = typeof pkg.author === 'string' ? { name: pkg.author } : (pkg.author ?? {});
	if (!author.name || /<|>|\{\{/.test(author.name)) problems.push('package.json "author.name" is not set');
	if (!author.email) problems.push('package.json "author.email" is not set: use the npm maintainer\'s address');
	else if (RESERVED_DOMAIN.test(hostOf(author.email))) {
		problems.push(`package.json "author.email" ${author.email} is a placeholder: use the npm maintainer's address`);
	}
	const url = pkg.repository?.url ?? '';
	const repository = githubRepository(url);
	if (!repository || /[<>]/.test(url) || RESERVED_DOMAIN.test(hostOf(url))) {
		problems.push(`package.json "repository.url" ${url || '(none)'} is not a GitHub repository`);
	} else if (runningIn && runningIn.toLowerCase() !== repository.toLowerCase()) {
		problems.push(`package.json "repository.url" names ${repository}, but this runs in ${runningIn}: npm provenance would not match`);
	}
	return problems;
}

module.exports = { placeholderProblems, githubRepository };
