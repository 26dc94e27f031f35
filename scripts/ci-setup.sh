#!/usr/bin/env bash
# Install what xinfang's tests need, if missing. Idempotent: when everything
# is there it only checks (well under a second) and touches nothing.
#
#   postgresql        server binaries for scripts/pg-test-server.sh
#   chromium          headless browser for the browser test
#   chromium-driver   chromedriver, which drives it
#   poppler-utils     pdftotext, to read generated PDFs in tests
#   fonts-noto-cjk    CJK glyphs, so Chinese text renders in pages and PDFs
#   libreoffice-calc-nogui
#                     soffice, to print exported ledgers to PDF as a township
#                     would (crates/forms/tests/ledger_print.rs); measured on
#                     Debian 12: 56 packages, 88 MB download, about 30 s
#
# Debian (apt-get); needs root (or sudo) only when something is missing.
set -euo pipefail

say() { printf 'ci-setup: %s\n' "$*"; }

t0=$(date +%s)

has_pkg() {
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]
}

has_pg_server() {
    local d
    if command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null || true)
        [[ -n $d && -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] && return 0
    fi
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] && return 0
    done
    return 1
}

missing=()
has_pg_server || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
has_pkg fonts-noto-cjk || missing+=(fonts-noto-cjk)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)

if ((${#missing[@]} == 0)); then
    say "nothing to install: postgresql server, chromium, chromedriver, pdftotext, fonts-noto-cjk, soffice all present ($(($(date +%s) - t0))s)"
    exit 0
fi

say "missing: ${missing[*]}"

if ! command -v apt-get >/dev/null 2>&1; then
    say "error: apt-get not found; install these packages by hand: ${missing[*]}" >&2
    exit 1
fi
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        say "error: not root and no sudo; as root run: apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

# Retry a couple of times: a registry hiccup should not fail CI.
retry() {
    local n
    for n in 1 2 3; do
        if "$@"; then return 0; fi
        say "attempt $n failed: $*"
        sleep $((n * 5))
    done
    return 1
}

say "apt-get update"
retry "${SUDO[@]}" apt-get "${apt_opts[@]}" -q update </dev/null

say "apt-get install ${missing[*]}"
retry "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get "${apt_opts[@]}" -q -y --no-install-recommends install "${missing[@]}" </dev/null

# Check that what we installed is now really there.
fail=0
has_pg_server || { say "error: PostgreSQL server binaries still not found" >&2; fail=1; }
command -v chromium >/dev/null 2>&1 || { say "error: chromium still not found" >&2; fail=1; }
command -v chromedriver >/dev/null 2>&1 || { say "error: chromedriver still not found" >&2; fail=1; }
command -v pdftotext >/dev/null 2>&1 || { say "error: pdftotext still not found" >&2; fail=1; }
has_pkg fonts-noto-cjk || { say "error: fonts-noto-cjk still not installed" >&2; fail=1; }
command -v soffice >/dev/null 2>&1 || { say "error: soffice (libreoffice-calc-nogui) still not found" >&2; fail=1; }
((fail == 0)) || exit 1

say "installed ${missing[*]} ($(($(date +%s) - t0))s)"
