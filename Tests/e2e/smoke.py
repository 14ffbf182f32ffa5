#!/usr/bin/env python3
"""A real browser over the demo: every main page of the curator, the coordinator and the public,
at desktop and phone widths, with a screenshot of each and a failure on any JavaScript error or
error page; the curator plans a meeting in a pair's space through the form.

    python3 Tests/e2e/smoke.py [--binary .build/debug/nastavnik] [--screenshots Tests/e2e/screenshots]

Needs Chromium and chromium-driver (Debian) and the selenium package; `.ci/run` installs them.
"""
import argparse, os, re, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
WIDTHS = {"desktop": 1280, "phone": 390}


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


class Session:
    def __init__(self, base, shots, name):
        options = Options()
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=ru-RU"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        for binary in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]:
            if os.path.exists(binary):
                options.binary_location = binary
                break
        driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
        self.driver = webdriver.Chrome(service=Service(driver), options=options)
        self.base, self.shots, self.name, self.failures = base, shots, name, []

    def sign_in(self, login, password):
        self.driver.get(self.base + "/login")
        self.driver.find_element(By.NAME, "login").send_keys(login)
        self.driver.find_element(By.NAME, "password").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        if "/login" in self.driver.current_url:
            raise RuntimeError(f"{login}: вход не удался")

    def visit(self, label, path):
        """Opens the page at each width, saves a screenshot, and records errors."""
        for width_name, width in WIDTHS.items():
            self.driver.set_window_size(width, 900)
            self.driver.get(self.base + path)
            height = self.driver.execute_script("return document.body.scrollHeight")
            self.driver.set_window_size(width, min(max(height + 40, 600), 8000))
            self.driver.save_screenshot(os.path.join(self.shots, f"{self.name}-{label}-{width_name}.png"))
            self.check(label + " " + width_name)
        return self.driver.page_source

    def check(self, label):
        errors = [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]
        if errors:
            self.failures.append(f"{self.name}/{label}: ошибка JavaScript или загрузки: {errors[0]}")
        title = self.driver.title
        if not title.endswith("— Наставник") or re.search(r"Ошибка|не найден|Доступ запрещён", title):
            self.failures.append(f"{self.name}/{label}: страница ошибки «{title}»")
        if self.driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 2"):
            self.failures.append(f"{self.name}/{label}: страница шире экрана ({self.driver.get_window_size()['width']} px)")

    def link(self, pattern):
        match = re.search(pattern, self.driver.page_source)
        if not match:
            raise RuntimeError(f"{self.name}: нет ссылки {pattern} на {self.driver.current_url}")
        return match.group(0)

    def quit(self):
        self.driver.quit()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "nastavnik"))
    parser.add_argument("--screenshots", default=os.path.join(ROOT, "Tests", "e2e", "screenshots"))
    args = parser.parse_args()
    os.makedirs(args.screenshots, exist_ok=True)
    data = tempfile.mkdtemp(prefix="nastavnik-e2e-")
    port = free_port()
    log = open(os.path.join(data, "server.log"), "w+")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["NASTAVNIK_DATA"] = data
    server = subprocess.Popen([args.binary, "serve", "--demo", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    sessions = []
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/api/v1/health", timeout=1).read(); break
            except Exception:
                if server.poll() is not None: raise RuntimeError("сервер не запустился")
                time.sleep(0.2)
        log.seek(0)
        password = re.search(r"Пароль всех демонстрационных учётных записей: (\S+)", log.read()).group(1)

        curator = Session(base, args.screenshots, "kurator"); sessions.append(curator)
        curator.sign_in("kurator", password)
        curator.visit("home", "/")
        organization = re.search(rf"/orgs/({UUID})", curator.driver.page_source).group(1)
        programs = curator.visit("programs", f"/orgs/{organization}/programs")
        program = re.search(rf"/orgs/{organization}/programs/({UUID})\">\s*<[^>]*>?\s*Учитель", programs) or re.search(rf"/orgs/{organization}/programs/({UUID})", programs)
        program = program.group(1)
        for label, tail in [("program", ""), ("pairs", "/pairs"), ("rhythm", "/rhythm"), ("completion", "/completion"), ("monitoring", "/monitoring"),
                            ("selection", "/selection"), ("training", "/training")]:
            curator.visit(label, f"/orgs/{organization}/programs/{program}{tail}")
        for label, tail in [("mentees", "/mentees"), ("mentors", "/mentors"), ("indicators", "/indicators"), ("questionnaires", "/questionnaires"),
                            ("cases", "/cases")]:
            curator.visit(label, f"/orgs/{organization}{tail}")
        curator.driver.get(f"{base}/orgs/{organization}/programs/{program}/pairs")
        pair = curator.link(rf"/pairs/{UUID}")
        curator.visit("pair", pair)

        # The curator plans the next working meeting through the form, as a person would.
        curator.driver.set_window_size(1280, 900)
        curator.driver.get(base + pair)
        Select(curator.driver.find_element(By.ID, "f-kind")).select_by_value("working")
        Select(curator.driver.find_element(By.ID, "f-status")).select_by_value("planned")
        day = curator.driver.find_element(By.ID, "f-on")
        curator.driver.execute_script("arguments[0].value = arguments[1]", day, time.strftime("%Y-%m-%d", time.localtime(time.time() + 7 * 86400)))
        curator.driver.find_element(By.ID, "f-startsAt").send_keys("16:00")
        curator.driver.find_element(By.ID, "f-place").send_keys("Кабинет 214")
        day.submit()
        if "Встреча запланирована." not in curator.driver.page_source:
            curator.failures.append("kurator/pair: встреча не запланирована через форму")
        curator.check("pair after planning")

        coordinator = Session(base, args.screenshots, "koordinator"); sessions.append(coordinator)
        coordinator.sign_in("koordinator", password)
        for label, path in [("territory", "/territory"), ("indicators", "/indicators"), ("contests", "/contests")]:
            coordinator.visit(label, path)

        visitor = Session(base, args.screenshots, "public"); sessions.append(visitor)
        for label, path in [("login", "/login"), ("cases", "/cases"), ("honor", "/honor")]:
            visitor.visit(label, path)

        failures = [failure for session in sessions for failure in session.failures]
        shots = len(os.listdir(args.screenshots))
        if failures:
            print("\n".join(failures))
            print(f"Ошибок: {len(failures)}; снимков: {shots} в {args.screenshots}")
            return 1
        print(f"Браузер: все страницы открылись без ошибок; снимков экрана: {shots} в {args.screenshots}")
        return 0
    finally:
        for session in sessions:
            session.quit()
        server.send_signal(signal.SIGINT)
        try: server.wait(timeout=10)
        except subprocess.TimeoutExpired: server.kill()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
