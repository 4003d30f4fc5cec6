#!/usr/bin/env bash
# End-to-end benchmark through the CLI: the MangaAssist day (R5, scenarios/reference/
# r5_mangaassist.yaml: 1M messages, Lambda front end, the hybrid router, provisioned Sonnet and
# Haiku, on-demand Sonnet and Haiku, the autoscaled SageMaker endpoint) with every output on.
# The seed's $500/day budget guard trips in the afternoon and sends everything to Haiku, leaving
# provisioned Sonnet idle; so that every model is active all day, the timed runs raise it to
# $2,000 (one run at $500 is shown too). Reports, on one core: wall time of the day (target
# <= 1 s) and of a 30-day month (target <= 30 s), events per request and events/s; and the peak
# memory of the day and the month, which must agree within 10 % (memory is bounded by requests
# in flight, not by the horizon).
#   usage: bench/e2e_mangaassist.sh [path/to/fmsim] [scenario]   (default build/release/fmsim)
set -euo pipefail
cd "$(dirname "$0")/.."
fmsim=${1:-build/release/fmsim}
scenario=${2:-scenarios/reference/r5_mangaassist.yaml}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
py=/usr/bin/python3

figures() {  # summary.json -> one line of figures
  "$py" - "$1" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
n, run = s["requests"]["arrivals"], s["run"]
print(f"{n} requests, {run['events']} events ({run['events'] / n:.2f} per request), "
      f"wall {run['wall_s']:.3f} s, {run['events_per_s'] / 1e6:.2f} M events/s, "
      f"{n / run['wall_s'] / 1e6:.2f} M requests/s")
PY
}
timed() {  # runs the command; prints "<wall s> <peak RSS KiB>" as /usr/bin/time measures them
  /usr/bin/time -f '%e %M' -o "$out/time" "$@" >/dev/null 2>&1
  cat "$out/time"
}
common=(--quiet --no-progress --log-level warn --jobs 1)
active=(--set 'router.rules[0].when.budget.daily=$2000')
served() {  # summary.json -> requests served per target
  "$py" -c "import json,sys; s=json.load(open(sys.argv[1])); print(', '.join(f'{k} {v[\"requests_served\"]}' for k, v in s['targets'].items()))" "$1"
}

echo "== the day as the seed has it (\$500 budget guard)"
t=$(timed "$fmsim" run "$scenario" --out "$out/seed" "${common[@]}")
echo "seed day: $(figures "$out/seed/summary.json"); process: ${t% *} s, peak RSS ${t#* } KiB"
echo "   served: $(served "$out/seed/summary.json")"
echo "== the day with every model active (\$2,000 budget), 3 runs ($scenario)"
for i in 1 2 3; do
  t=$(timed "$fmsim" run "$scenario" --out "$out/day" "${common[@]}" "${active[@]}")
  echo "day run $i: $(figures "$out/day/summary.json"); process: ${t% *} s, peak RSS ${t#* } KiB"
done
echo "   served: $(served "$out/day/summary.json")"
echo "== the month (--horizon 30d, \$2,000 budget)"
t30=$(timed "$fmsim" run "$scenario" --out "$out/month" "${common[@]}" "${active[@]}" --horizon 30d)
echo "month: $(figures "$out/month/summary.json"); process: ${t30% *} s, peak RSS ${t30#* } KiB"
t1=$(timed "$fmsim" run "$scenario" --out "$out/day" "${common[@]}" "${active[@]}")
echo "peak RSS day ${t1#* } KiB, month ${t30#* } KiB, ratio $("$py" -c "print(round(${t30#* } / ${t1#* }, 3))")"
