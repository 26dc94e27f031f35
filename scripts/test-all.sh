#!/usr/bin/env bash
# Run all of xinfang's tests: once on SQLite (with the headless-Chromium test)
# and once on PostgreSQL (a private throw-away server on 127.0.0.1:55432).
#
#   scripts/test-all.sh [extra cargo-nextest args, e.g. a test filter]
#
# Installs what the tests need first (scripts/ci-setup.sh: fast no-op when all
# is present). Both runs always happen; exits non-zero if either failed.
# Env: XINFANG_BROWSER_TESTS (default 1 for the SQLite run),
#      XINFANG_PG_DIR / XINFANG_PG_PORT (see scripts/pg-test-server.sh).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

T0=$(date +%s)
phase() { printf '\n==== [%s +%ss] %s\n' "$(date '+%H:%M:%S')" "$(($(date +%s) - T0))" "$*"; }

phase "test setup (scripts/ci-setup.sh)"
bash scripts/ci-setup.sh

phase "PostgreSQL test server"
started_pg=0
if bash scripts/pg-test-server.sh status >/dev/null 2>&1; then
    echo "already running; leaving it running afterwards"
else
    started_pg=1
fi
stop_pg() {
    if ((started_pg)); then
        bash scripts/pg-test-server.sh stop || true
    fi
}
trap stop_pg EXIT
bash scripts/pg-test-server.sh start
PG_URL=$(bash scripts/pg-test-server.sh url)

sqlite_rc=0
phase "tests on SQLite (XINFANG_BROWSER_TESTS=${XINFANG_BROWSER_TESTS:-1})"
env -u XINFANG_TEST_PG XINFANG_BROWSER_TESTS="${XINFANG_BROWSER_TESTS:-1}" \
    cargo nextest run --workspace --no-fail-fast "$@" || sqlite_rc=$?

pg_rc=0
phase "tests on PostgreSQL ($PG_URL)"
env -u XINFANG_BROWSER_TESTS XINFANG_TEST_PG="$PG_URL" \
    cargo nextest run --workspace --no-fail-fast "$@" || pg_rc=$?
if ((!started_pg)); then
    # A server we found running stays up: take the tests' databases off it.
    bash scripts/pg-test-server.sh clean || true
fi

phase "test summary"
echo "SQLite run:     $([[ $sqlite_rc -eq 0 ]] && echo ok || echo "FAILED (exit $sqlite_rc)")"
echo "PostgreSQL run: $([[ $pg_rc -eq 0 ]] && echo ok || echo "FAILED (exit $pg_rc)")"
if ((sqlite_rc != 0 || pg_rc != 0)); then
    exit 1
fi
