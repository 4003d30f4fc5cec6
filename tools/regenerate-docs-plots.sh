#!/usr/bin/env bash
# Regenerates the pictures the README and docs/ show (docs/images/mangaassist-*.png): runs the
# default scenario — the MangaAssist day, R5 — with `fmsim run --plot` and copies its PNGs.
# Plots are byte-stable for a given fmsim, scenario and matplotlib, so an unchanged model leaves
# the images unchanged. Needs python3-matplotlib (tools/install-deps.sh installs it).
#   tools/regenerate-docs-plots.sh                     the default scenario, build/release/fmsim
#   FMSIM=build/x/fmsim SCENARIO=scenarios/y.yaml tools/regenerate-docs-plots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
fmsim=${FMSIM:-build/release/fmsim}
if [ ! -x "$fmsim" ]; then
  echo "regenerate-docs-plots: $fmsim not built; building the release preset"
  cmake --workflow --preset release
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# No scenario argument: fmsim's default scenario, the one the README's first command runs.
"$fmsim" run ${SCENARIO:+"$SCENARIO"} --no-progress --quiet --plot --out "$out/run"
mkdir -p docs/images
for name in latency outcomes cost capacity targets; do
  if [ -f "$out/run/plots/$name.png" ]; then
    cp "$out/run/plots/$name.png" "docs/images/mangaassist-$name.png"
    echo "docs/images/mangaassist-$name.png"
  else
    # Not drawn (e.g. one target: no targets plot): no stale picture either.
    rm -f "docs/images/mangaassist-$name.png"
  fi
done
