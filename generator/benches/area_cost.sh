#!/usr/bin/env bash
# What each area feature of a generated crate costs a user's build (issue 26, figures in
# docs/build-cost.md): types compiled, `cargo check` after `touch src/lib.rs`, peak RSS.
set -euo pipefail
shopt -s inherit_errexit 2>/dev/null || true

usage() {
  cat <<'EOF'
usage: generator/benches/area_cost.sh [-n RUNS] [DOCS [AREA...]]

Builds the release `docgen`, generates DOCS as one crate with a feature per area (in a
temporary directory), prints `docgen stats DOCS --areas`, then for each AREA (a feature
name; `full` is every area): one warm-up `cargo check --features AREA`, then RUNS timed
`touch src/lib.rs; cargo check --features AREA`. Prints area, types compiled, median
check-after-touch seconds, peak RSS (max over the timed runs), warnings of the warm-up
check, and the median and worst area (`full` left out).

  -n RUNS   timed checks per area (default 3)
  DOCS      docs folder (default ../shared/corpus/graph-v1.0-en, beside the checkout)
  AREA...   features to measure (default: every area, then `full`)

Timings depend on the machine's load: compare figures from one run of this script.
EOF
}

runs=3
while getopts ":n:h" opt; do
  case $opt in
    n) runs=$OPTARG ;;
    h) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
  echo "error: -n wants a positive number of runs, got '$runs'" >&2; exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
docs=${1:-$root/../shared/corpus/graph-v1.0-en}
(( $# )) && shift
if [[ ! -d $docs ]]; then
  echo "error: docs folder '$docs' is missing (the corpus is ../shared/corpus beside the checkout)" >&2
  exit 1
fi
docs=$(cd "$docs" && pwd)
[[ -x /usr/bin/time ]] || { echo "error: /usr/bin/time (GNU time) is needed for peak RSS" >&2; exit 1; }

echo "== build docgen (release)"
(cd "$root" && cargo build --release -q -p docgen-cli)
docgen=${CARGO_TARGET_DIR:-$root/target}/release/docgen
[[ -x $docgen ]] || { echo "error: $docgen was not built" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/area-cost.XXXXXX")
trap 'rm -rf "$work"' EXIT
crate=$work/crate
# One target directory per run of the script: every area checks against the same
# dependencies, built once by the first warm-up.
export CARGO_TARGET_DIR=$work/target
export CARGO_TERM_COLOR=never

echo "== generate $docs"
start=$(date +%s.%N)
"$docgen" generate "$docs" --crate "$crate" --name graph-areas -q
echo "generated in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s, $(wc -l < "$crate/src/lib.rs") lines in src/lib.rs"
# A crate of its own, not a member of this checkout's workspace (as .ci/run does).
printf '\n[workspace]\n' >> "$crate/Cargo.toml"

echo "== docgen stats --areas"
"$docgen" stats "$docs" --areas
"$docgen" stats "$docs" --areas --json > "$work/areas.json"

features=$(sed -n 's/^full = \[\(.*\)\]$/\1/p' "$crate/Cargo.toml" | tr -d '",')
[[ -n $features ]] || { echo "error: the generated Cargo.toml has no \`full\` feature" >&2; exit 1; }
if (( $# )); then areas=("$@"); else read -ra areas <<< "$features full"; fi
for area in "${areas[@]}"; do
  if [[ $area != full && " $features " != *" $area "* ]]; then
    echo "error: no area '$area'; the areas are: full $features" >&2; exit 1
  fi
done

# Types compiled: the area's "reached" figure; `full` compiles every type (each belongs to
# exactly one area).
types_of() {
  if [[ $1 == full ]]; then jq '[.[].types] | add' "$work/areas.json"
  else jq --arg a "$1" '.[] | select(.area == $a) | .reached' "$work/areas.json"; fi
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

results=$work/results.tsv
: > "$results"
for area in "${areas[@]}"; do
  echo "== $area: warm-up check, then $runs timed checks after touch (load $(cut -d' ' -f1 /proc/loadavg))"
  log=$work/warm-$area.log
  if ! (cd "$crate" && cargo check --message-format short --features "$area") > "$log" 2>&1; then
    cat "$log" >&2; echo "error: the crate does not check with --features $area" >&2; exit 1
  fi
  warnings=$(grep -c '^src/.*: warning' "$log" || true)
  : > "$work/times"
  for ((i = 1; i <= runs; i++)); do
    touch "$crate/src/lib.rs"
    (cd "$crate" && /usr/bin/time -o "$work/time" -f '%e %M' cargo check -q --features "$area") \
      || { echo "error: timed check of $area failed" >&2; exit 1; }
    cat "$work/time" >> "$work/times"
    echo "  run $i: $(cut -d' ' -f1 "$work/time") s, $(( $(cut -d' ' -f2 "$work/time") / 1024 )) MB"
  done
  secs=$(cut -d' ' -f1 "$work/times" | median)
  rss=$(cut -d' ' -f2 "$work/times" | sort -n | tail -1)
  printf '%s\t%s\t%s\t%s\t%s\n' "$area" "$(types_of "$area")" "$secs" "$(( rss / 1024 ))" "$warnings" >> "$results"
  # Each feature set leaves its own incremental cache and metadata of the crate: keep the
  # disk use to one area's on a machine short of space.
  rm -rf "$CARGO_TARGET_DIR"/debug/incremental/graph_areas-* "$CARGO_TARGET_DIR"/debug/deps/libgraph_areas-*
done

total=$(types_of full)
echo
echo "== cost per area ($runs timed runs each, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "| area | types compiled | check after touch, median | peak RSS | warnings |"
echo "|---|---|---|---|---|"
awk -F'\t' -v total="$total" '{ printf "| `%s` | %d (%.1f %%) | %.2f s | %d MB | %d |\n", $1, $2, 100 * $2 / total, $3, $4, $5 }' "$results"
grep -v '^full	' "$results" > "$work/areas-only.tsv" || true
if [[ -s $work/areas-only.tsv ]]; then
  med_types=$(cut -f2 "$work/areas-only.tsv" | median)
  med_secs=$(cut -f3 "$work/areas-only.tsv" | median)
  printf 'median area: %s types (%.1f %% of %d), %.2f s\n' "$med_types" "$(awk -v m="$med_types" -v t="$total" 'BEGIN { print 100 * m / t }')" "$total" "$med_secs"
  sort -t$'\t' -k3,3gr "$work/areas-only.tsv" | head -1 \
    | awk -F'\t' '{ printf "worst area by check time: `%s`, %d types, %.2f s, %d MB\n", $1, $2, $3, $4 }'
  sort -t$'\t' -k2,2nr "$work/areas-only.tsv" | head -1 \
    | awk -F'\t' '{ printf "worst area by types: `%s`, %d types, %.2f s\n", $1, $2, $3 }'
fi
