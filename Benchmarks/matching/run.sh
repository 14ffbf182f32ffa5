#!/usr/bin/env bash
# Builds mentor-match in release mode, makes a Python virtual environment with the
# peers (SciPy, OR-Tools, matching), and runs every benchmark in one go.
# Usage: Benchmarks/matching/run.sh [--quick] [--repeat N] [--only TEXT]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

swift build -c release --scratch-path .build-mm-release --product mentor-match
binary="$root/.build-mm-release/release/mentor-match"

venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
  "$venv/bin/pip" install --quiet numpy scipy ortools matching
fi

cd "$here"
"$venv/bin/python" bench.py --binary "$binary" "$@"
