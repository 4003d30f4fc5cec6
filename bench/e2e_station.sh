#!/usr/bin/env bash
# End-to-end benchmark through the CLI: the M/M/16 station scenario (scenarios/mmc.yaml) with all
# metrics and outputs on. Reports simulated requests per wall second on one core, and the peak
# memory of a 1-hour and a 30-day run of the same scenario (which must be the same within 10 %:
# memory is bounded by requests in flight and open windows, not by the horizon).
#   usage: bench/e2e_station.sh [path/to/fmsim]   (default build/release/fmsim)
set -euo pipefail
cd "$(dirname "$0")/.."
fmsim=${1:-build/release/fmsim}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

requests_per_s() {  # summary.json -> requests/s of wall time
  python3 -c "import json,sys; s=json.load(open(sys.argv[1])); print(int(s['requests']['arrivals']/s['run']['wall_s']))" "$1"
}
peak_rss_kib() {  # runs the command, prints its peak resident set in KiB
  /usr/bin/time -f '%M' -o "$out/rss" "$@" >/dev/null 2>&1
  cat "$out/rss"
}

echo "== speed: M/M/16, rho 0.8, 1 ms mean service, 12,800 requests/s offered, 1 h simulated (46M requests)"
for i in 1 2 3; do
  "$fmsim" run scenarios/mmc.yaml --out "$out/speed" --quiet --no-progress --log-level warn --jobs 1 \
    --set workload.arrivals.rate=12800/s --set targets.server.service_time.mean=1ms --horizon 1h
  echo "run $i: $(requests_per_s "$out/speed/summary.json") simulated requests per wall second" \
       "($(python3 -c "import json; s=json.load(open('$out/speed/summary.json')); print(s['run']['events'], 'events in', round(s['run']['wall_s'],2), 's')"))"
done

echo "== memory: the same scenario (12.8 requests/s) over 1 h and over 30 days"
h1=$(peak_rss_kib "$fmsim" run scenarios/mmc.yaml --out "$out/h1" --quiet --no-progress --log-level warn --horizon 1h)
d30=$(peak_rss_kib "$fmsim" run scenarios/mmc.yaml --out "$out/d30" --quiet --no-progress --log-level warn --horizon 30d)
echo "peak RSS 1 h: ${h1} KiB, 30 d: ${d30} KiB, ratio $(python3 -c "print(round($d30/$h1, 3))")"
echo "rows in timeseries.csv: 1 h $(($(wc -l < "$out/h1/timeseries.csv") - 1)), 30 d $(($(wc -l < "$out/d30/timeseries.csv") - 1))"
