"""Starting the debug server on a data folder of its own and signing in through the browser forms.

Shared by the scripts in Tests/e2e that talk HTTP without a browser (kill_test.py, api_fuzz.py).
Standard library only.
"""
import http.cookiejar, os, re, signal, socket, subprocess, time, urllib.error, urllib.parse, urllib.request, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
DEFAULT_BINARY = os.path.join(ROOT, ".build", "debug", "nastavnik")


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


class Server:
    """`nastavnik serve` on NASTAVNIK_DATA=data (SQLite), its output in data/server-N.log."""

    def __init__(self, binary, data, demo=False):
        self.binary, self.data, self.demo = binary, data, demo
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.starts = 0

    def start(self, timeout=120):
        self.starts += 1
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["NASTAVNIK_DATA"] = self.data
        self.log_path = os.path.join(self.data, f"server-{self.starts}.log")
        self.log = open(self.log_path, "w+")
        command = [self.binary, "serve", "--port", str(self.port)] + (["--demo"] if self.demo and self.starts == 1 else [])
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.base + "/api/v1/health", timeout=1).read()
                return self
            except Exception:
                if self.process.poll() is not None:
                    raise RuntimeError(f"сервер не запустился: {self.output()[-2000:]}")
                time.sleep(0.2)
        raise RuntimeError("сервер не ответил за отведённое время")

    def output(self):
        self.log.flush()
        with open(self.log_path) as f:
            return f.read()

    def demo_password(self):
        found = re.search(r"Пароль всех демонстрационных учётных записей: (\S+)", self.output())
        if not found:
            raise RuntimeError("в выводе сервера нет пароля демонстрационных учётных записей")
        return found.group(1)

    def kill(self):
        """SIGKILL: no shutdown handler runs, as when the power goes."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try: self.process.wait(timeout=10)
            except subprocess.TimeoutExpired: self.kill()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies, the CSRF token in every form, redirects followed or not."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.raw = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def csrf(self):
        for cookie in self.jar:
            if cookie.name == "nastavnik_csrf":
                return cookie.value
        self.get("/login")
        return next(c.value for c in self.jar if c.name == "nastavnik_csrf")

    def get(self, path, timeout=120):
        with self.opener.open(self.base + path, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")

    def post(self, path, fields, timeout=600, follow=True):
        """A form as the browser sends it; returns (status, body or Location)."""
        data = urllib.parse.urlencode(dict(fields, _csrf=self.csrf())).encode()
        return self._send(urllib.request.Request(self.base + path, data=data), timeout, follow)

    def post_file(self, path, fields, name, filename, content, timeout=600, follow=True):
        boundary = "----nastavnik" + uuid.uuid4().hex
        parts = []
        for key, value in dict(fields, _csrf=self.csrf()).items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f'Content-Type: application/octet-stream\r\n\r\n'.encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(self.base + path, data=b"".join(parts),
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        return self._send(request, timeout, follow)

    def _send(self, request, timeout, follow):
        opener = self.opener if follow else self.raw
        try:
            with opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            if 300 <= error.code < 400:
                return error.code, error.headers.get("Location", "")
            return error.code, error.read().decode("utf-8", "replace")

    def sign_in(self, login, password):
        self.get("/login")
        self.post("/login", {"login": login, "password": password, "next": "/"})
        if not any(c.name == "nastavnik_session" for c in self.jar):
            raise RuntimeError(f"{login}: вход не удался")
        return self

    def create_api_token(self, name="CI"):
        status, page = self.post("/account/tokens", {"name": name})
        found = re.search(r'<code class="token">([^<]+)</code>', page)
        if status != 200 or not found:
            raise RuntimeError(f"токен API не создан (HTTP {status})")
        return found.group(1)
