#!/usr/bin/env python3
"""A school's «студент – ученик» program with the college as its partner, in a real browser, over the
demo: the college's curator finds the program under «Программы партнёров», withdraws one of the
student mentors put forward and puts them forward again; the school's curator sees the partner,
selects the college's students, proposes a pair after a meeting; the student mentor agrees in their
own account, the pupil's parent on «Мои дети» and the pupil on their own page (the curator records the
paper of a student mentor under 18), the mentor records a meeting in the pair's space; the college sees its mentor's pair and meeting with the pupil's initials and class,
never the pupil's name or card; the enterprise, a third organization, sees nothing of it.

    python3 Tests/e2e/partner_program.py [--binary .build/debug/nastavnik] [--screenshots Tests/e2e/screenshots]
"""
import datetime, os, re, sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import UUID, Scenario, Session, StepFailed, arguments, run  # noqa: E402

NAME = "Программа «студент – ученик» с колледжем-партнёром"
YESTERDAY = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()


def scenario(server, args, sessions):
    steps = Scenario(NAME)

    def session(name, login):
        s = Session(server.base, args.screenshots, f"partner-{name}")
        sessions.append(s)
        s.sign_in(login, password)
        return s

    with steps.step("сервер с демонстрационными данными"):
        password = server.wait(r"Пароль всех демонстрационных учётных записей: (\S+)").group(1)

    with steps.step("куратор колледжа видит программу школы в «Программах партнёров» и выдвигает студентов"):
        college = session("kurator-kolledzh", "kurator.kolledzh")
        college.open("/")
        college_org = "/orgs/" + college.link(rf"/orgs/({UUID})", 1)
        college.visit("partner-programs", f"{college_org}/partner-programs")
        partner_page = college.link(rf"{college_org}/partner-programs/{UUID}")
        program_id = partner_page.rsplit("/", 1)[1]
        college.visit("partner-program", partner_page)
        college.send(rf"{partner_page}/nominations/{UUID}/withdraw")
        college.expect("отозвана из программы", "отзыв кандидатуры")
        boxes = college.driver.find_elements(By.CSS_SELECTOR, "input[type=checkbox][name^=mentor-]")
        if not boxes:
            raise StepFailed("отозванного студента нет среди тех, кого можно выдвинуть")
        for box in boxes:
            college.click(box)
        college.submit(college.form(f"{partner_page}/nominations"), "Выдвинуть")
        college.expect("Выдвинут", "выдвижение наставников")

    with steps.step("куратор школы видит партнёра и отбирает студентов колледжа"):
        curator = session("kurator", "kurator")
        curator.open("/")
        org = "/orgs/" + curator.link(rf"/orgs/({UUID})", 1)
        prog = f"{org}/programs/{program_id}"
        curator.visit("program", prog)
        curator.visit("partners", f"{prog}/partners")
        curator.expect("Светлогорский политехнический колледж", "партнёр программы")
        curator.open(f"{prog}/selection")
        curator.send(f"{prog}/selection", button_text="Включить всех")
        rows = curator.driver.find_elements(By.XPATH, "//section[@aria-labelledby='candidates-heading']//tbody/tr[contains(., 'Обучающийся')]")
        candidates = [row.find_element(By.TAG_NAME, "a").get_attribute("href")[len(server.base):] for row in rows]
        if len(candidates) < 3:
            raise StepFailed(f"студентов колледжа в отборе: {len(candidates)}")
        for candidate in candidates:
            curator.open(candidate)
            curator.expect("организацией-партнёром", "карточка кандидата-партнёра")
            curator.send(f"{candidate}/decision", {"decision": "selected"})
        curator.visit("selection", f"{prog}/selection")

    with steps.step("студент-наставник знает своё имя, куратор школы предлагает ему пару после встречи"):
        student = session("student-nastavnik", "student.nastavnik")
        student.open("/account")
        student_name = student.driver.find_element(By.TAG_NAME, "h1").text.strip()
        curator.visit("propose", f"{prog}/pairs/propose")
        form = curator.form(f"{prog}/pairs/propose", fields=("mentorID", "menteeID"))
        mentor_select = Select(form.find_element(By.NAME, "mentorID"))
        mentors = [o for o in mentor_select.options if student_name.split()[0] in o.text]
        if not mentors:
            raise StepFailed(f"{student_name} нет среди наставников предложения")
        mentee_select = Select(form.find_element(By.NAME, "menteeID"))
        mentees = [o for o in mentee_select.options if o.get_attribute("value")]
        if not mentees:
            raise StepFailed("в программе нет наставляемых для предложения")
        pupil_name = mentees[0].text.split("(")[0].strip()
        mentee_id = mentees[0].get_attribute("value")
        curator.submit(form, values={"mentorID": mentors[0].get_attribute("value"), "menteeID": mentees[0].get_attribute("value"),
                                     "scheme": "curatorProposal", "meetingOn": YESTERDAY})
        curator.visit("pairs-proposed", f"{prog}/pairs")

    with steps.step("студент соглашается в своём кабинете, родитель ученика — в «Моих детях», сам ученик — на своей странице"):
        student.visit("my-pairs", "/me/pairs")
        student.send(r"/me/pairs/[0-9A-Fa-f-]{36}/answer", button_text="Соглас")
        # The pupil's card names the representative's login and the pupil's own account.
        card = curator.open(f"{org}/mentees/{mentee_id}")
        guardians = card[card.find("Законные представители"):]
        guardian_login = re.search(r"<li>[^<(]+\(([a-z0-9._-]+)\)", guardians) if "Законные представители" in card else None
        if not guardian_login:
            raise StepFailed("на карточке ученика нет связанного законного представителя")
        pupil_login = re.search(r'account-linked">Связана с учётной записью <code>([^<]+)</code>', card)
        if not pupil_login:
            candidate = re.search(r"Учётные записи этого человека в организации: <code>([^<]+)</code>", card)
            if not candidate:
                raise StepFailed("у ученика нет учётной записи, чтобы ответить самому")
            curator.send(f"{org}/mentees/{mentee_id}/account", {"login": candidate.group(1)})
            pupil_login = candidate
        parent = session("roditel-proby", guardian_login.group(1))
        parent.visit("children", "/me/children")
        parent.send(r"/me/children/pairs/[0-9A-Fa-f-]{36}/answer", button_text="Соглас")
        parent.expect("согласие записано", "согласие представителя в кабинете")
        pupil = session("uchenik-proby", pupil_login.group(1))
        pupil.visit("my-pairs", "/me/pairs")
        if "/answer" in pupil.driver.page_source:  # from 14 the pupil's own word is needed as well
            pupil.send(r"/me/pairs/[0-9A-Fa-f-]{36}/answer", button_text="Соглас")
        # A college student under 18 agrees only with their representative too: the curator records the paper.
        curator.open(f"{prog}/pairs")
        forms = [f for f in curator.driver.find_elements(By.CSS_SELECTOR, "form[action*='/pairs/members/']")
                 if f.find_elements(By.CSS_SELECTOR, "select[name=side] option[value=mentor]")]
        if forms:
            curator.submit(forms[0], values={"side": "mentor", "answer": "accepted", "note": "заявление законного представителя"})
        pupil.visit("my-pairs-formed", "/me/pairs")
        pupil.expect("Пара сформирована", "пара ученика")
        student.visit("my-pairs-formed", "/me/pairs")
        student.expect("Пара сформирована", "пара студента")

    with steps.step("студент записывает встречу-знакомство в пространстве пары"):
        pair = student.link(rf"/pairs/{UUID}")
        student.visit("pair", pair)
        student.send(f"{pair}/meetings", {"kind": "acquaintance", "status": "held", "on": YESTERDAY, "startsAt": "15:00",
                                          "summary": "Познакомились, договорились о правилах и темах"})

    with steps.step("колледж видит пару и встречу своего студента — без имени и карточки ребёнка"):
        page = college.visit("partner-program-pairs", partner_page)
        for text in ["Сформирована", "Встреча-знакомство"]:
            if text not in page:
                raise StepFailed(f"на странице колледжа нет «{text}»")
        if pupil_name.split()[0] in page:
            raise StepFailed(f"колледж видит фамилию ребёнка «{pupil_name.split()[0]}»")
        college.driver.get(server.base + pair)
        if "не найден" not in college.driver.title.lower() and "404" not in college.driver.page_source:
            raise StepFailed("колледж открыл пространство пары школы")

    with steps.step("третья организация (предприятие) не видит программу"):
        plant = session("kadry-zavod", "kadry.zavod")
        plant.open("/")
        plant_org = "/orgs/" + plant.link(rf"/orgs/({UUID})", 1)
        plant.visit("partner-programs", f"{plant_org}/partner-programs")
        if program_id in plant.driver.page_source:
            raise StepFailed("программа школы видна предприятию")
        for path in [f"{plant_org}/partner-programs/{program_id}", f"{college_org}/partner-programs/{program_id}"]:
            plant.driver.get(server.base + path)
            if "404" not in plant.driver.page_source and "не найден" not in plant.driver.title.lower():
                raise StepFailed(f"предприятию открылась {path}")


def main():
    args = arguments(__doc__)
    return run(NAME, lambda server, sessions: scenario(server, args, sessions), args, demo=True)


if __name__ == "__main__":
    sys.exit(main())
