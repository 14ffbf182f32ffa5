"""Runs mentor-match and its peers on the same instances in one run and prints a table.

Two families of instances (see generate.py): realistic ones, with scores made from
questionnaire profiles the way the app scores them and, for the capacitated case, each
mentee's 50 best mentors as candidates; and the uniform ones (scores drawn 0-100), kept
for comparison with earlier runs.

Two times per case, each the minimum over `--repeat` runs (the machine may be shared):

- solve: CPU time of the solving thread. mentor-match reports `solve_cpu_seconds` itself
  (`--timing`: after reading, decoding and validating the JSON; building its internal
  arrays is included); each Python peer is timed around the library call only, with its
  input already in memory (SciPy `linear_sum_assignment`, lapcpp and laprust `lapjv` on
  a float64 cost matrix `100 - score`; OR-Tools `solve()` of a graph built beforehand;
  matching `solve()` of a game created beforehand).
- file to answer: CPU time (user + system) from the JSON file to the answer. mentor-match:
  the whole `mentor-match solve` process, result file written. Python: `json.load` of the
  same file, building the peer's input, and the fastest peer's solve.

Every peer must reach the same optimum as mentor-match (total score; pairs for
`maxMatchedThenScore`; the whole matching for `stable`), or the run fails. A peer that is
not installed is reported; under CI=true that fails the run.
Usage: python bench.py --binary PATH [--workdir DIR] [--quick] [--repeat N] [--only TEXT]
"""

import argparse
import json
import os
import resource
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


def shown(value):
    return f"{value:.4f}" if value < 0.1 else f"{value:.3f}"


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_mentor_match(binary, path, repeat):
    """(solve timing, file-to-answer timing, result)."""
    solve, whole = Timing(), Timing()
    result = None
    for _ in range(repeat):
        out = path + ".result.json"
        cpu, wall = children_cpu(), time.perf_counter()
        proc = subprocess.run([binary, "solve", "--input", path, "--output", out, "--timing"],
                              capture_output=True, text=True)
        whole.add(children_cpu() - cpu, time.perf_counter() - wall)
        if proc.returncode != 0:
            sys.exit(f"mentor-match failed on {path}: {proc.stderr}")
        fields = dict(item.split("=") for item in proc.stderr.split() if "=" in item)
        solve.add(float(fields["solve_cpu_seconds"]), float(fields["solve_seconds"]))
        with open(out) as f:
            result = json.load(f)
    return solve, whole, result


def timed(fn, repeat):
    timing = Timing()
    value = None
    for _ in range(repeat):
        value = timing.measure(fn)
    return timing, value


MISSING = []


def peer_module(name):
    try:
        return __import__(name)
    except ImportError:
        if name not in MISSING:
            MISSING.append(name)
            print(f"peer {name} is not installed: its column is empty (pip install {name})", file=sys.stderr)
            if os.environ.get("CI") == "true":
                sys.exit(f"peer {name} is not installed (CI=true)")
        return None


def dense_scores(instance):
    return np.asarray(instance["scores"], dtype=np.int64)


def dense_summary(scores, rows, cols):
    rows, cols = np.asarray(rows), np.asarray(cols)
    keep = cols >= 0
    return {"matchedCount": int(keep.sum()), "totalScore": int(scores[rows[keep], cols[keep]].sum())}


def scipy_dense(instance, repeat):
    from scipy.optimize import linear_sum_assignment
    solve = lambda scores: linear_sum_assignment(scores, maximize=True)
    scores = dense_scores(instance)
    seconds, (rows, cols) = timed(lambda: solve(scores), repeat)
    return seconds, dense_summary(scores, rows, cols), dense_scores, solve


def lapjv_dense(name):
    def run(instance, repeat):
        module = peer_module(name)
        if module is None:
            return None
        prepare = lambda instance: (100 - dense_scores(instance)).astype(np.float64)
        cost = prepare(instance)
        solve = lambda c: module.lapjv(c, extend_cost=c.shape[0] != c.shape[1])
        seconds, (_, rows, cols) = timed(lambda: solve(cost), repeat)
        return seconds, dense_summary(dense_scores(instance), rows, cols), prepare, solve
    return run


def ortools_capacitated(instance, repeat):
    from ortools.graph.python import min_cost_flow

    def prepare(instance):
        mentors = {m["id"]: k for k, m in enumerate(instance["mentors"])}
        mentees = {m["id"]: k for k, m in enumerate(instance["mentees"])}
        n, m = len(mentees), len(mentors)
        edges = instance["edges"]
        tail = np.array([mentees[e["mentee"]] for e in edges], dtype=np.int32)
        head = np.array([mentors[e["mentor"]] for e in edges], dtype=np.int32)
        score = np.array([e["score"] for e in edges], dtype=np.int64)
        # The same encoding mentor-match used to use: a pair costs 100 - score, leaving a
        # mentee without a pair costs more than all scores together (maxMatchedThenScore).
        unmatched = 100 * (n + 1) + 1
        source, sink = n + m, n + m + 1
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
        return flow, pair_arcs, score

    def solve(prepared):
        flow = prepared[0]
        if flow.solve() != flow.OPTIMAL:
            sys.exit("OR-Tools did not find the optimum")

    timing = Timing()
    summary = None
    for _ in range(repeat):
        prepared = prepare(instance)
        timing.measure(lambda: solve(prepared))
        flow, pair_arcs, score = prepared
        used = flow.flows(pair_arcs) > 0
        summary = {"matchedCount": int(used.sum()), "totalScore": int(score[used].sum())}
    return timing, summary, prepare, solve


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
    return timing, {"pairs": pairs, "matchedCount": len(pairs), "totalScore": 0}, None, None


DENSE_PEERS = [("SciPy", scipy_dense), ("lapcpp", lapjv_dense("lapcpp")), ("laprust", lapjv_dense("laprust"))]
FLOW_PEERS = [("OR-Tools", ortools_capacitated)]
STABLE_PEERS = [("matching", matching_stable)]

CASES = [
    # Realistic family: scores from profiles.
    ("profiles dense 1,000 × 1,000", DENSE_PEERS, lambda q: generate.profile_dense(100 if q else 1000, 6)),
    ("profiles dense 2,000 × 2,000", DENSE_PEERS, lambda q: generate.profile_dense(200 if q else 2000, 1)),
    ("profiles dense 3,000 × 3,000", DENSE_PEERS, lambda q: generate.profile_dense(300 if q else 3000, 2)),
    ("profiles capacitated 20,000 × 4,000, cap 5, 50 best candidates", FLOW_PEERS,
     lambda q: generate.profile_capacitated(2000 if q else 20000, 400 if q else 4000, 5, 50, 3)),
    # Uniform family: scores drawn 0-100.
    ("uniform dense 2,000 × 2,000", DENSE_PEERS, lambda q: generate.dense(200 if q else 2000, 1)),
    ("uniform dense 5,000 × 5,000", DENSE_PEERS, lambda q: generate.dense(500 if q else 5000, 2)),
    ("geometric dense 2,000 × 2,000", DENSE_PEERS, lambda q: generate.geometric(200 if q else 2000, 5)),
    ("uniform capacitated 20,000 × 4,000, cap 5, 50 random candidates", FLOW_PEERS,
     lambda q: generate.capacitated(2000 if q else 20000, 400 if q else 4000, 5, 50, 3)),
    ("stable 20,000 × 2,000, cap 10, lists of 20", STABLE_PEERS,
     lambda q: generate.stable(2000 if q else 20000, 200 if q else 2000, 10, 20, 4)),
]


def file_to_answer(path, prepare, solve, repeat):
    """`json.load` of the file, the peer's input built from it, and its solve."""
    timing = Timing()
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        with open(path) as f:
            instance = json.load(f)
        solve(prepare(instance))
        timing.add(time.process_time() - cpu, time.perf_counter() - wall)
    return timing


def agrees(result, expected, objective):
    if "pairs" in expected:
        return sorted((p["mentee"], p["mentor"]) for p in result["pairs"]) == expected["pairs"]
    same = result["totalScore"] == expected["totalScore"]
    if objective != "maxScore":
        same = same and result["matchedCount"] == expected["matchedCount"]
    return same


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--workdir", default="/tmp/mentor-match-bench")
    parser.add_argument("--quick", action="store_true", help="ten times smaller instances, for a smoke run")
    parser.add_argument("--repeat", type=int, default=5, help="best of N runs for every timing")
    parser.add_argument("--only", help="run only cases whose name contains this text")
    a = parser.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    print("| instance | mentor-match solve | fastest peer | other peers | solve ratio "
          "| mentor-match file→answer | Python json + fastest peer | file→answer ratio | matched | total score | same optimum |")
    print("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---|", flush=True)
    for name, peers, make in CASES:
        if a.only and a.only not in name:
            continue
        path = os.path.join(a.workdir, "-".join(name.replace(",", "").replace("×", "x").split()[:4]) + ".json")
        instance = make(a.quick)
        generate.write(instance, path)
        ours, ours_whole, result = run_mentor_match(a.binary, path, a.repeat)
        measured = []
        for peer_name, peer in peers:
            outcome = peer(instance, a.repeat)
            if outcome is None:
                continue
            seconds, expected, prepare, solve = outcome
            if not agrees(result, expected, instance.get("objective")):
                sys.exit(f"{name}: mentor-match {result['matchedCount']}/{result['totalScore']} "
                         f"differs from {peer_name} {expected['matchedCount']}/{expected['totalScore']}")
            measured.append((seconds.cpu, peer_name, prepare, solve))
        if not measured:
            sys.exit(f"{name}: no peer could run")
        measured.sort(key=lambda item: item[0])
        best_cpu, best_name, prepare, solve = measured[0]
        others = ", ".join(f"{n} {shown(t)}" for t, n, _, _ in measured[1:]) or "—"
        if prepare is not None:
            python = file_to_answer(path, prepare, solve, a.repeat)
            whole = f"{shown(ours_whole.cpu)} | {shown(python.cpu)} | {ours_whole.cpu / python.cpu:.2f}"
        else:
            whole = f"{shown(ours_whole.cpu)} | — | —"
        print(f"| {name} | {shown(ours.cpu)} | {best_name} {shown(best_cpu)} | {others} | {ours.cpu / best_cpu:.2f} "
              f"| {whole} | {result['matchedCount']} | {result['totalScore']} | yes |", flush=True)
    if MISSING:
        print(f"\nNot installed, so not compared: {', '.join(MISSING)}")


if __name__ == "__main__":
    main()
