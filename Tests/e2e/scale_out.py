#!/usr/bin/env python3
"""Two app servers behind nginx on one PostgreSQL, as a region would run them (issue 21, item 6).

Starts both servers at the same moment on an empty database (they must not both migrate: the
migrations take an advisory lock), puts nginx in front of them (round robin, a header that names
the server that answered), and checks, through nginx only:
  - a session started on one server works on the other: signed-in pages and forms with their CSRF
    token are answered by both, none of them sends the person back to the sign-in page;
  - the sign-in limit is shared through the database: five wrong passwords spread over both
    servers refuse the sixth attempt, even with the right password;
  - an action done on one server is seen on the other at once (an API token made on one works
    on the other);
  - when one server stops, nginx passes every request to the other and nobody sees an error;
  - neither server answered 5xx nor logged an error.

Needs DATABASE_URL of a PostgreSQL where its user may create databases (scripts/throwaway-postgres.sh)
and nginx (Debian's package). In CI (CI=true) a missing one fails the run.

    python3 Tests/e2e/scale_out.py [--binary .build/debug/nastavnik]
"""
import argparse, os, re, shutil, subprocess, sys, tempfile, time, urllib.error, urllib.parse, urllib.request, uuid

from appserver import DEFAULT_BINARY, ROOT, Browser, Server, free_port

NGINX_CONF = """
daemon off;
master_process off;
worker_processes 1;
error_log {folder}/nginx-error.log;
pid {folder}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    access_log {folder}/nginx-access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    client_max_body_size 16m;
    upstream nastavnik {{
        server 127.0.0.1:{port_a} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:{port_b} max_fails=1 fail_timeout=30s;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://nastavnik;
            proxy_set_header Host $host:$server_port;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream error timeout http_502;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def fail(message):
    print("ОШИБКА: " + message, file=sys.stderr)
    sys.exit(1)


def missing(message):
    if os.environ.get("CI") == "true":
        fail(message + " — в CI эта проверка обязательна.")
    print("Пропущено: " + message)
    sys.exit(0)


class PostgresServer(Server):
    """`nastavnik serve` on the given PostgreSQL; its data folder keeps only its log."""

    def __init__(self, binary, data, url, demo=False):
        super().__init__(binary, data, demo)
        self.url = url

    def start(self, timeout=300):
        self.starts += 1
        env = dict(os.environ, DATABASE_URL=self.url, NASTAVNIK_DATA=self.data, NASTAVNIK_TRUSTED_PROXIES="127.0.0.1")
        self.log_path = os.path.join(self.data, f"server-{self.starts}.log")
        self.log = open(self.log_path, "w+")
        command = [self.binary, "serve", "--port", str(self.port)] + (["--demo"] if self.demo else [])
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        return self

    def wait(self, timeout=300):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.base + "/api/v1/health", timeout=1).read()
                return self
            except Exception:
                if self.process.poll() is not None:
                    fail(f"сервер {self.port} не запустился: {self.output()[-3000:]}")
                time.sleep(0.3)
        fail(f"сервер {self.port} не ответил за {timeout} с")


def upstream_of(browser, path):
    """GET through nginx; returns (status, body, the server's port that answered)."""
    request = urllib.request.Request(browser.base + path)
    try:
        with browser.raw.open(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace"), response.headers.get("X-Upstream", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "") or error.read().decode("utf-8", "replace"), error.headers.get("X-Upstream", "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=DEFAULT_BINARY)
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        missing("нет DATABASE_URL с PostgreSQL (scripts/throwaway-postgres.sh), проверка двух серверов")
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not nginx:
        missing("nginx не установлен, проверка двух серверов за балансировщиком")
    if not shutil.which("psql"):
        missing("нет psql, проверка двух серверов")

    # A database of its own, so the run starts empty and leaves the tests' database alone.
    name = "scaleout_" + uuid.uuid4().hex[:8]
    subprocess.run(["psql", base_url, "-q", "-c", f"CREATE DATABASE {name}"], check=True)
    parsed = urllib.parse.urlsplit(base_url)
    url = urllib.parse.urlunsplit(parsed._replace(path="/" + name))

    folder = tempfile.mkdtemp(prefix="nastavnik-scaleout-")
    servers = [PostgresServer(args.binary, os.path.join(folder, "a"), url, demo=True),
               PostgresServer(args.binary, os.path.join(folder, "b"), url)]
    for server in servers:
        os.makedirs(server.data)
    proxy = None
    try:
        # Both at once, as a deploy restarts them: one migrates, the other waits for it.
        for server in servers:
            server.start()
        for server in servers:
            server.wait()
        password = servers[0].demo_password()
        ports = {str(server.port) for server in servers}

        port = free_port()
        with open(os.path.join(folder, "nginx.conf"), "w") as conf:
            conf.write(NGINX_CONF.format(folder=folder, port=port, port_a=servers[0].port, port_b=servers[1].port))
        proxy = subprocess.Popen([nginx, "-c", os.path.join(folder, "nginx.conf"), "-p", folder],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/api/v1/health", timeout=1).read()
                break
            except Exception:
                if proxy.poll() is not None or time.time() > deadline:
                    log = open(os.path.join(folder, "nginx-error.log")).read() if os.path.exists(os.path.join(folder, "nginx-error.log")) else ""
                    fail("nginx не запустился: " + log[-2000:])
                time.sleep(0.2)

        # 1. One session, both servers.
        curator = Browser(base).sign_in("kurator", password)
        answered = {}
        for path in ["/", "/account", "/", "/account"] * 5:
            status, body, upstream = upstream_of(curator, path)
            if status != 200 or 'name="password"' in body:
                fail(f"{path} через {upstream}: HTTP {status}, сеанс не узнан")
            answered[upstream.rsplit(":", 1)[-1]] = answered.get(upstream.rsplit(":", 1)[-1], 0) + 1
        if set(answered) != ports:
            fail(f"ответили не оба сервера: {answered}")
        print(f"Сеанс куратора узнают оба сервера: {answered}")
        # Forms carry their CSRF token to whichever server gets them.
        tokens = []
        for i in range(4):
            status, page = curator.post("/account/tokens", {"name": f"Балансировщик {i}"})
            found = re.search(r'<code class="token">([^<]+)</code>', page)
            if status != 200 or not found:
                fail(f"форма создания токена не прошла через балансировщик (HTTP {status})")
            tokens.append(found.group(1))
        # A token made on one server works on both at once.
        seen = set()
        for token in tokens * 2:
            request = urllib.request.Request(base + "/api/v1/me", headers={"Authorization": "Bearer " + token})
            with urllib.request.urlopen(request, timeout=30) as response:
                if response.status != 200:
                    fail(f"токен не принят: HTTP {response.status}")
                seen.add(response.headers.get("X-Upstream", "").rsplit(":", 1)[-1])
        if seen != ports:
            fail(f"токены проверил не каждый сервер: {seen}")
        print("Формы с CSRF и токены API работают на обоих серверах")

        # 2. The sign-in limit is one for both servers.
        guesser = Browser(base)
        statuses = []
        for i in range(5):
            status, _ = guesser.post("/login", {"login": "nastavnik", "password": f"не-тот-{i}", "next": "/"}, follow=False)
            statuses.append(status)
        status, _ = guesser.post("/login", {"login": "nastavnik", "password": password, "next": "/"}, follow=False)
        if status != 429:
            fail(f"после пяти неверных паролей через два сервера верный пароль принят (HTTP {status}, до этого {statuses})")
        print(f"Ограничение входа общее: {statuses} → {status}")

        # 3. One server stops: nginx sends everyone to the other, nobody sees an error.
        servers[1].stop()
        for i in range(10):
            status, body, upstream = upstream_of(curator, "/")
            if status != 200 or 'name="password"' in body:
                fail(f"после остановки второго сервера: HTTP {status} через {upstream}")
        print("Второй сервер остановлен: все запросы приняты первым")

        # 4. No 5xx and no error in either server's log.
        for server in servers:
            log = server.output()
            errors = [line for line in log.splitlines() if "[ ERROR ]" in line or "[ CRITICAL ]" in line]
            if errors:
                fail(f"ошибки в журнале сервера {server.port}:\n" + "\n".join(errors[:10]))
        with open(os.path.join(folder, "nginx-access.log")) as access:
            codes = re.findall(r'" (\d{3}) ', access.read())
        if any(code.startswith("5") for code in codes):
            fail(f"nginx передал ответ 5xx: {sorted(set(codes))}")
        print(f"Без ошибок: {len(codes)} запросов через nginx, коды {sorted(set(codes))}")
    finally:
        if proxy and proxy.poll() is None:
            proxy.terminate()
            proxy.wait()
        for server in servers:
            server.stop()
        subprocess.run(["psql", base_url, "-q", "-c", f"DROP DATABASE IF EXISTS {name}"], check=False)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
