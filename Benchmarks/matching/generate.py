"""Seeded instance generator for the mentor-match benchmarks.

Every instance is written in the JSON format `mentor-match solve` reads (see
Sources/MentorMatching/MatchingInstance.swift), so mentor-match and the Python peers
read the very same file. The same seed always gives the same file.

    python generate.py profile-dense --mentees 2000 --seed 1 --out dense.json
    python generate.py profile-capacitated --mentees 20000 --mentors 4000 --capacity 5 --candidates 50 --out cap.json
    python generate.py dense --mentees 2000 --seed 1 --out dense.json
    python generate.py capacitated --mentees 20000 --mentors 4000 --capacity 5 --candidates 50 --out cap.json
    python generate.py stable --mentees 20000 --mentors 2000 --capacity 10 --list 20 --out stable.json
"""

import argparse
import json

import numpy as np


# --- Realistic family: scores made from questionnaires, as the app computes them -------
#
# Each person gets a profile with the fields `Compatibility.score` reads (requests against
# competencies and life experience, subjects, interests, age, meeting times, place, form,
# role model, time resource), drawn with the skew real bases have: a few requests
# («низкая успеваемость», «профориентация») and a few popular subjects dominate, some
# mentors have broad competencies and much time. The score is the app's: the weighted
# share of criteria met with the standard weights, rounded half up to an integer 0-100.
# Integer scores of weighted shares repeat a lot, so optima have many ties, as in real data.

WEIGHTS = {"request": 10, "subjects": 6, "interests": 3, "age": 4, "meetingTime": 5,
           "place": 3, "form": 8, "roleModel": 2, "timeResource": 4}
TOTAL_WEIGHT = sum(WEIGHTS.values())
REQUEST_TOPICS = 24   # requests and competencies share one vocabulary
SUBJECTS = 14
INTERESTS = 30
TIMES = 21            # 7 weekdays × morning, afternoon, evening
FORMS = 3             # forms a school's program runs with (ученик–ученик, студент–ученик, работодатель–ученик)
ROLE_MODELS = 6


def _zipf(rng, count, size, exponent=1.1):
    weights = 1.0 / np.arange(1, count + 1) ** exponent
    return rng.choice(count, size=size, p=weights / weights.sum())


def _masks(rng, people, count, low, high, exponent=1.1):
    """A set of `low`..`high` items per person out of `count`, as a 64-bit mask, with
    popular items chosen more often (Zipf)."""
    masks = np.zeros(people, dtype=np.uint64)
    sizes = rng.integers(low, high + 1, size=people)
    for k in range(high):
        item = _zipf(rng, count, people, exponent).astype(np.uint64)
        masks |= np.where(sizes > k, np.uint64(1) << item, np.uint64(0))
    return masks


def profiles(mentees, mentors, capacity, seed):
    """Mentee and mentor profiles as numpy columns (bit masks for the set fields)."""
    rng = np.random.default_rng(seed)
    mentee = {
        "requests": _masks(rng, mentees, REQUEST_TOPICS, 1, 3, 1.0),
        "subjects": _masks(rng, mentees, SUBJECTS, 1, 2),
        "interests": _masks(rng, mentees, INTERESTS, 2, 5),
        "age": rng.integers(11, 18, size=mentees),
        "times": _masks(rng, mentees, TIMES, 3, 8, 0.6),
        "place": rng.choice(3, size=mentees, p=[0.45, 0.2, 0.35]),  # in person, online, either
        "form": rng.choice(FORMS, size=mentees, p=[0.6, 0.25, 0.15]),
        "roleModel": np.where(rng.random(mentees) < 0.3, rng.integers(0, ROLE_MODELS, size=mentees), -1),
        "hoursNeeded": rng.choice([0.5, 1.0, 1.5], size=mentees, p=[0.6, 0.3, 0.1]),
    }
    # Some mentors are generalists: many competencies, subjects and free evenings.
    broad = rng.random(mentors) < 0.1
    low_age = rng.integers(10, 15, size=mentors)
    mentor = {
        "competencies": _masks(rng, mentors, REQUEST_TOPICS, 1, 4, 0.9)
        | np.where(broad, _masks(rng, mentors, REQUEST_TOPICS, 4, 8, 0.7), np.uint64(0)),
        "subjects": _masks(rng, mentors, SUBJECTS, 1, 3)
        | np.where(broad, _masks(rng, mentors, SUBJECTS, 2, 3), np.uint64(0)),
        "interests": _masks(rng, mentors, INTERESTS, 3, 7),
        "ageLow": low_age,
        "ageHigh": low_age + rng.integers(2, 7, size=mentors),
        "times": _masks(rng, mentors, TIMES, 3, 9, 0.6) | np.where(broad, _masks(rng, mentors, TIMES, 3, 5, 0.6), np.uint64(0)),
        "place": rng.choice(3, size=mentors, p=[0.35, 0.2, 0.45]),
        "forms": _masks(rng, mentors, FORMS, 1, 2, 0.5),
        "roleModels": _masks(rng, mentors, ROLE_MODELS, 0, 3, 0.5),
        "hours": rng.choice([1.0, 2.0, 3.0, 4.0, 6.0], size=mentors, p=[0.15, 0.35, 0.25, 0.15, 0.1]),
        "capacity": np.full(mentors, capacity),
    }
    return mentee, mentor


def _share(wanted, offered):
    """Share of the wanted items offered; 0 when either side is empty (the app's rule)."""
    count = np.bitwise_count(wanted)
    common = np.bitwise_count(wanted & offered)
    return np.where((count > 0) & (np.bitwise_count(offered) > 0), common / np.maximum(count, 1), 0.0)


def profile_scores(mentee, mentor, rows):
    """Scores of mentees `rows` (a slice) against every mentor, as the app computes them."""
    e = {k: v[rows, None] for k, v in mentee.items()}
    m = {k: v[None, :] for k, v in mentor.items()}
    points = WEIGHTS["request"] * _share(e["requests"], m["competencies"])
    points = points + WEIGHTS["subjects"] * _share(e["subjects"], m["subjects"])
    points = points + WEIGHTS["interests"] * _share(e["interests"], m["interests"])
    points = points + WEIGHTS["age"] * ((m["ageLow"] <= e["age"]) & (e["age"] <= m["ageHigh"]))
    common = np.bitwise_count(e["times"] & m["times"])
    points = points + WEIGHTS["meetingTime"] * np.where(common >= 2, 1.0, np.where(common == 1, 0.75, 0.0))
    points = points + WEIGHTS["place"] * ((e["place"] == m["place"]) | (e["place"] == 2) | (m["place"] == 2))
    points = points + WEIGHTS["form"] * ((m["forms"] >> e["form"].astype(np.uint64)) & np.uint64(1)).astype(bool)
    role = (e["roleModel"] >= 0) & ((m["roleModels"] >> np.maximum(e["roleModel"], 0).astype(np.uint64)) & np.uint64(1)).astype(bool)
    points = points + WEIGHTS["roleModel"] * role
    per_mentee = m["hours"] / np.maximum(m["capacity"], 1)
    points = points + WEIGHTS["timeResource"] * np.minimum(1.0, per_mentee / e["hoursNeeded"])
    # Swift's `rounded()` rounds half away from zero; the scores are never negative.
    return np.clip(np.floor(100 * points / TOTAL_WEIGHT + 0.5), 0, 100).astype(np.int64)


def profile_dense(mentees, seed, mentors=None):
    """Every pair allowed, scores from profiles, capacities 1 (`maxScore`)."""
    mentors = mentors or mentees
    mentee, mentor = profiles(mentees, mentors, 1, seed)
    scores = np.concatenate([profile_scores(mentee, mentor, slice(i, i + 500)) for i in range(0, mentees, 500)])
    return {
        "objective": "maxScore",
        "mentors": [{"id": f"t{j}", "capacity": 1} for j in range(mentors)],
        "mentees": [{"id": f"s{i}"} for i in range(mentees)],
        "scores": scores.tolist(),
    }


def profile_capacitated(mentees, mentors, capacity, candidates, seed):
    """Scores from profiles; each mentee lists its `candidates` best mentors (ties by
    mentor order), so the popular mentors are on many lists and contested."""
    mentee, mentor = profiles(mentees, mentors, capacity, seed)
    edges = []
    for start in range(0, mentees, 500):
        block = profile_scores(mentee, mentor, slice(start, start + 500))
        # Stable sort on the negated score: best first, the lower mentor index among equals.
        order = np.argsort(-block, axis=1, kind="stable")[:, :candidates]
        for r in range(block.shape[0]):
            i = start + r
            for j in order[r].tolist():
                edges.append({"mentee": f"s{i}", "mentor": f"t{j}", "score": int(block[r, j])})
    return {
        "objective": "maxMatchedThenScore",
        "mentors": [{"id": f"t{j}", "capacity": capacity} for j in range(mentors)],
        "mentees": [{"id": f"s{i}"} for i in range(mentees)],
        "edges": edges,
    }


# --- Uniform family: scores drawn uniformly 0-100 (easy for every solver) -------------

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
    parser.add_argument("kind", choices=["profile-dense", "profile-capacitated", "dense", "geometric", "capacitated", "stable"])
    parser.add_argument("--mentees", type=int, required=True)
    parser.add_argument("--mentors", type=int)
    parser.add_argument("--capacity", type=int, default=1)
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--list", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    a = parser.parse_args()
    if a.kind == "profile-dense":
        instance = profile_dense(a.mentees, a.seed, a.mentors)
    elif a.kind == "profile-capacitated":
        instance = profile_capacitated(a.mentees, a.mentors, a.capacity, a.candidates, a.seed)
    elif a.kind == "dense":
        instance = dense(a.mentees, a.seed, a.mentors)
    elif a.kind == "geometric":
        instance = geometric(a.mentees, a.seed)
    elif a.kind == "capacitated":
        instance = capacitated(a.mentees, a.mentors, a.capacity, a.candidates, a.seed)
    else:
        instance = stable(a.mentees, a.mentors, a.capacity, a.list, a.seed)
    write(instance, a.out)


if __name__ == "__main__":
    main()
