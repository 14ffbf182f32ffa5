"""Seeded instance generator for the mentor-match benchmarks.

Every instance is written in the JSON format `mentor-match solve` reads (see
Sources/MentorMatching/MatchingInstance.swift), so mentor-match and the Python peers
read the very same file. The same seed always gives the same file.

    python generate.py dense --mentees 2000 --seed 1 --out dense.json
    python generate.py capacitated --mentees 20000 --mentors 4000 --capacity 5 --candidates 50 --out cap.json
    python generate.py stable --mentees 20000 --mentors 2000 --capacity 10 --list 20 --out stable.json
"""

import argparse
import json

import numpy as np


def dense(mentees, seed, mentors=None):
    """Every pair allowed, scores 0-100, written as the dense `scores` matrix."""
    mentors = mentors or mentees
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 101, size=(mentees, mentors), dtype=np.int64)
    return {
        "objective": "maxScore",
        "mentors": [{"id": f"t{j}", "capacity": 1} for j in range(mentors)],
        "mentees": [{"id": f"s{i}"} for i in range(mentees)],
        "scores": scores.tolist(),
    }


def geometric(mentees, seed):
    """Every pair allowed; mentees and mentors are random points in a square and a pair
    scores 100 minus its scaled distance. Unlike uniform scores, where a large instance
    almost always has a perfect matching of 100s, this one makes the solver work."""
    rng = np.random.default_rng(seed)
    a = rng.random((mentees, 2))
    b = rng.random((mentees, 2))
    distance = np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2))
    scores = np.clip(np.rint(100 - 100 * distance / np.sqrt(2)), 0, 100).astype(np.int64)
    instance = dense(1, seed)
    instance.update({
        "mentors": [{"id": f"t{j}", "capacity": 1} for j in range(mentees)],
        "mentees": [{"id": f"s{i}"} for i in range(mentees)],
        "scores": scores.tolist(),
    })
    return instance


def capacitated(mentees, mentors, capacity, candidates, seed):
    """Each mentee lists `candidates` distinct mentors with scores 0-100."""
    rng = np.random.default_rng(seed)
    # Row by row, so memory stays linear in the number of edges.
    edges = []
    for i in range(mentees):
        chosen = rng.choice(mentors, size=candidates, replace=False)
        scores = rng.integers(0, 101, size=candidates)
        for j, s in zip(chosen.tolist(), scores.tolist()):
            edges.append({"mentee": f"s{i}", "mentor": f"t{j}", "score": s})
    return {
        "objective": "maxMatchedThenScore",
        "mentors": [{"id": f"t{j}", "capacity": capacity} for j in range(mentors)],
        "mentees": [{"id": f"s{i}"} for i in range(mentees)],
        "edges": edges,
    }


def stable(mentees, mentors, capacity, length, seed):
    """Mentees rank `length` random mentors; each mentor ranks, in a random order,
    exactly the mentees who listed it (so every listed pair is mutually acceptable)."""
    rng = np.random.default_rng(seed)
    mentee_prefs = {}
    listed_by = [[] for _ in range(mentors)]
    for i in range(mentees):
        chosen = rng.choice(mentors, size=length, replace=False).tolist()
        mentee_prefs[f"s{i}"] = [f"t{j}" for j in chosen]
        for j in chosen:
            listed_by[j].append(i)
    mentor_prefs = {}
    for j in range(mentors):
        order = rng.permutation(len(listed_by[j])).tolist()
        mentor_prefs[f"t{j}"] = [f"s{listed_by[j][k]}" for k in order]
    return {
        "objective": "stable",
        "mentors": [{"id": f"t{j}", "capacity": capacity} for j in range(mentors)],
        "mentees": [{"id": f"s{i}"} for i in range(mentees)],
        "menteePreferences": mentee_prefs,
        "mentorPreferences": mentor_prefs,
    }


def write(instance, path):
    with open(path, "w") as f:
        json.dump(instance, f, separators=(",", ":"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["dense", "capacitated", "stable"])
    parser.add_argument("--mentees", type=int, required=True)
    parser.add_argument("--mentors", type=int)
    parser.add_argument("--capacity", type=int, default=1)
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--list", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    a = parser.parse_args()
    if a.kind == "dense":
        instance = dense(a.mentees, a.seed, a.mentors)
    elif a.kind == "capacitated":
        instance = capacitated(a.mentees, a.mentors, a.capacity, a.candidates, a.seed)
    else:
        instance = stable(a.mentees, a.mentors, a.capacity, a.list, a.seed)
    write(instance, a.out)


if __name__ == "__main__":
    main()
