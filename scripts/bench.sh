#!/usr/bin/env bash
# The benchmark: the real `render` on synthetic data (clearpress synth, seed 64) at several sizes
# and thread counts. Prints one table row per run: people, jobs, files, wall seconds, files/s,
# people/s, peak RSS, output bytes, the time split from timings.json, and the share of CPU time
# spent outside Typst's compile and PDF export (the overhead clearpress adds).
#   scripts/bench.sh                  # 1000 and 10000 people, 1 and 2 jobs
#   scripts/bench.sh 53000:2          # the Los Angeles-scale run, 2 jobs
#   COUNTY="Los Angeles" scripts/bench.sh 3200:2   # every case in one county (one court)
# Not a test: wall-clock numbers depend on the machine; CI never runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/clearpress
work=${BENCH_DIR:-/tmp/clearpress-bench}
mkdir -p "$work"
runs=("$@")
[ ${#runs[@]} -gt 0 ] || runs=(1000:1 1000:2 10000:1 10000:2)
# ext4 without a journal is slow to create files where it freed inodes recently (60 s once the
# inode tables are written back, 300 s before): clear earlier outputs first, write them back,
# wait, and give every run a folder of its own.
if compgen -G "$work/out-*" >/dev/null; then
  rm -rf "$work"/out-*
  sync
  echo "cleared earlier outputs; waiting 65 s before measuring" >&2
  sleep 65
fi
n=0
echo "| people | jobs | files | wall s | files/s | people/s | peak RSS MB | output MB | read+plan s | render s | package s | reports s | outside Typst |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for run in "${runs[@]}"; do
  people=${run%%:*}; jobs=${run##*:}
  county=${COUNTY:-}
  data="$work/synth-$people${county:+-${county// /-}}"
  [ -f "$data/Prop64_Results.csv" ] || "$bin" synth --people "$people" --seed 64 --out "$data" ${county:+--county "$county"} 2>/dev/null
  n=$((n + 1)); out="$work/out-$n-$people-$jobs${county:+-${county// /-}}"
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$bin" render "$data/Prop64_Results.csv" --contacts "$data/contacts.csv" \
      --as-of 2026-11-25 --out "$out" --jobs "$jobs" --quiet
  read -r wall rss user sys < "$work/time"
  files=$(($(wc -l < "$out/manifest.csv") - 1))
  bytes=$(du -sb "$out" | cut -f1)
  python3 - "$people" "$jobs" "$files" "$wall" "$rss" "$bytes" "$out/timings.json" "$user" "$sys" <<'PY'
import json, sys
people, jobs, files, wall, rss, size, timings, user, sys_ = sys.argv[1:]
t = json.load(open(timings)); wall = float(wall); cpu = float(user) + float(sys_)
outside = 1 - t['typst_thread_seconds'] / cpu
print(f"| {int(people):,} | {jobs} | {int(files):,} | {wall:.1f} | {int(files)/wall:.0f} | {int(people)/wall:.0f} | {int(rss)/1024:.0f} | {int(size)/2**20:.0f} | "
      f"{t['read_validate_plan'] + t['precheck']:.1f} | {t['render_write']:.1f} | {t['package']:.1f} | {t['write_reports']:.1f} | {outside:.0%} |")
PY
done
