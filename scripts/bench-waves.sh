#!/usr/bin/env bash
# A later wave against the first: `render` of N synthetic people (clearpress synth, seed 64), then
# a second wave of the same input with --previous and a decisions file that grants relief to the
# Hand Review rows of 20 cases. Prints both runs' wall seconds and their ratio.
#   scripts/bench-waves.sh            # 53,000 people, 2 jobs
#   scripts/bench-waves.sh 1000 1     # 1,000 people, 1 job
# Not a test: wall-clock numbers depend on the machine; CI never runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-53000}; jobs=${2:-2}
cargo build --release --quiet
bin=target/release/clearpress
work=${BENCH_DIR:-/tmp/clearpress-bench-waves}
mkdir -p "$work"
data="$work/synth-$people"
[ -f "$data/Prop64_Results.csv" ] || "$bin" synth --people "$people" --seed 64 --out "$data" 2>/dev/null
rm -rf "$work/wave-1-$people" "$work/wave-2-$people"
run() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" render "$data/Prop64_Results.csv" \
      --contacts "$data/contacts.csv" --as-of "$1" --out "$2" --jobs "$jobs" --quiet "${@:3}"
  cat "$work/time"
}
read -r wall1 rss1 < <(run 2026-11-25 "$work/wave-1-$people")
# The Hand Review rows of the first 20 cases that have one, decided as review.csv names them.
python3 - "$work/wave-1-$people/review.csv" "$work/decisions-$people.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["determination"] == "Hand Review" and r["count"]]
cases, out = [], csv.writer(open(sys.argv[2], "w", newline=""))
out.writerow(["court", "case_number", "count", "person_ref", "decision", "reviewer", "note"])
for r in rows:
    case = (r["court"], r["case_number"], r["person_ref"])
    if case not in cases and len(cases) == 20:
        continue
    if case not in cases:
        cases.append(case)
    out.writerow([r["court"], r["case_number"], r["count"], r["person_ref"], "dismiss-seal", "Bench Reviewer", ""])
PY
read -r wall2 rss2 < <(run 2026-12-15 "$work/wave-2-$people" --previous "$work/wave-1-$people" \
    --decisions "$work/decisions-$people.csv")
python3 - "$people" "$jobs" "$wall1" "$rss1" "$wall2" "$rss2" "$work/wave-2-$people/summary.json" <<'PY'
import json, sys
people, jobs, wall1, rss1, wall2, rss2, summary = sys.argv[1:]
s = json.load(open(summary))
print("| people | jobs | wave 1 s | wave 1 peak RSS MB | wave 2 s | wave 2 peak RSS MB | wave 2 / wave 1 | wave 2 counts filed | decision lines |")
print("|---|---|---|---|---|---|---|---|---|")
print(f"| {int(people):,} | {jobs} | {float(wall1):.1f} | {int(rss1)/1024:.0f} | {float(wall2):.1f} | {int(rss2)/1024:.0f} | "
      f"{float(wall2)/float(wall1):.1%} | {s['counts_filed']} | {s['decisions_applied']} |")
PY
