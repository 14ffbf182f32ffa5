"""Runs mentor-match and its peers on the same instances in one run and prints a table.

Each solver is timed on the solve alone, in CPU time of the solving thread (wall time is
shown beside it): mentor-match reports `solve_cpu_seconds` itself
(`--timing`: after reading, decoding and validating the JSON; building its internal
arrays is included), and each Python peer is timed around the library call only, with
its input already in memory (SciPy: `linear_sum_assignment`; OR-Tools: `solve()` of a
graph built beforehand; matching: `solve()` of a game created beforehand). Objective
values (pairs and total score; the whole matching for `stable`) must agree, or the run
fails. Usage: python bench.py --binary PATH [--workdir DIR] [--quick] [--repeat N]
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time

import numpy as np

import generate

class Timing:
    """Best (smallest) CPU and wall seconds over repeated runs. CPU time of the solving
    thread is what the ratio uses: every solver here is single-threaded, and CPU time
    does not grow when another process shares the cores."""

    def __init__(self):
        self.cpu = None
        self.wall = None

    def add(self, cpu, wall):
        self.cpu = cpu if self.cpu is None else min(self.cpu, cpu)
        self.wall = wall if self.wall is None else min(self.wall, wall)

    def measure(self, fn):
        cpu, wall = time.thread_time(), time.perf_counter()
        value = fn()
        self.add(time.thread_time() - cpu, time.perf_counter() - wall)
        return value


def run_mentor_match(binary, path, repeat):
    timing = Timing()
    result = None
    for _ in range(repeat):
        out = path + ".result.json"
        proc = subprocess.run([binary, "solve", "--input", path, "--output", out, "--timing"],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"mentor-match failed on {path}: {proc.stderr}")
        fields = dict(item.split("=") for item in proc.stderr.split() if "=" in item)
        timing.add(float(fields["solve_cpu_seconds"]), float(fields["solve_seconds"]))
        with open(out) as f:
            result = json.load(f)
    return timing, result


def timed(fn, repeat):
    timing = Timing()
    value = None
    for _ in range(repeat):
        value = timing.measure(fn)
    return timing, value


def scipy_dense(instance, repeat):
    from scipy.optimize import linear_sum_assignment
    scores = np.asarray(instance["scores"], dtype=np.int64)
    seconds, (rows, cols) = timed(lambda: linear_sum_assignment(scores, maximize=True), repeat)
    return seconds, {"matchedCount": len(rows), "totalScore": int(scores[rows, cols].sum())}


def ortools_capacitated(instance, repeat):
    from ortools.graph.python import min_cost_flow
    mentors = {m["id"]: k for k, m in enumerate(instance["mentors"])}
    mentees = {m["id"]: k for k, m in enumerate(instance["mentees"])}
    n, m = len(mentees), len(mentors)
    edges = instance["edges"]
    tail = np.array([mentees[e["mentee"]] for e in edges], dtype=np.int32)
    head = np.array([mentors[e["mentor"]] for e in edges], dtype=np.int32)
    score = np.array([e["score"] for e in edges], dtype=np.int64)
    # The same encoding mentor-match uses: a pair costs 100 - score, leaving a mentee
    # without a pair costs more than all scores together (maxMatchedThenScore).
    unmatched = 100 * (n + 1) + 1
    source, sink = n + m, n + m + 1

    def build():
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(
            np.full(n, source, dtype=np.int32), np.arange(n, dtype=np.int32),
            np.ones(n, dtype=np.int64), np.zeros(n, dtype=np.int64))
        pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
            tail, head + n, np.ones(len(edges), dtype=np.int64), 100 - score)
        flow.add_arcs_with_capacity_and_unit_cost(
            np.arange(n, dtype=np.int32), np.full(n, sink, dtype=np.int32),
            np.ones(n, dtype=np.int64), np.full(n, unmatched, dtype=np.int64))
        flow.add_arcs_with_capacity_and_unit_cost(
            np.arange(m, dtype=np.int32) + n, np.full(m, sink, dtype=np.int32),
            np.array([x["capacity"] for x in instance["mentors"]], dtype=np.int64), np.zeros(m, dtype=np.int64))
        flow.set_nodes_supplies(np.array([source, sink]), np.array([n, -n]))
        return flow, pair_arcs

    timing = Timing()
    summary = None
    for _ in range(repeat):
        flow, pair_arcs = build()
        status = timing.measure(flow.solve)
        if status != flow.OPTIMAL:
            sys.exit(f"OR-Tools status {status}")
        used = flow.flows(pair_arcs) > 0
        summary = {"matchedCount": int(used.sum()), "totalScore": int(score[used].sum())}
    return timing, summary


def matching_stable(instance, repeat):
    # The game deep-copies its linked players, which recurses once per player.
    sys.setrecursionlimit(10_000_000)
    threading.stack_size(1 << 30)
    box = {}
    worker = threading.Thread(target=lambda: box.update(value=_matching_stable(instance, repeat)))
    worker.start()
    worker.join()
    return box["value"]


def _matching_stable(instance, repeat):
    from matching.games import HospitalResident
    capacities = {m["id"]: m["capacity"] for m in instance["mentors"]}
    timing = Timing()
    pairs = None
    for _ in range(repeat):
        game = HospitalResident.create_from_dictionaries(
            instance["menteePreferences"], instance["mentorPreferences"], capacities)
        solution = timing.measure(lambda: game.solve(optimal="resident"))
        pairs = sorted((r.name, h.name) for h, residents in solution.items() for r in residents)
    return timing, {"pairs": pairs, "matchedCount": len(pairs), "totalScore": 0}


CASES = [
    ("dense 2,000 × 2,000", "SciPy linear_sum_assignment", lambda q: generate.dense(200 if q else 2000, 1), scipy_dense),
    ("dense 5,000 × 5,000", "SciPy linear_sum_assignment", lambda q: generate.dense(500 if q else 5000, 2), scipy_dense),
    ("geometric dense 2,000 × 2,000", "SciPy linear_sum_assignment", lambda q: generate.geometric(200 if q else 2000, 5), scipy_dense),
    ("capacitated 20,000 × 4,000, cap 5, 50 candidates", "OR-Tools SimpleMinCostFlow",
     lambda q: generate.capacitated(2000 if q else 20000, 400 if q else 4000, 5, 50, 3), ortools_capacitated),
    ("stable 20,000 × 2,000, cap 10, lists of 20", "matching HospitalResident",
     lambda q: generate.stable(2000 if q else 20000, 200 if q else 2000, 10, 20, 4), matching_stable),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--workdir", default="/tmp/mentor-match-bench")
    parser.add_argument("--quick", action="store_true", help="ten times smaller instances, for a smoke run")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs for every solver")
    parser.add_argument("--only", help="run only cases whose name contains this text")
    a = parser.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    print("| instance | peer | mentor-match CPU s (wall) | peer CPU s (wall) | ratio (CPU) | matched | total score | same optimum |")
    print("|---|---|---:|---:|---:|---:|---:|---|", flush=True)
    for name, peer_name, make, peer in CASES:
        if a.only and a.only not in name:
            continue
        path = os.path.join(a.workdir, "-".join(name.replace(",", "").replace("×", "x").split()[:3]) + ".json")
        instance = make(a.quick)
        generate.write(instance, path)
        ours, result = run_mentor_match(a.binary, path, a.repeat)
        theirs, expected = peer(instance, a.repeat)
        agree = result["matchedCount"] == expected["matchedCount"]
        if "pairs" in expected:
            agree = agree and sorted((p["mentee"], p["mentor"]) for p in result["pairs"]) == expected["pairs"]
        else:
            agree = agree and result["totalScore"] == expected["totalScore"]
        if not agree:
            sys.exit(f"{name}: mentor-match {result['matchedCount']}/{result['totalScore']} "
                     f"differs from {peer_name} {expected['matchedCount']}/{expected['totalScore']}")
        matched, total = result["matchedCount"], result["totalScore"]
        print(f"| {name} | {peer_name} | {ours.cpu:.3f} ({ours.wall:.3f}) | {theirs.cpu:.3f} ({theirs.wall:.3f}) "
              f"| {ours.cpu / theirs.cpu:.3f} | {matched} | {total} | yes |", flush=True)


if __name__ == "__main__":
    main()
