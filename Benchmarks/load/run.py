#!/usr/bin/env python3
"""Load test at the size of a region: 100 people at once on mixed pages, on SQLite and on PostgreSQL.

Builds release (like Benchmarks/bases/run.py, in its own scratch folder), generates the region
(`nastavnik demo --region-scale`: 1,000 organizations, 200,000 people, with accounts for the load
test), starts the server, signs 100 users in through the login form — curators, administrations,
mentors, regional and municipal coordinators, plus anonymous visitors of the public pages — and
lets each of them walk a realistic mix of pages over one keep-alive connection for --seconds.
Every answer other than 2xx/3xx and every connection error counts as an error.

Prints per engine the requests, errors, throughput, median and 99th percentile, overall and
per kind of page, and exits non-zero on any error.

    python3 Benchmarks/load/run.py [--users 100] [--seconds 60] [--think 0] [--skip-postgres] [--no-build]
"""
import argparse, http.client, json, os, random, re, shutil, signal, statistics, subprocess, sys, tempfile, threading, time, urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
sys.path.insert(0, os.path.join(ROOT, "Benchmarks", "bases"))
from run import free_port  # noqa: E402 — the bases benchmark's helpers, one copy


class User:
    """One person: a keep-alive connection, cookies, and the pages they open."""

    def __init__(self, port, role):
        self.port, self.role = port, role
        self.cookies = {}
        self.connection = None
        self.pages = []  # (kind, path, headers)

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A keep-alive connection the server closed while idle: reconnect once.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def get_text(self, path):
        status, data = self.request("GET", path)
        if status >= 400:
            raise RuntimeError(f"{self.role}: {path} → {status}")
        return data.decode("utf-8", "replace")

    def sign_in(self, login, password):
        self.get_text("/login")
        form = urllib.parse.urlencode({"_csrf": self.cookies.get("nastavnik_csrf", ""), "login": login, "password": password, "next": "/"})
        self.request("POST", "/login", body=form)
        if "nastavnik_session" not in self.cookies:
            raise RuntimeError(f"вход не удался: {login}")

    def api_token(self):
        form = urllib.parse.urlencode({"_csrf": self.cookies["nastavnik_csrf"], "name": "Нагрузка"})
        _, data = self.request("POST", "/account/tokens", body=form)
        return re.search(r'<code class="token">([^<]+)</code>', data.decode()).group(1)


def prepare(port, role, login, password, big_org):
    """Signs in and collects the pages the person would open (ids taken from the pages themselves)."""
    user = User(port, role)
    q = urllib.parse.quote
    if role == "аноним":
        user.pages = [("публичные: случаи", "/cases", None), ("публичные: доска почёта", "/honor", None), ("публичные: вход", "/login", None)]
        return user
    user.sign_in(login, password)
    home = user.get_text("/")
    if role in ("куратор", "администрация"):
        org = re.search(rf"/orgs/({UUID})", home).group(1) if role == "администрация" or login != "kurator.region" else big_org
        programs = user.get_text(f"/orgs/{org}/programs")
        program = re.search(rf"/orgs/{org}/programs/({UUID})", programs).group(1)
        base = f"/orgs/{org}"
        user.pages = [
            ("базы: наставляемые, страница", base + "/mentees?page=" + str(random.randint(1, 5)), None),
            ("базы: наставляемые, поиск", base + "/mentees?q=" + q(random.choice(["иванов", "петрова", "смирн", "кузнец"])), None),
            ("базы: наставляемые, фильтры", base + "/mentees?request=bullying&status=inPair", None),
            ("базы: наставники", base + "/mentors?form=teacherTeacher", None),
            ("программа", f"{base}/programs/{program}", None),
            ("показатели организации", base + "/indicators", None),
        ]
        if role == "куратор":
            pairs_page = user.get_text(f"{base}/programs/{program}/pairs")
            pairs = sorted(set(re.findall(rf"/pairs/{UUID}", pairs_page)))[:5]
            user.pages += [("программа: пары", f"{base}/programs/{program}/pairs", None),
                           ("программа: мониторинг", f"{base}/programs/{program}/monitoring", None)]
            user.pages += [("пространство пары", pair, None) for pair in pairs]
            token = user.api_token()
            api = {"Authorization": f"Bearer {token}"}
            user.pages += [("API: наставляемые", f"/api/v1/organizations/{org}/mentees?page=2", api),
                           ("API: программы", f"/api/v1/organizations/{org}/programs", api)]
        else:
            user.pages += [("программы организации", base + "/programs", None)]
    elif role == "наставник":
        pairs = sorted(set(re.findall(rf"/pairs/{UUID}", user.get_text("/me/pairs"))))
        user.pages = [("наставник: мои пары", "/me/pairs", None), ("наставник: главная", "/", None)] + [("пространство пары", p, None) for p in pairs]
    elif role == "координатор региона":
        page = user.get_text("/indicators")
        municipality = re.search(rf"municipality=({UUID})", page).group(1)
        user.pages = [("показатели региона", "/indicators", None), ("показатели муниципалитета", f"/indicators?municipality={municipality}", None),
                      ("координатор: организации", "/territory", None)]
    elif role == "координатор муниципалитета":
        user.pages = [("показатели муниципалитета", "/indicators", None), ("координатор: организации", "/territory", None)]
    return user


def cast(users_wanted):
    """Who signs in: the share of each role in a region's working day."""
    cast = []
    for i in range(users_wanted):
        slot = i % 20
        if slot < 6:
            n = i % 21
            cast.append(("куратор", "kurator.region" if n == 0 else f"kurator.region.{n}"))
        elif slot < 9:
            cast.append(("администрация", f"direktor.region.{1 + i % 20}"))
        elif slot < 13:
            cast.append(("наставник", f"nastavnik.region.{1 + i % 20}"))
        elif slot == 13:
            cast.append(("координатор региона", "koordinator.region"))
        elif slot == 14:
            cast.append(("координатор муниципалитета", f"koordinator.mo.{1 + i % 5}"))
        else:
            cast.append(("аноним", None))
    return cast


def walk(user, stop_at, think, results, lock):
    local = []
    while time.time() < stop_at:
        kind, path, headers = random.choice(user.pages)
        started = time.perf_counter()
        try:
            status, _ = user.request("GET", path, headers=headers)
            error = None if 200 <= status < 400 else f"HTTP {status}"
        except Exception as exception:
            error = type(exception).__name__
            user.connection = None
        local.append((kind, (time.perf_counter() - started) * 1000, error, path))
        if think:
            time.sleep(random.uniform(0, 2 * think))
    with lock:
        results.extend(local)


def hammer_health(user, stop_at, counts, lock):
    """The ceiling: the same users on the same connections ask only /api/v1/health, with no pauses."""
    done = failed = 0
    while time.time() < stop_at:
        try:
            status, _ = user.request("GET", "/api/v1/health")
            done += 1
            failed += 0 if status == 200 else 1
        except Exception:
            failed += 1
            user.connection = None
    with lock:
        counts[0] += done
        counts[1] += failed


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else 0.0


def run_on(engine, binary, args, env):
    data = tempfile.mkdtemp(prefix="nastavnik-load-")
    env = dict(env, NASTAVNIK_DATA=data, NASTAVNIK_ENV="production")
    out = subprocess.run([binary, "demo", "--region-scale", "--organizations", str(args.organizations), "--people", str(args.people)],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    big_org = re.search(r"curator-organization-id=(\S+)", out).group(1)
    password = re.search(r"password=(\S+)", out).group(1)
    port = free_port()
    log = open(os.path.join(data, "server.log"), "w+")
    server = subprocess.Popen([binary, "serve", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                User(port, "проверка").request("GET", "/api/v1/health"); break
            except Exception:
                time.sleep(0.2)
        random.seed(11)
        prepared, failures = [None] * args.users, []

        def sign_in(index, role, login):
            try:
                prepared[index] = prepare(port, role, login, password, big_org)
            except Exception as error:
                failures.append(f"{login}: {error}")

        people = cast(args.users)
        for start in range(0, len(people), 10):  # ten sign-ins at a time: bcrypt is meant to be slow
            threads = [threading.Thread(target=sign_in, args=(start + k, role, login)) for k, (role, login) in enumerate(people[start:start + 10])]
            for t in threads: t.start()
            for t in threads: t.join()
        if failures:
            raise RuntimeError("подготовка: " + "; ".join(failures[:5]))
        print(f"{engine}: вошли {args.users} пользователей, нагрузка {args.seconds} с…", flush=True)
        results, lock = [], threading.Lock()
        started = time.time()
        stop_at = started + args.seconds
        threads = [threading.Thread(target=walk, args=(user, stop_at, args.think, results, lock)) for user in prepared]
        for t in threads: t.start()
        for t in threads: t.join()
        elapsed = time.time() - started
        # The server's own ceiling in the same run: the mix's throughput is read as a share of it.
        health, health_started = [0, 0], time.time()
        threads = [threading.Thread(target=hammer_health, args=(user, health_started + args.health_seconds, health, lock)) for user in prepared]
        for t in threads: t.start()
        for t in threads: t.join()
        health_throughput = health[0] / (time.time() - health_started)
        errors_in_log = [line for line in open(os.path.join(data, "server.log"), errors="replace") if "[ ERROR ]" in line or "Fatal error" in line]
        return {"elapsed": elapsed, "results": results, "server_errors": errors_in_log[:5],
                "health_throughput": health_throughput, "health_errors": health[1]}
    finally:
        server.send_signal(signal.SIGINT)
        try: server.wait(timeout=10)
        except subprocess.TimeoutExpired: server.kill()
        shutil.rmtree(data, ignore_errors=True)


def summarize(engine, run):
    results = run["results"]
    times = [r[1] for r in results]
    errors = [r for r in results if r[2]]
    kinds = {}
    for kind, ms, error, _ in results:
        kinds.setdefault(kind, []).append((ms, error))
    return {
        "engine": engine, "requests": len(results), "errors": len(errors) + run["health_errors"], "throughput": len(results) / run["elapsed"],
        "health_throughput": run["health_throughput"],
        "median": statistics.median(times) if times else 0, "p99": percentile(times, 0.99),
        "kinds": {kind: {"requests": len(v), "errors": sum(1 for _, e in v if e), "median": statistics.median([m for m, _ in v]),
                         "p99": percentile([m for m, _ in v], 0.99)} for kind, v in kinds.items()},
        "error_samples": [f"{e[2]} {e[3]}" for e in errors[:5]], "server_errors": run["server_errors"],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between a user's pages, seconds (0: the next page at once)")
    parser.add_argument("--organizations", type=int, default=1000)
    parser.add_argument("--people", type=int, default=200000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--scratch-path", default=".build-bench")
    parser.add_argument("--no-build", action="store_true", help="use the release binary already in the scratch path")
    parser.add_argument("--binary", help="another build of nastavnik (e.g. .build/debug/nastavnik for a quick try); implies --no-build")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--health-seconds", type=int, default=15, help="how long the same users then ask only /api/v1/health (the ceiling)")
    args = parser.parse_args()
    if not args.no_build and not args.binary:
        subprocess.run(["swift", "build", "-c", "release", "--scratch-path", args.scratch_path, "--product", "nastavnik"], cwd=ROOT, check=True)
    binary = os.path.abspath(args.binary) if args.binary else os.path.join(ROOT, args.scratch_path, "release", "nastavnik")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    summaries = [summarize("SQLite", run_on("SQLite", binary, args, env))]
    if not args.skip_postgres:
        pg = subprocess.run(["bash", "-c", "source scripts/throwaway-postgres.sh >/dev/null && echo $DATABASE_URL $THROWAWAY_PG_DIR $PG_BIN"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
        url, folder, pg_bin = pg
        try:
            summaries.append(summarize("PostgreSQL", run_on("PostgreSQL", binary, args, dict(env, DATABASE_URL=url))))
        finally:
            stop = [f"{pg_bin}/pg_ctl", "-D", f"{folder}/data", "-m", "immediate", "stop"]
            if os.geteuid() == 0: stop = ["runuser", "-u", "postgres", "--"] + stop
            subprocess.run(stop, capture_output=True)
            shutil.rmtree(folder, ignore_errors=True)

    print(f"\n{time.strftime('%Y-%m-%d')}: {args.users} пользователей, {args.seconds} с, пауза {args.think} с; "
          f"регион {args.organizations} организаций, {args.people} человек; {'сборка ' + args.binary if args.binary else 'release'}; "
          f"{os.cpu_count()} ядра (клиент на той же машине).")
    print("| база | запросов | ошибок | запросов/с | /api/v1/health, запросов/с | доля потолка | медиана, мс | p99, мс |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|")
    for s in summaries:
        share = s["throughput"] / s["health_throughput"] if s["health_throughput"] else 0
        print(f"| {s['engine']} | {s['requests']} | {s['errors']} | {s['throughput']:.1f} | {s['health_throughput']:.0f} | {share:.3f} | "
              f"{s['median']:.0f} | {s['p99']:.0f} |")
    kinds = sorted({k for s in summaries for k in s["kinds"]})
    print("\n| страница | " + " | ".join(f"{s['engine']}: запросов | медиана | p99" for s in summaries) + " |")
    print("|---|" + "---:|---:|---:|" * len(summaries))
    for kind in kinds:
        cells = []
        for s in summaries:
            k = s["kinds"].get(kind)
            cells += [f"{k['requests']}" + (f" ({k['errors']} ош.)" if k["errors"] else ""), f"{k['median']:.0f}", f"{k['p99']:.0f}"] if k else ["—"] * 3
        print(f"| {kind} | " + " | ".join(cells) + " |")
    failed = False
    for s in summaries:
        if s["errors"] or s["server_errors"]:
            failed = True
            print(f"\n{s['engine']}: ошибки: {s['error_samples']}; в журнале сервера: {s['server_errors']}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(summaries, f, ensure_ascii=False, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
