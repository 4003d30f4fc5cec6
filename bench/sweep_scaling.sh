#!/usr/bin/env bash
# Sweep throughput at 1 and 2 jobs: the same sweep (bench/sweep_scaling.yaml: M/M/16 points,
# 32 replications of 8 simulated hours each) run with --jobs 1 and --jobs 2, each three times,
# alternating; reports replications per second of the best run of each and the speed-up (target
# >= 1.8x on 2 cores). The stores are compared too: the results must be identical.
#   usage: bench/sweep_scaling.sh [path/to/fmsim]   (default build/release/fmsim)
set -euo pipefail
cd "$(dirname "$0")/.."
fmsim=${1:-build/release/fmsim}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sweep=bench/sweep_scaling.yaml
reps=$(( $("$fmsim" sweep "$sweep" --jobs 2 -q --no-progress --out "$out/count" >/dev/null && tail -n +2 "$out/count/replications.csv" | wc -l) ))

best() { sort -n | head -1; }
run() {  # jobs -> wall seconds
  rm -rf "$out/j$1"
  /usr/bin/time -f '%e' -o "$out/time" "$fmsim" sweep "$sweep" --jobs "$1" -q --no-progress --log-level warn --out "$out/j$1" >/dev/null
  cat "$out/time"
}
: > "$out/t1"; : > "$out/t2"
for i in 1 2 3; do
  run 1 >> "$out/t1"
  run 2 >> "$out/t2"
done
t1=$(best < "$out/t1"); t2=$(best < "$out/t2")
cmp -s "$out/j1/replications.csv" "$out/j2/replications.csv" && same=identical || same=DIFFERENT
echo "nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "replications: $reps; wall times --jobs 1: $(tr '\n' ' ' < "$out/t1")s; --jobs 2: $(tr '\n' ' ' < "$out/t2")s"
awk -v n="$reps" -v a="$t1" -v b="$t2" 'BEGIN { printf "jobs 1: %.2f replications/s   jobs 2: %.2f replications/s   speed-up %.2fx\n", n / a, n / b, a / b }'
echo "results of --jobs 1 and --jobs 2: $same"
