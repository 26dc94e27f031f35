#!/usr/bin/env bash
# Cut Noto Serif CJK SC (SIL OFL 1.1, Debian's fonts-noto-cjk) down to the
# characters a notice needs, for xinfang-forms to embed with include_bytes!.
#
# Coverage: ASCII, Latin-1, general punctuation (— “ ” … ‰), CJK symbols and
# punctuation (U+3000–303F), full-width forms (U+FF01–FF5E), all of GB 2312
# (6763 hanzi and its symbol rows), all 8105 characters of the 通用规范汉字表
# (level 3 holds most name characters: 堃 喆 昇 犇 垚 燚 珺 …; read from
# Unihan's kTGH field in Debian's unicode-data), and
# crates/forms/fonts/extra-chars.txt (name characters outside both).
#
# Needs: apt-get install fonts-noto-cjk unicode-data; pip install fonttools.
# Usage: scripts/subset-font.sh   (from anywhere; writes into crates/forms/fonts/)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
src="${NOTO_SERIF_CJK_TTC:-/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc}"
unihan="${UNIHAN_OTHER_MAPPINGS:-/usr/share/unicode/Unihan_OtherMappings.txt.bz2}"
copyright="${NOTO_COPYRIGHT:-/usr/share/doc/fonts-noto-cjk/copyright}"
out_dir="$root/crates/forms/fonts"

for f in "$src" "$unihan" "$copyright"; do
    [[ -r "$f" ]] || { echo "missing $f (apt-get install fonts-noto-cjk unicode-data)" >&2; exit 1; }
done
python3 -c 'import fontTools' 2>/dev/null || { echo "missing fontTools (pip install fonttools)" >&2; exit 1; }

python3 - "$src" "$unihan" "$copyright" "$out_dir" <<'PY'
import bz2, os, re, sys
from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

src, unihan, copyright_file, out_dir = sys.argv[1:]

# The .ttc holds JP, KR, SC, TC, HK faces; pick SC by name, not by position.
names = [f["name"].getDebugName(1) for f in TTCollection(src).fonts]
index = names.index("Noto Serif CJK SC")
print(f"{src}: faces {names}; Simplified Chinese is index {index}")

cps = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
cps |= set(range(0x2010, 0x2030)) | {0x2030, 0x203B, 0x2103, 0x2116}
cps |= set(range(0x3000, 0x3040)) | set(range(0xFF01, 0xFF5F))
gb2312 = set()
for row in range(0xA1, 0xF8):
    for col in range(0xA1, 0xFF):
        try:
            gb2312.add(ord(bytes([row, col]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
tgh = set()
with bz2.open(unihan, "rt", encoding="utf-8") as f:
    for line in f:
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 3 and parts[1] == "kTGH":
            tgh.add(int(parts[0][2:], 16))
assert len(tgh) == 8105, f"kTGH lists {len(tgh)} characters, expected 8105"
extra = set()
with open(os.path.join(out_dir, "extra-chars.txt"), encoding="utf-8") as f:
    for line in f:
        if not line.startswith("#"):
            extra |= {ord(c) for c in line.strip() if not c.isspace()}
cps |= gb2312 | tgh | extra

font = TTFont(src, fontNumber=index)
missing = sorted(c for c in cps if c >= 0x3400 and c not in font.getBestCmap())
if missing:
    print("not in the source font:", "".join(map(chr, missing)))
# Drop the Unicode Variation Sequences subtable: it would pull thousands of
# Japanese ideograph variants into the subset.
font["cmap"].tables = [t for t in font["cmap"].tables if t.format != 14]
opts = subset.Options()
# Keep what horizontal Chinese text uses (kerning, CJK punctuation widths).
opts.layout_features = ["kern", "liga", "halt", "palt", "vert", "vkrn", "vhal", "vpal"]
opts.hinting = False
opts.name_IDs = ["*"]
opts.name_languages = ["*"]
opts.notdef_outline = True
subsetter = subset.Subsetter(opts)
subsetter.populate(unicodes=sorted(cps))
subsetter.subset(font)
out = os.path.join(out_dir, "NotoSerifCJKsc-Subset.otf")
font.save(out)
print(f"{out}: {len(cps)} code points requested, {len(font.getGlyphOrder())} glyphs, "
      f"{os.path.getsize(out)} bytes")

# OFL.txt: the font's own copyright line plus Debian's copy of the licence.
text = open(copyright_file, encoding="utf-8").read()
body = text.split("License: SIL-1.1\n", 2)[2].split("\nLicense: ", 1)[0]
licence = "\n".join("" if l.strip() == "." else l[1:] for l in body.splitlines())
head = (
    "NotoSerifCJKsc-Subset.otf is a subset of Noto Serif CJK SC (Regular, version "
    "2.001), taken from Debian's fonts-noto-cjk package\n(NotoSerifCJK-Regular.ttc, "
    f"face {index}) by scripts/subset-font.sh. It is a Modified Version under the "
    "licence below.\n\n"
    f"{font['name'].getDebugName(0)}\n{font['name'].getDebugName(7)}\n\n"
)
with open(os.path.join(out_dir, "OFL.txt"), "w", encoding="utf-8") as f:
    f.write(head + licence.strip() + "\n")
PY
