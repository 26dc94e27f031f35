#!/usr/bin/env bash
# Take the README's screenshots, docs/screenshots/*.png, in headless Chromium
# (the ignored test `browser::readme_screenshots`, through chromedriver).
#
#   scripts/screenshots.sh              against `xinfang demo` on a fresh database
#   scripts/screenshots.sh --test-data  against the test's own small data set
#
# Needs chromium and chromium-driver (scripts/ci-setup.sh installs them);
# with chromium-l10n installed, Chromium's own words (the file input) are Chinese.
# Env: XINFANG_SCREENSHOTS_PORT (default 18181) for the demo server,
#      XINFANG_SCREENSHOTS_DIR (default docs/screenshots),
#      XINFANG_SCREENSHOTS_CASE (e.g. /cases/260; default: the 待回访 case
#      with the longest timeline among the first in the list).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

run_test() {
    XINFANG_BROWSER_TESTS=1 cargo nextest run -p xinfang --run-ignored only \
        --no-capture readme_screenshots
}

if [[ ${1:-} == --test-data ]]; then
    run_test
    exit
fi

port=${XINFANG_SCREENSHOTS_PORT:-18181}
data=$(mktemp -d)
cargo build -q -p xinfang
bin=${CARGO_TARGET_DIR:-target}/debug/xinfang
"$bin" --data-dir "$data" demo --bind "127.0.0.1:$port" >"$data/demo.log" 2>&1 &
demo=$!
stop() {
    kill "$demo" 2>/dev/null || true
    wait "$demo" 2>/dev/null || true
    rm -rf "$data"
}
trap stop EXIT

for _ in $(seq 1 240); do
    if ! kill -0 "$demo" 2>/dev/null; then
        echo "screenshots: the demo server stopped:" >&2
        cat "$data/demo.log" >&2
        exit 1
    fi
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/login" 2>/dev/null; then
        break
    fi
    sleep 0.5
done
echo "screenshots: demo on 127.0.0.1:$port ($(head -n 2 "$data/demo.log" | tail -n 1))"

XINFANG_SCREENSHOTS_URL="http://127.0.0.1:$port" run_test
