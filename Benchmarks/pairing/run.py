#!/usr/bin/env python3
"""Region-scale benchmark of a program's pairing pages for the largest school (issue 21, item 2).

Creates the region (`nastavnik demo --region-scale`: 1,000 organizations, 200,000 people; the
largest school, ≈8,000 mentees, with paper consents and its mentors selected in the current
program), starts the release server on SQLite and on PostgreSQL, signs in as the school's curator,
runs the matching once (so the proposal page shows its draft), and times the
pairs, proposal and matching pages over repeated requests on loopback, beside the same server's
`/api/v1/health` (no database work: the ceiling) measured in the same run.

    python3 Benchmarks/pairing/run.py [--configuration release|debug] [--people N] [--repeat N] [--skip-postgres] [--no-build]
"""
import argparse, importlib.util, os, re, shutil, signal, statistics, subprocess, sys, tempfile, time
import urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The client, the timing and the PostgreSQL start are those of the bases' benchmark.
_spec = importlib.util.spec_from_file_location("bases_run", os.path.join(ROOT, "Benchmarks", "bases", "run.py"))
bases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bases)

WEIGHTS = {"weight-request": "10", "weight-subjects": "3", "weight-interests": "3", "weight-age": "0", "weight-meetingTime": "2",
           "weight-place": "2", "weight-form": "5", "weight-roleModel": "0", "weight-timeResource": "0",
           "objective": "maxMatchedThenScore", "previousPairs": "avoid"}


def post(client, path, form):
    token = next(c.value for c in client.jar if c.name == "nastavnik_csrf")
    data = urllib.parse.urlencode(dict(form, _csrf=token)).encode()
    started = time.perf_counter()
    with client.opener.open(client.base + path, data=data, timeout=600) as r:
        r.read()
    return (time.perf_counter() - started) * 1000


def candidates_count(html):
    match = re.search(r"Без наставника \((\d+)\)", html)
    return int(match.group(1)) if match else -1


def run_on(engine, binary, args, env):
    data = tempfile.mkdtemp(prefix="nastavnik-bench-")
    env = dict(env, NASTAVNIK_DATA=data, NASTAVNIK_ENV="production")
    out = subprocess.run([binary, "demo", "--region-scale", "--organizations", str(args.organizations), "--people", str(args.people)],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    org = re.search(r"curator-organization-id=(\S+)", out).group(1)
    password = re.search(r"password=(\S+)", out).group(1)
    port = bases.free_port()
    server = subprocess.Popen([binary, "serve", "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/v1/health", timeout=1).read(); break
            except Exception:
                time.sleep(0.2)
        curator = bases.Client(base)
        curator.sign_in("kurator.region", password)
        # The current program: the one whose pairs page has candidates (last year's is completed).
        ids = dict.fromkeys(re.findall(rf"/orgs/{org}/programs/([0-9A-Fa-f-]{{36}})".encode(), curator.get(f"/orgs/{org}/programs")))
        program = max((i.decode() for i in ids), key=lambda p: candidates_count(curator.get(f"/orgs/{org}/programs/{p}/pairs").decode()))
        pairs = f"/orgs/{org}/programs/{program}/pairs"
        before = candidates_count(curator.get(pairs).decode())
        matching_ms = post(curator, pairs + "/match", WEIGHTS)
        after = candidates_count(curator.get(pairs).decode())
        surname = re.search(r"<td>([А-ЯЁ][а-яё]+) [А-ЯЁ][а-яё]+", curator.get(pairs + "?candidatesPage=40").decode())
        pages = [
            ("сервер без базы: /api/v1/health (потолок)", "/api/v1/health"),
            ("пары программы: счётчики, пары, без наставника (стр. 1)", pairs),
            ("пары программы: без наставника, стр. 40", pairs + "?candidatesPage=40"),
            ("пары программы: поиск по фамилии", pairs + "?q=" + urllib.parse.quote(surname.group(1) if surname else "иванов")),
            ("пары программы: класс + запрос", pairs + "?class=" + urllib.parse.quote("7Б") + "&request=bullying"),
            ("предложение (черновик подбора), стр. 1", pairs + "/proposal"),
            ("предложение, стр. 30", pairs + "/proposal?page=30"),
            ("предложить пару после встречи", pairs + "/propose"),
            ("встреча «Mentor Match»: выбор участников", pairs + "/mentor-match/new"),
        ]
        timed = [(name, *bases.time_page(curator, path, args.repeat)) for name, path in pages]
        return {"candidates": (before, after), "matching_ms": matching_ms, "pages": timed}
    finally:
        server.send_signal(signal.SIGINT)
        try: server.wait(timeout=10)
        except subprocess.TimeoutExpired: server.kill()
        shutil.rmtree(data, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--configuration", default="release", choices=["release", "debug"])
    parser.add_argument("--organizations", type=int, default=1000)
    parser.add_argument("--people", type=int, default=200000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--scratch-path", default=".build-bench")
    parser.add_argument("--no-build", action="store_true", help="use the binary already built in the scratch path")
    args = parser.parse_args()
    if not args.no_build:
        subprocess.run(["swift", "build", "-c", args.configuration, "--scratch-path", args.scratch_path, "--product", "nastavnik"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, args.scratch_path, args.configuration, "nastavnik")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    results = {"SQLite": run_on("SQLite", binary, args, env)}
    if not args.skip_postgres:
        pg = subprocess.run(["bash", "-c", "source scripts/throwaway-postgres.sh >/dev/null && echo $DATABASE_URL $THROWAWAY_PG_DIR $PG_BIN"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
        url, folder, pg_bin = pg
        try:
            results["PostgreSQL"] = run_on("PostgreSQL", binary, args, dict(env, DATABASE_URL=url))
        finally:
            stop = [f"{pg_bin}/pg_ctl", "-D", f"{folder}/data", "-m", "immediate", "stop"]
            if os.geteuid() == 0: stop = ["runuser", "-u", "postgres", "--"] + stop
            subprocess.run(stop, capture_output=True)
            shutil.rmtree(folder, ignore_errors=True)
    print(f"\nРегион: {args.organizations} организаций, {args.people} человек; сборка {args.configuration}; {args.repeat} запросов на страницу.")
    for engine, result in results.items():
        before, after = result["candidates"]
        print(f"{engine}: без наставника до подбора {before}, после {after}; подбор (POST …/match) {result['matching_ms']:.0f} мс")
    engines = list(results)
    print("| страница | " + " | ".join(f"{e}: медиана, мс | {e}: p95, мс | {e}: ÷ /health" for e in engines) + " |")
    print("|" + "---|" * (1 + 3 * len(engines)))
    for index, (name, *_rest) in enumerate(results[engines[0]]["pages"]):
        cells = []
        for engine in engines:
            health = results[engine]["pages"][0][1]
            _, median, p95 = results[engine]["pages"][index]
            cells += [f"{median:.1f}", f"{p95:.1f}", f"{median / health:.0f}"]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
