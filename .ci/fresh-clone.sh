#!/usr/bin/env bash
# A newcomer's first minutes: clone this checkout into an empty folder (no ../shared
# beside it, so no corpus) and run the README's two commands there. Both must pass.
#
# Usage: .ci/fresh-clone.sh          (from anywhere inside the checkout)
# CARGO_TARGET_DIR, when set, is reused so the clone does not rebuild every dependency;
# it holds build output only, never sources, so the clone still sees nothing beside it.
# Give it a directory of its own (`.ci/run` uses target/fresh-clone), never the
# checkout's own target: cargo names workspace artifacts by their workspace-relative path,
# so the checkout would then run test binaries built in (and pointing into) the clone.
set -euo pipefail
shopt -s inherit_errexit 2>/dev/null || true
repo=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TERM_COLOR=never

empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT
# The committed state only (HEAD), as a newcomer would get it: uncommitted edits stay out.
git clone --quiet --no-hardlinks "$repo" "$empty/docgen"
cd "$empty/docgen"
if [[ -e ../shared ]]; then
  echo "error: $empty/shared exists; the fresh clone must have nothing beside it" >&2
  exit 1
fi
unset DOCGEN_CORPUS

# The README's two commands, read from the README itself so the two cannot drift apart:
# the lines of its first shell block that start with `cargo `.
mapfile -t commands < <(awk '/^```(sh|bash|console)$/{f=1;next} /^```/{if(f)exit} f && /^cargo /' README.md)
if (( ${#commands[@]} != 2 )); then
  echo "error: expected the README's first shell block to hold two cargo commands, found ${#commands[@]}" >&2
  exit 1
fi
for command in "${commands[@]}"; do
  echo "== fresh clone: $command"
  bash -c "$command"
done
# Regenerating must leave the checked-in output as it was: the README's first command
# does not dirty a fresh clone.
if ! git diff --quiet; then
  git status --short >&2
  echo "error: the README's generate command changed checked-in files in a fresh clone" >&2
  exit 1
fi
echo "fresh clone: the README's two commands pass with nothing beside the checkout"
