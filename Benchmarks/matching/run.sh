#!/usr/bin/env bash
# Builds mentor-match in release mode, makes a Python virtual environment with the
# peers (SciPy, lapcpp, laprust, OR-Tools, matching), and runs every benchmark in one go.
# Usage: Benchmarks/matching/run.sh [--quick] [--repeat N] [--only TEXT]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

swift build -c release --scratch-path .build-mm-release --product mentor-match
binary="$root/.build-mm-release/release/mentor-match"

venv="$here/.venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
# Each peer from PyPI; one that cannot be installed is reported, and fails the run on CI.
for package in numpy scipy ortools matching lapcpp laprust; do
  if ! "$venv/bin/python" -c "import $package" 2>/dev/null; then
    if ! "$venv/bin/pip" install --quiet "$package"; then
      echo "peer $package could not be installed" >&2
      [ "${CI:-}" = true ] && exit 1
    fi
  fi
done

cd "$here"
"$venv/bin/python" bench.py --binary "$binary" "$@"
