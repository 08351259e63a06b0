#!/usr/bin/env bash
# Re-fetch the static assets Logbog serves itself (htmx, the fonts of the
# printed pages and the Urdu Nastaliq font, the icon sprite) from the npm
# registry and rebuild them from scratch.
#
#   bash static/vendor/fetch.sh
#
# To update an asset, change its pinned version below and run this once; then
# update the paths in templates (htmx and font directories carry the version)
# and static/vendor/README.md, and commit the result. `make run` never needs
# this script: its output is committed.
#
# Needs: bash, npm, tar, python3 with the venv module (fonttools, brotli and
# uharfbuzz are installed into a throw-away venv under the temp dir).
set -euo pipefail

HTMX_VERSION="2.0.11"                 # npm htmx.org (latest 2.x)
NASTALIQ_VERSION="5.3.0"              # npm @fontsource/noto-nastaliq-urdu
NOTO_SANS_VERSION="5.3.0"             # npm @fontsource/noto-sans
NASKH_VERSION="4.5.12"                # npm @fontsource/noto-naskh-arabic (font 2.016: see README)
NASKH_LICENSE_VERSION="5.3.0"         # the 4.x package carries no OFL text; the 5.x one does
MATH_VERSION="5.3.0"                  # npm @fontsource/noto-sans-math (only its arrows)
TABLER_VERSION="3.51.0"               # npm @tabler/icons
FONTTOOLS_PIP=("fonttools==4.68.0" "brotli==1.2.1" "uharfbuzz==0.57.0")

# Code points kept in the Urdu subset: the Urdu alphabet (with the Arabic forms
# of kaf, yeh, heh and teh marbuta that Urdu keyboards also type, and the
# hamza carriers), its marks, Urdu and Arabic-Indic digits, Urdu punctuation,
# space, NBSP and the joiners. Not the letters of other languages written in
# Arabic script (Sindhi, Pashto, ...): their contextual forms were a fifth of the
# file. Nastaliq's size is in its contextual forms (GSUB `rlig`, some 640 of
# its glyphs): without them the file would be 12 KB and the text would not be
# Nastaliq. Only code points the font has end up in it; it has no ASCII digits
# or Latin punctuation, so those fall back to the next font in the CSS stack.
URDU_UNICODES="U+0020,U+00A0,U+060C,U+061B,U+061F,U+0621-063A,U+0640-0658,U+0660-066C,U+0670,U+0679,U+067E,U+0686,U+0688,U+0691,U+0698,U+06A9,U+06AF,U+06BA,U+06BE,U+06C0-06C3,U+06CC,U+06D2-06D4,U+06F0-06F9,U+200C-200F,U+2010-2011"
# Text that must shape as the source font shapes it (besides every Urdu message
# of the app's catalog): each letter alone, first, in the middle and last.
URDU_TEST_TEXT="آج آپ کو کتنا درد ہوا؟ ٹ پ چ ڈ ڑ ژ ک گ ں ھ ہ ۃ ی ے ۓ ۔ ، ؛ ۰۱۲۳۴۵۶۷۸۹ ٫ ٬"
URDU_LETTERS="ء آ أ ؤ إ ئ ا ب پ ت ٹ ث ج چ ح خ د ڈ ذ ر ڑ ز ژ س ش ص ض ط ظ ع غ ف ق ک ك گ ل م ن ں و ہ ه ھ ۂ ۃ ة ی ي ى ے ۓ"
# Noto Naskh Arabic (the printed pages): the code points of Fontsource's "arabic" subset file plus the two that
# file lacks, the space and the no-break space. Without them Pango draws a space inside Arabic text with the Naskh
# face all the same (it never looks for another font for a space) and the PDF shows an empty box between words.
NASKH_EXTRA_UNICODES="U+0020,U+00A0"
# Text that must shape as the full font shapes it (besides every Arabic message of the app's catalog); the
# second sentence has no-break spaces. Arabic script only: Latin punctuation comes from Noto Sans.
ARABIC_TEST_TEXT="أنا بخير اليوم، أنا بخير اليوم؛ ظهري يؤلمني كثيرا بعد العمل؟ فاطمة حداد، المطبخ؛ لا لله ٠١٢٣٤٥٦٧٨٩ ٫ ٬ ﻻ"
ARABIC_LETTERS="ء آ أ ؤ إ ئ ا ب ة ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ى ي پ چ ژ گ ک ی"

# Sprite ids -> tabler outline icon. "a+b" draws several icons in one symbol,
# each given as name@scale,dx,dy (stroke width kept visually at ~1.6).
ICON_MAP="$(cat <<'EOF'
# --- UI
call                phone-call
week                calendar-week
today               calendar-event
work                briefcase
language            language
save                circle-check
edit                pencil
back                arrow-left
info                info-circle
lock                lock
eye                 eye
clock               clock
users               users
note                message-circle
hard                alert-triangle
sent                cloud-check
offline             cloud-off
pain                bandage
work-difficulty     briefcase
breaks              coffee
evening             moon
home                home
plus                plus
minus               minus
hours               hourglass
qr                  qrcode
scan                scan
tap                 hand-finger
phone               device-mobile
print               printer
logout              logout
search              search
user-plus           user-plus
chart               chart-line
flag                flag
download            download
key                 key
settings            settings
speaker             volume
microphone          microphone
player-stop         player-stop
trash               trash
tasks               list-check
body                body-scan
nowhere             mood-smile
# --- attendance
attend-full         circle-check
attend-early        door-exit
attend-absent       circle-x
# --- reasons
reason-pain         bandage
reason-tired        zzz
reason-unwell       mood-sad
reason-too-hard     barbell
reason-family       baby-carriage
reason-other        dots
reason-ill          thermometer
reason-appointment  stethoscope
reason-transport    bus
told-yes            phone-check
told-no             phone-x
# --- breaks
breaks-none         coffee-off
breaks-some         coffee
breaks-many         coffee@0.52,-1.5,11+coffee@0.52,10.5,11+coffee@0.52,4.5,0
# --- evening energy (batteries, full -> empty)
evening-1           battery-4
evening-2           battery-3
evening-3           battery-2
evening-4           battery-1
evening-5           battery
# --- internship tasks
task-cleaning       spray
task-sweeping       bucket
task-cooking        chef-hat
task-dishes         bowl
task-stock          truck-loading
task-laundry        wash-machine
task-cashier        cash-register
task-care           heart-handshake
task-office         file-text
task-garden         plant
task-sewing         needle-thread
task-childcare      baby-bottle
task-reception      device-landline-phone
task-shop           shopping-cart
task-packing        packages
task-ironing        ironing
task-food-serving   tools-kitchen-2
task-other          dots
EOF
)"

VENDOR_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATIC_DIR="$(dirname "$VENDOR_DIR")"
ICONS_DIR="$STATIC_DIR/icons"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/logbog-vendor.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

unpack() { # npm-spec -> prints the unpacked package dir
  local spec="$1" dir tgz
  dir="$WORK/pkg-$(echo "$spec" | tr '/@' '__')"
  mkdir -p "$dir"
  tgz="$(cd "$dir" && npm pack --silent "$spec" 2>/dev/null | tail -n 1)"
  tar -xzf "$dir/$tgz" -C "$dir"
  echo "$dir/package"
}

echo "== npm pack"
HTMX_PKG="$(unpack "htmx.org@$HTMX_VERSION")"
FONT_PKG="$(unpack "@fontsource/noto-nastaliq-urdu@$NASTALIQ_VERSION")"
TABLER_PKG="$(unpack "@tabler/icons@$TABLER_VERSION")"
SANS_PKG="$(unpack "@fontsource/noto-sans@$NOTO_SANS_VERSION")"
NASKH_PKG="$(unpack "@fontsource/noto-naskh-arabic@$NASKH_VERSION")"
NASKH_LICENSE_PKG="$(unpack "@fontsource/noto-naskh-arabic@$NASKH_LICENSE_VERSION")"
MATH_PKG="$(unpack "@fontsource/noto-sans-math@$MATH_VERSION")"

# --- 1. htmx -----------------------------------------------------------------
echo "== htmx $HTMX_VERSION"
rm -rf "$VENDOR_DIR"/htmx-*/
HTMX_DIR="$VENDOR_DIR/htmx-$HTMX_VERSION"
mkdir -p "$HTMX_DIR"
cp "$HTMX_PKG/dist/htmx.min.js" "$HTMX_DIR/htmx.min.js"
cp "$HTMX_PKG/LICENSE" "$HTMX_DIR/LICENSE"

# --- 2. Noto Nastaliq Urdu, weight 400, subset to Urdu ------------------------
echo "== noto-nastaliq-urdu $NASTALIQ_VERSION"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "${FONTTOOLS_PIP[@]}"
"$WORK/venv/bin/python" -c 'import fontTools, brotli, sys; print("   fonttools", fontTools.version, "brotli", brotli.__version__, sys.version.split()[0])'
# A subset must shape the language as its source font does: the same glyphs (by outline: glyph ids differ between
# the two files) at the same positions for the test text, each letter alone, first, in the middle and last, and
# every message of the language's catalog; and no .notdef (glyph id 0). Used for the Urdu and the Naskh subsets.
cat >"$WORK/same_shaping.py" <<'PY'
import ast
import io
import sys

import uharfbuzz as hb
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

source_path, subset_path, test_text, letters, catalog = sys.argv[1:6]
language = catalog.split("/")[-3]  # translations/<language>/LC_MESSAGES/messages.po


def hb_font(path):
    """The font for HarfBuzz, and each glyph id's outline (ids differ between the two files: outlines must not)."""
    buf = io.BytesIO()
    f = TTFont(path)
    f.flavor = None
    f.save(buf)
    glyphs, order, outlines = f.getGlyphSet(), f.getGlyphOrder(), {}

    def outline(gid):
        if gid not in outlines:
            pen = DecomposingRecordingPen(glyphs)
            glyphs[order[gid]].draw(pen)
            outlines[gid] = (gid == 0, repr(pen.value))
        return outlines[gid]
    return hb.Font(hb.Face(buf.getvalue())), outline


def shaped(font, outline, text):
    b = hb.Buffer()
    b.add_str(text)
    b.guess_segment_properties()
    hb.shape(font, b, {})
    return [(outline(i.codepoint), i.cluster, p.x_advance, p.y_advance, p.x_offset, p.y_offset)
            for i, p in zip(b.glyph_infos, b.glyph_positions)]


def catalog_texts(path):
    """Every translation in a .po file (a msgstr and its continuation lines)."""
    texts, current = [], None
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line.startswith("msgstr"):
            current = [line.split(" ", 1)[1]]
            texts.append(current)
        elif line.startswith('"') and current is not None:
            current.append(line)
        else:
            current = None
    return [t for t in ("".join(ast.literal_eval(q) for q in parts) for parts in texts) if t]


def arabic_script(text):
    """The text's Arabic-script runs (Latin, digits and symbols come from the next font in the CSS stack)."""
    return "".join(c if c in " \u00a0\u200c\u200d" or "\u0600" <= c <= "\u06ff" else " " for c in text).strip()


messages = [text for text in map(arabic_script, catalog_texts(catalog)) if text]
texts = [test_text] + [f"{c} {c}ب ب{c}ب ب{c}" for c in letters.split()] + messages
(source, source_outline), (subset, subset_outline) = hb_font(source_path), hb_font(subset_path)
notdef = differ = 0
for text in texts:
    mine = shaped(subset, subset_outline, text)
    notdef += sum(1 for (is_notdef, _), *_ in mine if is_notdef)
    differ += mine != shaped(source, source_outline, text)
print(f"   shaped {len(texts)} texts ({sum(map(len, texts))} chars): {differ} differ from the source font, "
      f"{notdef} .notdef")
if notdef or differ:
    sys.exit(f"{subset_path}: the subset does not shape {language} text as the source font does")
PY
SRC_FONT="$FONT_PKG/files/noto-nastaliq-urdu-arabic-400-normal.woff2"
rm -rf "$VENDOR_DIR"/noto-nastaliq-urdu-*/
FONT_DIR="$VENDOR_DIR/noto-nastaliq-urdu-$NASTALIQ_VERSION"
mkdir -p "$FONT_DIR"
OUT_FONT="$FONT_DIR/noto-nastaliq-urdu-400.woff2"
# HarfBuzz's repacker (used when uharfbuzz, needed for the check below, is installed) packs GSUB to half the size
# but leaves it harder to compress: 115.6 KB of WOFF2 against 101.8 KB with fontTools' own serializer.
"$WORK/venv/bin/pyftsubset" "$SRC_FONT" \
  --unicodes="$URDU_UNICODES" \
  --layout-features='*' --layout-scripts='*' --no-harfbuzz-repacker \
  --flavor=woff2 --output-file="$OUT_FONT"
cp "$FONT_PKG/LICENSE" "$FONT_DIR/OFL.txt"
echo "   source $(wc -c <"$SRC_FONT") bytes -> subset $(wc -c <"$OUT_FONT") bytes"
# The subset must shape Urdu exactly as the source font does: the same glyphs at the same positions for the test
# text, each letter in every position, and every Urdu message of the catalog; and no .notdef (glyph id 0).
"$WORK/venv/bin/python" "$WORK/same_shaping.py" "$SRC_FONT" "$OUT_FONT" "$URDU_TEST_TEXT" "$URDU_LETTERS" \
  "$STATIC_DIR/../translations/ur/LC_MESSAGES/messages.po"

# --- 2b. the fonts of the printed pages (static/css/fonts.css) ------------------
# Noto Sans (Latin and Latin Extended, 400/700, upright and italic) as Fontsource
# ships it, Noto Naskh Arabic (Arabic, 400/700: see below), and the arrows block
# of Noto Sans Math (Noto Sans has no arrows). Naskh stays at font version 2.016:
# 2.021 draws the dots as glyphs shared between letters, and a PDF's text then
# no longer reads back (copying or searching her name gives other letters).
echo "== noto-sans $NOTO_SANS_VERSION, noto-naskh-arabic $NASKH_VERSION, noto-sans-math $MATH_VERSION"
rm -rf "$VENDOR_DIR"/noto-sans-[0-9]*/ "$VENDOR_DIR"/noto-naskh-arabic-*/ "$VENDOR_DIR"/noto-sans-math-*/
SANS_DIR="$VENDOR_DIR/noto-sans-$NOTO_SANS_VERSION"
NASKH_DIR="$VENDOR_DIR/noto-naskh-arabic-$NASKH_VERSION"
MATH_DIR="$VENDOR_DIR/noto-sans-math-$MATH_VERSION"
mkdir -p "$SANS_DIR" "$NASKH_DIR" "$MATH_DIR"
for subset in latin latin-ext; do
  for weight in 400 700; do
    for style in normal italic; do
      cp "$SANS_PKG/files/noto-sans-$subset-$weight-$style.woff2" "$SANS_DIR/"
    done
  done
done
cp "$SANS_PKG/LICENSE" "$SANS_DIR/OFL.txt"
# Fontsource's "arabic" subset file has no space and no no-break space, and Pango draws a space in Arabic text with
# the Arabic face all the same: an empty box between words in the PDF. So each weight is cut from the full font of
# the same package (noto-naskh-arabic-all-*.woff, font version 2.016) to the code points of Fontsource's "arabic"
# file plus U+0020 and U+00A0 (the font's own space, 221 units). The letters keep their outlines, advances and
# hinting; the check below shapes Arabic with the subset and with the full font.
for weight in 400 700; do
  naskh_arabic="$NASKH_PKG/files/noto-naskh-arabic-arabic-$weight-normal.woff2"
  naskh_full="$NASKH_PKG/files/noto-naskh-arabic-all-$weight-normal.woff"
  naskh_out="$NASKH_DIR/noto-naskh-arabic-arabic-$weight-normal.woff2"
  naskh_unicodes="$("$WORK/venv/bin/python" -c 'import sys; from fontTools.ttLib import TTFont
print(",".join("U+%04X" % c for c in sorted(TTFont(sys.argv[1]).getBestCmap())))' "$naskh_arabic")"
  "$WORK/venv/bin/pyftsubset" "$naskh_full" \
    --unicodes="$naskh_unicodes,$NASKH_EXTRA_UNICODES" \
    --layout-features='*' --layout-scripts='*' --name-IDs='*' --no-prune-codepage-ranges --no-harfbuzz-repacker \
    --flavor=woff2 --output-file="$naskh_out"
  echo "   naskh $weight: fontsource arabic $(wc -c <"$naskh_arabic") bytes, full $(wc -c <"$naskh_full") bytes -> subset $(wc -c <"$naskh_out") bytes"
  "$WORK/venv/bin/python" - "$naskh_arabic" "$naskh_out" <<'PY'
import sys

from fontTools.ttLib import TTFont

fontsource, subset = (TTFont(path) for path in sys.argv[1:3])
wanted = set(fontsource.getBestCmap()) | {0x20, 0xA0}
cmap = subset.getBestCmap()
if set(cmap) != wanted or subset["head"].fontRevision != fontsource["head"].fontRevision:
    sys.exit(f"{sys.argv[2]}: not Fontsource's arabic code points plus space and NBSP at font version 2.016")
if subset["hmtx"][cmap[0x20]][0] <= 0 or cmap[0xA0] != cmap[0x20]:
    sys.exit(f"{sys.argv[2]}: the space and the no-break space must be the font's own space")
PY
  "$WORK/venv/bin/python" "$WORK/same_shaping.py" "$naskh_full" "$naskh_out" "$ARABIC_TEST_TEXT" "$ARABIC_LETTERS" \
    "$STATIC_DIR/../translations/ar/LC_MESSAGES/messages.po"
done
cp "$NASKH_LICENSE_PKG/LICENSE" "$NASKH_DIR/OFL.txt"
"$WORK/venv/bin/pyftsubset" "$MATH_PKG/files/noto-sans-math-latin-400-normal.woff2" \
  --unicodes="U+2190-21FF" --layout-features='*' \
  --flavor=woff2 --output-file="$MATH_DIR/noto-sans-math-arrows-400.woff2"
cp "$MATH_PKG/LICENSE" "$MATH_DIR/OFL.txt"

# --- 3. icon sprite -------------------------------------------------------------
echo "== tabler icons $TABLER_VERSION"
mkdir -p "$ICONS_DIR"
cp "$TABLER_PKG/LICENSE" "$ICONS_DIR/LICENSE-tabler-icons.txt"
ICON_MAP="$ICON_MAP" python3 - "$TABLER_PKG/icons/outline" "$ICONS_DIR" "$TABLER_VERSION" <<'PY'
import os, re, sys
src, out_dir, version = sys.argv[1:4]
ATTRS = ('fill="none" stroke="currentColor" stroke-width="2" '
         'stroke-linecap="round" stroke-linejoin="round"')

def inner(name):
    path = os.path.join(src, name + ".svg")
    if not os.path.exists(path):
        sys.exit(f"tabler outline icon not found: {name}")
    svg = open(path, encoding="utf-8").read()
    body = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S).group(1)
    # drop tabler's invisible 24x24 bounding-box path
    body = re.sub(r'<path stroke="none" d="M0 0h24v24H0z" fill="none"\s*/>', "", body)
    body = re.sub(r'\s+(?:class|width|height)="[^"]*"', "", body)
    return " ".join(body.split()).replace("> <", "><")

def build(spec):
    parts = spec.split("+")
    if len(parts) == 1 and "@" not in spec:
        return inner(spec), spec
    chunks = []
    for p in parts:
        name, _, geo = p.partition("@")
        scale, dx, dy = (float(x) for x in geo.split(",")) if geo else (1.0, 0.0, 0.0)
        chunks.append(f'<g transform="translate({dx:g} {dy:g}) scale({scale:g})" '
                      f'stroke-width="{1.6 / scale:.3f}">{inner(name)}</g>')
    names = [p.partition("@")[0] for p in parts]
    return "".join(chunks), f"{len(names)} x {names[0]}" if len(set(names)) == 1 else " + ".join(names)

rows, symbols = [], []
for line in os.environ["ICON_MAP"].splitlines():
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    ident, spec = line.split()
    body, source = build(spec)
    symbols.append(f'<symbol id="i-{ident}" viewBox="0 0 24 24" {ATTRS}>{body}</symbol>')
    rows.append((ident, source))

with open(os.path.join(out_dir, "sprite.svg"), "w", encoding="utf-8") as f:
    f.write(f'<svg xmlns="http://www.w3.org/2000/svg">\n'
            f'<!-- Tabler Icons {version} (outline), MIT licence: see LICENSE-tabler-icons.txt. '
            f'Generated by static/vendor/fetch.sh; do not edit by hand. -->\n')
    f.write("\n".join(symbols) + "\n</svg>\n")

with open(os.path.join(out_dir, "README.md"), "w", encoding="utf-8") as f:
    f.write(f"""# Icons

`sprite.svg` holds one `<symbol>` per icon, drawn from
[Tabler Icons](https://tabler.io/icons) {version}, outline style (MIT licence, see
`LICENSE-tabler-icons.txt`). It is generated by `static/vendor/fetch.sh`: change
the icon map there and re-run it rather than editing the sprite by hand.

Use an icon like this; it is drawn in the current text colour:

```html
<svg class="icon" aria-hidden="true"><use href="/static/icons/sprite.svg#i-call"/></svg>
```

The symbols carry `fill="none" stroke="currentColor" stroke-width="2"
stroke-linecap="round" stroke-linejoin="round"` themselves; give `.icon` a size
(e.g. `width: 1.5em; height: 1.5em`). `i-back` points left; in a right-to-left
page flip it with `transform: scaleX(-1)` if it should point the reading way.

| id | tabler icon |
| --- | --- |
""")
    for ident, source in rows:
        f.write(f"| `i-{ident}` | `{source}` |\n")
print(f"   {len(rows)} symbols written")
PY

echo "== done"
ls -l "$HTMX_DIR" "$FONT_DIR" "$SANS_DIR" "$NASKH_DIR" "$MATH_DIR" "$ICONS_DIR"
