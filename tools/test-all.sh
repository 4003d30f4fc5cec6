#!/usr/bin/env bash
# The whole test suite: the optimised build's tests, then the same tests under AddressSanitizer +
# UndefinedBehaviorSanitizer. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --workflow --preset test
cmake --workflow --preset asan-ubsan
