"""What the browser scenarios share: the server on its own data directory, a Chromium session
that screenshots pages at desktop and phone widths and records JavaScript errors, error pages
and pages wider than the screen, and small helpers to fill and send forms as a person would.

Needs Chromium and chromium-driver (Debian) and the selenium package; `.ci/run` installs them.
"""
import argparse, contextlib, os, re, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
WIDTHS = {"desktop": 1280, "phone": 390}


class StepFailed(RuntimeError):
    pass


def arguments(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "nastavnik"))
    parser.add_argument("--screenshots", default=os.path.join(ROOT, "Tests", "e2e", "screenshots"))
    args = parser.parse_args()
    os.makedirs(args.screenshots, exist_ok=True)
    return args


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


class Server:
    """`nastavnik serve` on a fresh temporary data directory (SQLite), stopped by `stop()`."""

    def __init__(self, binary, demo=False):
        self.data = tempfile.mkdtemp(prefix="nastavnik-e2e-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(self.data, "server.log"), "w+")
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["NASTAVNIK_DATA"] = self.data
        command = [binary, "serve", "--port", str(self.port)] + (["--demo"] if demo else [])
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait(self, pattern=None, seconds=90):
        """Waits for the health check and, with `pattern`, for a line of the output; returns the match."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise StepFailed("сервер не запустился:\n" + self.output()[-2000:])
            try:
                urllib.request.urlopen(self.base + "/api/v1/health", timeout=1).read()
                if pattern is None: return None
                match = re.search(pattern, self.output())
                if match: return match
            except OSError:
                pass
            time.sleep(0.2)
        raise StepFailed(f"сервер не ответил за {seconds} с" + (f" или не напечатал {pattern}" if pattern else ""))

    def output(self):
        self.log.flush()
        with open(self.log.name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try: self.process.wait(timeout=10)
            except subprocess.TimeoutExpired: self.process.kill(); self.process.wait()
        self.log.close()
        shutil.rmtree(self.data, ignore_errors=True)


class Session:
    """One person's browser. `visit` screenshots a page at both widths and records problems in `failures`."""

    def __init__(self, base, shots, name):
        options = Options()
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=ru-RU"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.downloads = tempfile.mkdtemp(prefix="nastavnik-e2e-downloads-")
        options.add_experimental_option("prefs", {"download.default_directory": self.downloads, "download.prompt_for_download": False})
        for binary in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]:
            if os.path.exists(binary):
                options.binary_location = binary
                break
        driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
        self.driver = webdriver.Chrome(service=Service(driver), options=options)
        self.driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": self.downloads})
        self.driver.set_window_size(WIDTHS["desktop"], 900)
        self.base, self.shots, self.name, self.failures = base, shots, name, []

    # Pages

    def sign_in(self, login, password):
        self.driver.get(self.base + "/login")
        self.driver.find_element(By.NAME, "login").send_keys(login)
        self.driver.find_element(By.NAME, "password").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        # The click returns before the answer on a busy machine (bcrypt, a cold server): wait for it.
        deadline = time.time() + 20
        while "/login" in self.driver.current_url and time.time() < deadline:
            if self.driver.find_elements(By.CSS_SELECTOR, ".flash-error, .error"):
                break
            time.sleep(0.2)
        if "/login" in self.driver.current_url:
            shown = " ".join(e.text for e in self.driver.find_elements(By.CSS_SELECTOR, ".flash, .error"))
            raise StepFailed(f"{login}: вход не удался{': ' + shown if shown else ''}")

    def visit(self, label, path=None):
        """Opens the page (or the current one) at each width, saves a screenshot, and records errors."""
        path = path or self.path()
        for width_name, width in WIDTHS.items():
            self.driver.set_window_size(width, 900)
            self.driver.get(self.base + path)
            height = self.driver.execute_script("return document.body.scrollHeight")
            self.driver.set_window_size(width, min(max(height + 40, 600), 8000))
            self.driver.save_screenshot(os.path.join(self.shots, f"{self.name}-{label}-{width_name}.png"))
            self.check(label + " " + width_name)
        self.driver.set_window_size(WIDTHS["desktop"], 900)
        return self.driver.page_source

    def open(self, path):
        self.driver.get(self.base + path)
        self.check(path)
        return self.driver.page_source

    def path(self):
        url = self.driver.current_url
        return url[len(self.base):] if url.startswith(self.base) else url

    def check(self, label):
        errors = [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]
        if errors:
            self.failures.append(f"{self.name}/{label}: ошибка JavaScript или загрузки: {errors[0]}")
        title = self.driver.title
        if not title.endswith("— Наставник") or re.search(r"Ошибка|не найден|Доступ запрещён", title):
            self.failures.append(f"{self.name}/{label}: страница ошибки «{title}»")
        if self.driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 2"):
            self.failures.append(f"{self.name}/{label}: страница шире экрана ({self.driver.get_window_size()['width']} px)")

    def link(self, pattern, group=0):
        match = re.search(pattern, self.driver.page_source)
        if not match:
            raise StepFailed(f"{self.name}: нет ссылки {pattern} на {self.path()}")
        return match.group(group)

    def expect(self, text, what):
        """Fails the step unless the page shows `text`; names the form errors it shows instead."""
        if text not in self.driver.page_source:
            raise StepFailed(f"{self.name}: {what}: на {self.path()} нет «{text}». {self.shown_errors()}")

    def shown_errors(self):
        texts = [e.text.strip() for e in self.driver.find_elements(By.CSS_SELECTOR, ".error, .flash-error, .flash-warning, .problems li") if e.text.strip()]
        return ("Страница показывает: " + " | ".join(texts[:8])) if texts else f"Заголовок: «{self.driver.title}»."

    # Forms

    def form(self, action, fields=()):
        """The form sent to `action` (a path or a regular expression) that has the named fields."""
        for form in self.driver.find_elements(By.TAG_NAME, "form"):
            target = (form.get_attribute("action") or "")[len(self.base):]
            # Upload forms carry their CSRF token in the address (checked before the body is read).
            target = re.sub(r"\?_csrf=[^&]*$", "", target)
            if (target == action or re.fullmatch(action, target)) and all(form.find_elements(By.NAME, name) for name in fields):
                return form
        raise StepFailed(f"{self.name}: на {self.path()} нет формы {action}")

    def fill(self, form, values):
        """Types into text fields, picks options, ticks boxes: `values` maps a field name to a value
        (True/False for a checkbox; for radio buttons the value to choose)."""
        for name, value in values.items():
            fields = form.find_elements(By.NAME, name)
            if not fields:
                raise StepFailed(f"{self.name}: в форме на {self.path()} нет поля «{name}»")
            field = fields[0]
            self.reveal(field)
            kind = (field.get_attribute("type") or "").lower()
            if field.tag_name == "select":
                select = Select(field)
                try: select.select_by_value(value)
                except Exception: select.select_by_visible_text(value)
            elif kind == "checkbox":
                if field.is_selected() != bool(value): self.click(field)
            elif kind == "radio":
                chosen = [f for f in fields if f.get_attribute("value") == value]
                if not chosen: raise StepFailed(f"{self.name}: у поля «{name}» нет варианта «{value}»")
                self.click(chosen[0])
            elif kind == "date":
                # Chromium's date input takes keys in the locale's order; the value is set directly, as a picker would.
                self.driver.execute_script("arguments[0].value = arguments[1]", field, value)
            elif kind == "file":
                field.send_keys(value)
            else:
                field.clear()
                field.send_keys(value)

    def submit(self, form, button_text=None, values=None):
        """Fills and sends the form with its (named) submit button, accepting a confirmation."""
        if values: self.fill(form, values)
        buttons = form.find_elements(By.CSS_SELECTOR, "button[type=submit], button:not([type])")
        if button_text:
            buttons = [b for b in buttons if button_text in b.text]
        if not buttons:
            raise StepFailed(f"{self.name}: нет кнопки «{button_text}» в форме {form.get_attribute('action')}")
        self.driver.execute_script("window.confirm = () => true")
        self.reveal(buttons[0])
        page = self.driver.find_element(By.TAG_NAME, "html")
        self.click(buttons[0])
        # The click may return before the answer on a busy machine; the old page was then read as
        # the answer («нет «Встреча записана»»). Wait until the next page replaces this one.
        try: WebDriverWait(self.driver, 30).until(lambda driver: self.replaced(page))
        except TimeoutException: pass
        self.check("после отправки формы на " + self.path())

    def send(self, action, values=None, button_text=None):
        self.submit(self.form(action, list(values or {})), button_text, values)
        return self.driver.page_source

    @staticmethod
    def replaced(element):
        """True once `element` is gone with its page: Chromium says so as a stale element or, while
        the next page loads, as «Node with given id does not belong to the document»."""
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True

    def reveal(self, element):
        """Opens the closed <details> around a field, as a person clicks its summary first."""
        self.driver.execute_script("for (let d = arguments[0].closest('details'); d; d = d.parentElement.closest('details')) d.open = true", element)

    def click(self, element):
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def answer_questionnaire(self, text="Ответ участника для проверки"):
        """Answers every question of the open questionnaire the way a person would, and sends it."""
        for question in self.driver.find_elements(By.CSS_SELECTOR, "form.questionnaire fieldset.question"):
            self.reveal(question)
            radios = question.find_elements(By.CSS_SELECTOR, "input[type=radio]")
            boxes = question.find_elements(By.CSS_SELECTOR, "input[type=checkbox]")
            selects = question.find_elements(By.TAG_NAME, "select")
            if radios: self.click(radios[len(radios) // 2])
            elif boxes: self.click(boxes[0])
            elif selects:
                for place, select in enumerate(selects):
                    options = Select(select).options
                    Select(select).select_by_index(min(place + 1, len(options) - 1))
            for field in question.find_elements(By.CSS_SELECTOR, "input[type=text], textarea")[:3]:
                field.clear()
                field.send_keys("3" if field.get_attribute("inputmode") == "decimal" else text)
            for field in question.find_elements(By.CSS_SELECTOR, "input[type=date]"):
                self.driver.execute_script("arguments[0].value = arguments[1]", field, time.strftime("%Y-%m-%d"))
        self.submit(self.driver.find_element(By.CSS_SELECTOR, "form.questionnaire"), "Отправить ответы")
        self.expect("Спасибо! Ответы на анкету", "анкета не отправлена")

    def download(self, start, suffix, seconds=30):
        """Runs `start` (which makes the browser download a file) and returns the path of the file."""
        before = set(os.listdir(self.downloads))
        start()
        deadline = time.time() + seconds
        while time.time() < deadline:
            ready = [f for f in set(os.listdir(self.downloads)) - before if f.endswith(suffix)]
            if ready:
                return os.path.join(self.downloads, ready[0])
            time.sleep(0.2)
        raise StepFailed(f"{self.name}: файл *{suffix} не скачался за {seconds} с")

    def quit(self):
        try: self.driver.quit()
        finally: shutil.rmtree(self.downloads, ignore_errors=True)


class Scenario:
    """Runs numbered steps; a failing step stops the scenario with its name and the reason."""

    def __init__(self, name):
        self.name, self.number, self.started = name, 0, time.time()

    @contextlib.contextmanager
    def step(self, title):
        self.number += 1
        label = f"шаг {self.number}: {title}"
        print(f"[{time.time() - self.started:5.1f} с] {label}", flush=True)
        try:
            yield
        except StepFailed as error:
            raise StepFailed(f"{self.name}, {label} — {error}") from None
        except Exception as error:
            raise StepFailed(f"{self.name}, {label} — {type(error).__name__}: {error}") from error


def finish(name, sessions, shots):
    """Prints the recorded page problems; returns the exit code."""
    failures = [failure for session in sessions for failure in session.failures]
    count = len(os.listdir(shots))
    if failures:
        print("\n".join(failures))
        print(f"{name}: ошибок на страницах: {len(failures)}; снимков: {count} в {shots}")
        return 1
    print(f"{name}: всё прошло, страницы без ошибок; снимков экрана в папке: {count} ({shots})")
    return 0


def run(name, scenario, args, demo=False):
    """Starts the server, calls `scenario(server, sessions)`, and always stops both; a failed step
    becomes a clear message and exit code 1, page problems are listed by `finish`."""
    sessions, server = [], None
    try:
        if not os.path.exists(args.binary):
            raise StepFailed(f"нет {args.binary}: сначала соберите сервер (swift build)")
        server = Server(args.binary, demo=demo)
        scenario(server, sessions)
        return finish(name, sessions, args.screenshots)
    except StepFailed as error:
        print(f"ПРОВАЛ: {error}", file=sys.stderr)
        for session in sessions:
            if session.failures: print("\n".join(session.failures), file=sys.stderr)
        return 1
    finally:
        for session in sessions:
            session.quit()
        if server: server.stop()
