#!/usr/bin/env bash
# A fresh clone stays clean. .ci/run runs `test/clean-clone.sh begin` first, with TMPDIR
# pointing at an empty folder of its own, and `test/clean-clone.sh check` last, after npm ci,
# npm test, npm run lint and the e2e suite. The check asserts that:
#  1. git status shows nothing;
#  2. a failing `npm test` still removes its temp folders;
#  3. a start and stop of `npm run dev` leaves git status empty, and its n8n log has no
#     call to n8n's own servers (api.n8n.io) and no deprecated variable but the one n8n
#     always names (N8N_RUNNERS_MODE: internal task runners);
#  4. nothing is left in TMPDIR, and nothing new in $HOME but npm's own folder (~/.npm)
#     and the cache folder the README names (~/.cache/n8n-nodes-connected-packaging).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

HOME_BEFORE=.cache/clean-clone-home-before.txt
home_entries() {
	(ls -A "$HOME" | sed 's|^|~/|'; ls -A "${XDG_CACHE_HOME:-$HOME/.cache}" 2>/dev/null | sed 's|^|cache/|') | sort
}
if [ "${1:-}" = begin ]; then
	mkdir -p .cache
	home_entries >"$HOME_BEFORE"
	exit 0
fi
[ "${1:-}" = check ] || { echo "usage: test/clean-clone.sh begin|check" >&2; exit 2; }

fail() {
	printf 'clean-clone: FAIL: %s\n' "$1" >&2
	exit 1
}
git_clean_after() {
	local status
	status=$(git status --porcelain --untracked-files=all)
	[ -z "$status" ] || fail "git status is not empty after $1:
$status"
	echo "clean-clone: git status empty after $1"
}

git_clean_after "the steps before"

# 2. A failing test run.
if npx jest --config test/jest.config.js --testMatch '<rootDir>/harness/failing.fixture.ts' >/dev/null 2>&1; then
	fail "test/harness/failing.fixture.ts passed; it must fail"
fi
leftovers=$(find .cache/tmp -mindepth 1 -maxdepth 1 2>/dev/null || true)
[ -z "$leftovers" ] || fail "a failing npm test left temp folders: $leftovers"
git_clean_after "a failing test run"
echo "clean-clone: a failing test run removed its temp folders"

# 3. npm run dev, started and stopped as with Ctrl-C (SIGINT to its process group).
dev_log=.cache/clean-clone-dev.log
mkdir -p .cache
setsid npm run dev >"$dev_log" 2>&1 </dev/null &
dev_pid=$!
for _ in $(seq 1 600); do
	grep -q ' is ready ' "$dev_log" && break
	kill -0 "$dev_pid" 2>/dev/null || { cat "$dev_log" >&2; fail "npm run dev exited before it was ready"; }
	sleep 1
done
grep -q ' is ready ' "$dev_log" || { kill -INT -- "-$dev_pid"; cat "$dev_log" >&2; fail "npm run dev was not ready within 10 minutes"; }
kill -INT -- "-$dev_pid"
wait "$dev_pid" || true
grep -q '\[dev\] stopped' "$dev_log" || { cat "$dev_log" >&2; fail "npm run dev did not stop on SIGINT"; }
n8n_log=$(sed -n 's/.*(log: \(.*n8n\.log\)).*/\1/p' "$dev_log" | head -n 1)
[ -f "$n8n_log" ] || fail "no n8n log named in $dev_log"
if grep -n 'api\.n8n\.io\|ENOTFOUND' "$n8n_log" >&2; then fail "the dev n8n called n8n's servers (above, from $n8n_log)"; fi
deprecated=$(grep '^ - [A-Z_]* -> ' "$n8n_log" | grep -v '^ - N8N_RUNNERS_MODE -> ' || true)
[ -z "$deprecated" ] || fail "the dev n8n warns about deprecated settings:
$deprecated"
rm -f "$dev_log"
git_clean_after "a start and stop of npm run dev"
echo "clean-clone: npm run dev made no call to api.n8n.io and named no deprecated variable but N8N_RUNNERS_MODE"

# 4. Outside the clone.
if [ -n "${TMPDIR:-}" ] && [ "$TMPDIR" != /tmp ]; then
	leftovers=$(find "$TMPDIR" -mindepth 1 -maxdepth 1)
	[ -z "$leftovers" ] || fail "left in the temp folder $TMPDIR:
$leftovers"
	echo "clean-clone: nothing left in the temp folder"
fi
if [ -f "$HOME_BEFORE" ]; then
	new=$(comm -13 "$HOME_BEFORE" <(home_entries) | grep -vx '~/.npm\|~/.cache\|cache/n8n-nodes-connected-packaging' || true)
	[ -z "$new" ] || fail "new in \$HOME or its .cache:
$new"
	rm -f "$HOME_BEFORE"
	echo "clean-clone: nothing new in \$HOME but ~/.npm and the n8n-nodes-connected-packaging cache"
fi
echo "clean-clone: passed"
