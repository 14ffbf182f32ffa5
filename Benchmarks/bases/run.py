#!/usr/bin/env python3
"""Region-scale benchmark of the bases' and the monitoring pages, on SQLite and on PostgreSQL in one run.

Creates a region (`nastavnik demo --region-scale`: 1,000 organizations, 200,000 people by
default), starts the server on each database, signs in as a curator of the largest school
and as the regional coordinator, and times each page over repeated requests on loopback.
Prints the median and the 95th percentile per page, the PostgreSQL/SQLite ratio, and each median as a
multiple of the same server's `/api/v1/health` median in the same run (the ceiling: a request that
does no work, through the same middleware, on the same loaded machine).

    python3 Benchmarks/bases/run.py [--configuration release|debug] [--people N] [--repeat N] [--scratch-path DIR]
"""
import argparse, contextlib, http.cookiejar, os, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time
import urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


class Client:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=60) as r:
            body = r.read()
            if r.status != 200:
                raise RuntimeError(f"{path}: {r.status}")
            return body

    def sign_in(self, login, password):
        self.get("/login")
        token = next(c.value for c in self.jar if c.name == "nastavnik_csrf")
        data = urllib.parse.urlencode({"_csrf": token, "login": login, "password": password, "next": "/"}).encode()
        self.opener.open(self.base + "/login", data=data, timeout=60).read()
        if not any(c.name == "nastavnik_session" for c in self.jar):
            raise RuntimeError("sign-in failed for " + login)


def time_page(client, path, repeat):
    client.get(path)  # warm up caches and the connection pool
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def generate_region(binary, args, env):
    """A fresh data folder with the region (`nastavnik demo --region-scale`): (folder, the server's
    environment for it, the generator's output, seconds it took)."""
    data = tempfile.mkdtemp(prefix="nastavnik-bench-")
    env = dict(env, NASTAVNIK_DATA=data, NASTAVNIK_ENV="production")
    started = time.time()
    out = subprocess.run([binary, "demo", "--region-scale", "--organizations", str(args.organizations), "--people", str(args.people)],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    return data, env, out, time.time() - started


@contextlib.contextmanager
def serving(binary, env, data):
    """The server on the region of `data`, once `/api/v1/health` answers: yields its port; stops it
    and removes the folder afterwards."""
    port = free_port()
    server = subprocess.Popen([binary, "serve", "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).read(); break
            except Exception:
                time.sleep(0.2)
        yield port
    finally:
        server.send_signal(signal.SIGINT)
        try: server.wait(timeout=10)
        except subprocess.TimeoutExpired: server.kill()
        shutil.rmtree(data, ignore_errors=True)


def run_on(engine, binary, args, env):
    data, env, out, generated = generate_region(binary, args, env)
    org = re.search(r"curator-organization-id=(\S+)", out).group(1)
    password = re.search(r"password=(\S+)", out).group(1)
    with serving(binary, env, data) as port:
        base = f"http://127.0.0.1:{port}"
        curator, coordinator = Client(base), Client(base)
        curator.sign_in("kurator.region", password)
        coordinator.sign_in("koordinator.region", password)
        pages = [
            ("наставляемые, первая страница", curator, f"/orgs/{org}/mentees"),
            ("наставляемые, страница 50", curator, f"/orgs/{org}/mentees?page=50"),
            ("наставляемые, запрос + статус", curator, f"/orgs/{org}/mentees?request=bullying&status=inPair"),
            ("наставляемые, поиск по фамилии", curator, f"/orgs/{org}/mentees?q=" + urllib.parse.quote("иванов")),
            ("наставляемые, класс + согласие", curator, f"/orgs/{org}/mentees?class=" + urllib.parse.quote("7Б") + "&consent=valid"),
            ("наставники, форма + контур", curator, f"/orgs/{org}/mentors?form=teacherTeacher&contour=internal"),
            ("координатор: 1000 организаций с числами", coordinator, "/territory"),
        ]
        municipality = re.search(rb"municipality=([0-9A-Fa-f-]{36})", coordinator.get("/indicators")).group(1).decode()
        program = re.search(rf"/orgs/{org}/programs/([0-9A-Fa-f-]{{36}})".encode(), curator.get(f"/orgs/{org}/programs")).group(1).decode()
        pages += [
            ("показатели региона (муниципалитеты, 4 года)", coordinator, "/indicators"),
            ("показатели муниципалитета (организации)", coordinator, f"/indicators?municipality={municipality}"),
            ("показатели региона, XLSX", coordinator, "/indicators.xlsx"),
            ("показатели школы по формам", curator, f"/orgs/{org}/indicators"),
            ("мониторинг программы школы", curator, f"/orgs/{org}/programs/{program}/monitoring"),
            ("завершение программы школы, рейтинг", curator, f"/orgs/{org}/programs/{program}/completion"),
            ("главная куратора самой большой школы: что сделать сейчас", curator, "/"),
            ("главная координатора региона: организации ниже цели", coordinator, "/"),
        ]
        ceiling = time_page(Client(base), "/api/v1/health", args.repeat)
        return generated, [(name, *time_page(client, path, args.repeat)) for name, client, path in pages], ceiling


def benchmark_binary(args):
    """The binary in the benchmark's own scratch folder, built first unless --no-build."""
    if not args.no_build:
        subprocess.run(["swift", "build", "-c", args.configuration, "--scratch-path", args.scratch_path, "--product", "nastavnik"], cwd=ROOT, check=True)
    return os.path.join(ROOT, args.scratch_path, args.configuration, "nastavnik")


def on_both_engines(run_on, binary, args, env):
    """`run_on(engine, binary, args, env)` on SQLite and, unless --skip-postgres, on a throwaway
    PostgreSQL cluster (scripts/throwaway-postgres.sh) stopped and removed afterwards."""
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
    return results


def region_arguments(parser):
    """The options every region benchmark takes: the build, the region's size, the engines."""
    parser.add_argument("--configuration", default="release", choices=["release", "debug"])
    parser.add_argument("--organizations", type=int, default=1000)
    parser.add_argument("--people", type=int, default=200000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--scratch-path", default=".build-bench",
                        help="build folder of its own, so the benchmark's build does not wait on a development build")
    parser.add_argument("--no-build", action="store_true", help="use the binary already built in the scratch path")


def main():
    parser = argparse.ArgumentParser()
    region_arguments(parser)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    binary = benchmark_binary(args)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    results = on_both_engines(run_on, binary, args, env)
    print(f"\nРегион: {args.organizations} организаций, {args.people} человек; сборка {args.configuration}; {args.repeat} запросов на страницу.")
    for engine, (generated, _, ceiling) in results.items():
        print(f"Генерация данных, {engine}: {generated:.0f} с; /api/v1/health: медиана {ceiling[0]:.2f} мс, p95 {ceiling[1]:.2f} мс")
    engines = list(results)
    header = "| страница | " + " | ".join(f"{e}: медиана, мс | {e}: p95, мс | {e}: ÷ health" for e in engines) + (" | PG/SQLite |" if len(engines) == 2 else " |")
    print(header)
    print("|" + "---|" * (1 + 3 * len(engines) + (1 if len(engines) == 2 else 0)))
    for index, (name, *_rest) in enumerate(results[engines[0]][1]):
        cells = []
        for engine in engines:
            _, median, p95 = results[engine][1][index]
            cells += [f"{median:.1f}", f"{p95:.1f}", f"{median / results[engine][2][0]:.0f}"]
        ratio = f" | {results[engines[1]][1][index][1] / results[engines[0]][1][index][1]:.2f}" if len(engines) == 2 else ""
        print(f"| {name} | " + " | ".join(cells) + ratio + " |")


if __name__ == "__main__":
    sys.exit(main())
