#!/usr/bin/env bash
# Seed corpora for the fuzz targets: the project's own docs (docs-input/, split into what
# each target reads) and the synthetic seeds in seeds/. Usage: seed.sh OUT_DIR
# Writes OUT_DIR/<target>/ for page, annotation, http, json and table.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
docs=$here/../../docs-input
out=$1
for t in page annotation http json table; do
  mkdir -p "$out/$t"
  cp "$here/seeds/$t/"* "$out/$t/" 2>/dev/null || true
done
n=0
while IFS= read -r -d '' f; do
  n=$((n + 1))
  # page: the first byte picks the kind of page ('r' even: resource, 'a' odd: API).
  case $f in
    */resources/*) { printf r; cat "$f"; } > "$out/page/docs-$n" ;;
    *) { printf a; cat "$f"; } > "$out/page/docs-$n" ;;
  esac
  # table: every table row of the page.
  grep '^|' "$f" > "$out/table/docs-$n" || rm -f "$out/table/docs-$n"
  # annotation, http, json: one file per comment or fenced block.
  awk -v dir="$out" -v n="$n" '
    function emit(kind) { k[kind]++; f = dir "/" kind "/docs-" n "-" k[kind]; printf "%s", buf > f; close(f) }
    mode == "" && /<!--/ { s = $0; sub(/.*<!--/, "", s); if (s ~ /-->/) { sub(/-->.*/, "", s); buf = s; emit("annotation") } else { mode = "c"; buf = s "\n" } next }
    mode == "c" { if ($0 ~ /-->/) { s = $0; sub(/-->.*/, "", s); buf = buf s; emit("annotation"); mode = "" } else buf = buf $0 "\n"; next }
    mode == "" && /^```(http|json)/ { mode = ($0 ~ /^```http/) ? "http" : "json"; buf = ""; next }
    (mode == "http" || mode == "json") && /^```/ { emit(mode); mode = ""; next }
    mode == "http" || mode == "json" { buf = buf $0 "\n" }
  ' "$f"
done < <(find "$docs" -name '*.md' -print0 | sort -z)
for t in page annotation http json table; do
  echo "seeds: $t $(ls "$out/$t" | wc -l)"
done
