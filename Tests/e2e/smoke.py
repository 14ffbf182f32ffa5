#!/usr/bin/env python3
"""A real browser over the demo: every main page of the curator, the coordinator and the public,
at desktop and phone widths, with a screenshot of each and a failure on any JavaScript error or
error page; the curator plans a meeting in a pair's space through the form.

    python3 Tests/e2e/smoke.py [--binary .build/debug/nastavnik] [--screenshots Tests/e2e/screenshots]

Needs Chromium and chromium-driver (Debian) and the selenium package; `.ci/run` installs them.
"""
import os, re, sys, time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import UUID, Server, Session, arguments  # noqa: E402


def main():
    args = arguments(__doc__)
    server = Server(args.binary, demo=True)
    base = server.base
    sessions = []
    try:
        password = server.wait(r"Пароль всех демонстрационных учётных записей: (\S+)").group(1)

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
        page = curator.driver.find_element(By.TAG_NAME, "html")
        day.submit()
        # submit() may return before the answer arrives on a busy machine (CI read the old page and
        # failed); wait until the next page replaces this one, as Session.submit does.
        WebDriverWait(curator.driver, 30).until(lambda driver: Session.replaced(page))
        if "Встреча запланирована." not in curator.driver.page_source:
            curator.failures.append("kurator/pair: встреча не запланирована через форму")
        curator.check("pair after planning")

        # The profile: an API token with a term and read-only rights made through the form; the
        # token is shown once, on the answer, which is checked and screenshotted at the phone's width.
        curator.visit("account", "/account")
        curator.driver.set_window_size(390, 900)
        curator.open("/account")
        curator.send("/account/tokens", {"name": "Выгрузка в региональную систему", "expiresInDays": "30", "readOnly": True})
        if 'class="token"' not in curator.driver.page_source:
            curator.failures.append("kurator/account: токен API не создан через форму")
        height = curator.driver.execute_script("return document.body.scrollHeight")
        curator.driver.set_window_size(390, min(max(height + 40, 600), 8000))
        curator.driver.save_screenshot(os.path.join(args.screenshots, "kurator-account-new-token-phone.png"))
        curator.visit("account-tokens", "/account")

        # A pupil withdraws the consent to processing: the card is anonymized and says what was removed.
        curator.driver.get(f"{base}/orgs/{organization}/mentees")
        card = curator.link(rf"/orgs/{organization}/mentees/{UUID}")
        curator.open(card)
        row = curator.driver.find_element(By.XPATH, "//tr[td[contains(., 'Обработка персональных данных')]][.//form[contains(@action, '/withdraw')]]")
        curator.submit(row.find_element(By.TAG_NAME, "form"))
        if "персональные данные обезличены" not in curator.driver.page_source:
            curator.failures.append("kurator/mentee: после отзыва согласия карточка не обезличена")
        curator.visit("mentee-withdrawn", card)

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
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
