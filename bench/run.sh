#!/usr/bin/env bash
# The benchmark: the real `render` on synthetic data (clearpress synth, seed 64) at several sizes
# and thread counts. Prints one table row per run: people, jobs, files, wall seconds, files/s,
# people/s, peak RSS, output bytes, and the time split from timings.json.
#   bench/run.sh                 # 1000 and 10000 people, 1 and 2 jobs
#   bench/run.sh 53000:2         # the Los Angeles-scale run, 2 jobs
# Not a test: wall-clock numbers depend on the machine; CI never runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/clearpress
work=${BENCH_DIR:-/tmp/clearpress-bench}
mkdir -p "$work"
runs=("$@")
[ ${#runs[@]} -gt 0 ] || runs=(1000:1 1000:2 10000:1 10000:2)
echo "| people | jobs | files | wall s | files/s | people/s | peak RSS MB | output MB | read+plan s | precheck s | render s | package s | reports s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for run in "${runs[@]}"; do
  people=${run%%:*}; jobs=${run##*:}
  data="$work/synth-$people"
  [ -f "$data/Prop64_Results.csv" ] || "$bin" synth --people "$people" --seed 64 --out "$data" 2>/dev/null
  out="$work/out-$people-$jobs"; rm -rf "$out"
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" render "$data/Prop64_Results.csv" --contacts "$data/contacts.csv" \
      --as-of 2026-11-25 --out "$out" --jobs "$jobs" --quiet
  read -r wall rss < "$work/time"
  files=$(($(wc -l < "$out/manifest.csv") - 1))
  bytes=$(du -sb "$out" | cut -f1)
  python3 - "$people" "$jobs" "$files" "$wall" "$rss" "$bytes" "$out/timings.json" <<'PY'
import json, sys
people, jobs, files, wall, rss, size, timings = sys.argv[1:]
t = json.load(open(timings)); wall = float(wall)
print(f"| {int(people):,} | {jobs} | {int(files):,} | {wall:.1f} | {int(files)/wall:.0f} | {int(people)/wall:.0f} | {int(rss)/1024:.0f} | {int(size)/2**20:.0f} | "
      f"{t['read_validate_plan']:.1f} | {t['precheck']:.1f} | {t['render_write']:.1f} | {t['package']:.1f} | {t['write_reports']:.1f} |")
PY
done
