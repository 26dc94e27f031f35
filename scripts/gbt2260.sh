#!/usr/bin/env bash
# Rebuild the body of crates/domain/data/gbt2260.txt (行政区划代码, GB/T 2260)
# from a checkout of the yescallop/areacodes data set (CC0; data/YYYY.txt,
# one "CODE NAME" a line per year), keeping the file's "#" header and its
# "统计" and "居住证" lines:
#
#   bash scripts/gbt2260.sh /path/to/areacodes > /tmp/gbt2260.txt
#
# Review the diff (a new year adds a handful of codes) and update the
# header's years before committing.
set -euo pipefail
src=${1:?usage: scripts/gbt2260.sh AREACODES_CHECKOUT}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data=$here/crates/domain/data/gbt2260.txt
last=$(ls "$src"/data/*.txt | sed 's#.*/##; s#\.txt##' | sort -n | tail -1)
grep '^#' "$data"
{
    for f in "$src"/data/*.txt; do
        y=$(basename "$f" .txt)
        awk -v y="$y" 'NF >= 2 { print $1, $2, y }' "$f"
    done
} | sort -k1,1 -k3,3n | awk -v last="$last" '
    $1 != code { if (code != "") emit(); code = $1; first = $3 }
    { name = $2; year = $3 }
    function emit() { print code, name, first "-" (year == last ? "" : year) }
    END { emit() }
' > /tmp/gbt2260.$$
grep -v '^#' "$data" | awk '$3 == "统计" || $3 == "居住证"' >> /tmp/gbt2260.$$
sort -u -k1,1 /tmp/gbt2260.$$
rm -f /tmp/gbt2260.$$
