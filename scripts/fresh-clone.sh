#!/usr/bin/env bash
# From a clean clone to green tests: clones this repository (at REV, default HEAD) into a new
# folder with nothing beside it, runs README.md's two commands in it as written, and prints how
# long each took and which dependencies the second one compiled.
#   scripts/fresh-clone.sh            # HEAD
#   scripts/fresh-clone.sh a7f66a4    # an older commit, for a before/after comparison
# Not a test: it takes a full build (tens of minutes on 2 cores); CI never runs it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rev=${1:-HEAD}
work=$(mktemp -d /tmp/clearpress-fresh.XXXXXX)
start=$(date +%s)
git clone --quiet "$repo" "$work/clearpress"
cd "$work/clearpress"
git checkout --quiet "$rev"
# The two commands, as README.md writes them (the lines of its first ```sh block).
mapfile -t commands < <(awk '/^```sh/{n++; next} /^```/{if (n == 1) exit} n == 1' README.md)
for i in "${!commands[@]}"; do
  t=$(date +%s)
  bash -c "${commands[$i]}" > "$work/command-$i.log" 2>&1 || echo "command $((i + 1)) failed (see $work/command-$i.log)"
  echo "command $((i + 1)): $(( $(date +%s) - t )) s: ${commands[$i]}"
done
echo "dependencies the second command compiled: $(grep -c '^ *Compiling' "$work/command-1.log" | tr -d ' ') crates:" \
  "$(grep '^ *Compiling' "$work/command-1.log" | awk '{print $2}' | grep -vx clearpress | tr '\n' ' ')"
echo "from git clone to the end of the test command: $(( $(date +%s) - start )) s ($work)"
