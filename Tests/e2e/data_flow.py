#!/usr/bin/env python3
"""One flow of data (issue 17) in a real browser, on a fresh empty database: a college runs
«работодатель – студент» with two enterprise mentors and two students. Everything monitoring and
matching show comes only from what the people typed on their own pages: the curator sends the
mentor and mentee questionnaires from the program's page (worded for the form: no «после уроков»),
the people answer; matching «по анкетам» pairs the future technologist with the technologist and its
«Почему эта пара» cites «из анкеты от …»; the satisfaction surveys at entry and at exit fill the
before/after dynamics; the quality survey's answers become the SWOT proposals and satisfaction by role.

    python3 Tests/e2e/data_flow.py [--binary .build/debug/nastavnik] [--screenshots Tests/e2e/screenshots]
"""
import datetime, os, re, sys

from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import UUID, Scenario, Session, StepFailed, arguments, run  # noqa: E402
from teacher_cycle import xlsx  # noqa: E402

NAME = "Данные текут: анкеты → подбор, SWOT, удовлетворённость, динамика"
PASSWORD = "Наставник-2026-пароль"
TODAY = datetime.date.today()
YEAR = TODAY.year if TODAY.month >= 9 else TODAY.year - 1

MENTORS = [  # login, surname, name, patronymic, what the questionnaire says they can help with
    ("tekhnologov.ip", "Технологов", "Игорь", "Петрович", "Технологическая подготовка производства, чертежи в КОМПАС-3D, подготовка к трудоустройству"),
    ("elektrikov.sa", "Электриков", "Сергей", "Андреевич", "Электромонтаж, релейная защита, обслуживание электрооборудования"),
]
STUDENTS = [  # login, surname, name, patronymic, request typed in the questionnaire
    ("sokolova.ev", "Соколова", "Евгения", "Викторовна", "Хочу стать технологом: освоить КОМПАС-3D и чертежи"),
    ("morozov.dn", "Морозов", "Денис", "Николаевич", "Хочу работать электромонтажником: релейная защита"),
]


def answer(person, answers):
    """Answers the open questionnaire as typed: `answers` maps the start of a question's text to a
    text, an option's label, a list of labels, or a score 1–10."""
    for question in person.driver.find_elements(By.CSS_SELECTOR, "form.questionnaire fieldset.question"):
        legend = re.sub(r"^\d+\.\s*", "", question.find_element(By.TAG_NAME, "legend").text).rstrip(" *")
        value = next((v for k, v in answers.items() if legend.startswith(k)), None)
        if value is None: continue
        person.reveal(question)
        fields = question.find_elements(By.CSS_SELECTOR, "textarea, input[type=text]")
        if fields:
            fields[0].clear()
            fields[0].send_keys(value)
            continue
        for label in question.find_elements(By.TAG_NAME, "label"):
            text = label.text.strip()
            chosen = value if isinstance(value, list) else [str(value)]
            if text in chosen:
                person.click(label.find_element(By.TAG_NAME, "input"))
    person.submit(person.driver.find_element(By.CSS_SELECTOR, "form.questionnaire"), "Отправить ответы")
    person.expect("Спасибо! Ответы на анкету", "анкета не отправлена")


def open_questionnaire(person, title):
    """Opens the person's open questionnaire of this title on «Мои анкеты»."""
    person.open("/my/questionnaires")
    links = person.driver.find_elements(By.XPATH, f"//a[contains(@href, '/my/questionnaires/') and contains(., '{title}')]")
    if not links:
        raise StepFailed(f"{person.name}: на «Мои анкеты» нет анкеты «{title}»")
    person.open(links[0].get_attribute("href")[len(person.base):])


def scenario(server, args, sessions):
    steps = Scenario(NAME)
    people = {}

    def session(name):
        s = Session(server.base, args.screenshots, f"flow-{name}")
        sessions.append(s)
        return s

    with steps.step("сервер на пустой базе печатает одноразовый пароль администратора"):
        one_time = server.wait(r"Пароль:\s*(\S+)").group(1)

    admin = session("admin")
    with steps.step("администратор создаёт регион, муниципалитет и колледж"):
        admin.sign_in("admin", one_time)
        admin.open("/account/password")
        admin.send("/account/password", {"currentPassword": one_time, "newPassword": PASSWORD, "newPasswordConfirmation": PASSWORD})
        admin.open("/admin/regions")
        admin.send("/admin/regions", {"name": "Приморский край", "code": "25"})
        region = admin.link(rf"/admin/regions/({UUID})", 1)
        admin.open(f"/admin/regions/{region}")
        admin.send(f"/admin/regions/{region}/municipalities", {"municipalityName": "Городской округ Светлогорск"})
        admin.send(f"/admin/regions/{region}/organizations", {
            "municipalityID": "Городской округ Светлогорск",
            "organizationName": "Государственное бюджетное профессиональное образовательное учреждение «Светлогорский политехнический колледж»",
            "shortName": "ГБПОУ «СПК»", "kind": "college"})
        admin.open(f"/admin/regions/{region}")
        organization = admin.link(rf"/orgs/({UUID})", 1)

    def invite(login, last, first, middle, role, position):
        admin.open(f"/orgs/{organization}/members")
        admin.send(f"/orgs/{organization}/members", {"lastName": last, "firstName": first, "middleName": middle, "login": login,
                                                       "role": role, "position": position})
        return admin.link(r"/invitations/[A-Za-z0-9_\-]+")

    def accept(login, link):
        person = session(login.split(".")[0])
        person.open(link)
        person.send(re.sub(r"^https?://[^/]+", "", link), {"password": PASSWORD, "passwordConfirmation": PASSWORD})
        if "/invitations/" in person.path():
            raise StepFailed(f"{login}: приглашение не принято. " + person.shown_errors())
        return person

    with steps.step("куратор, наставники с завода и студенты принимают приглашения"):
        curator = accept("kurator.spk", invite("kurator.spk", "Петрова", "Елена", "Викторовна", "curator", "заместитель директора по УПР"))
        for login, last, first, middle, _ in MENTORS:
            people[login] = accept(login, invite(login, last, first, middle, "mentor", "инженер АО «Светлогорский завод»"))
        for login, last, first, middle, _ in STUDENTS:
            people[login] = accept(login, invite(login, last, first, middle, "mentee", "студент группы ТМ-21"))

    org = f"/orgs/{organization}"
    with steps.step("куратор открывает программу «работодатель – студент» и импортирует базы"):
        curator.open(f"{org}/programs/new")
        curator.send(f"{org}/programs", {
            "name": "Путь в профессию", "form_employerStudent": True, "template": "",
            "goals": "Подготовка студентов к работе на заводе", "startsOn": f"{YEAR}-09-01", "endsOn": f"{YEAR + 1}-06-30"})
        prog = curator.link(rf"{org}/programs/{UUID}")
        for kind, rows in [
            ("mentor", [["ФИО", "Категория наставника", "Формы наставничества", "Компетенции", "Наставляемых одновременно", "Дата рождения"]]
             + [[f"{last} {first} {middle}", "сотрудник предприятия", "работодатель – студент", "Производство", "2", "14.03.1980"]
                for _, last, first, middle, _ in MENTORS]),
            # Both students bring the same request from the base: only their questionnaires tell them apart.
            ("mentee", [["ФИО", "Форма наставничества", "Запросы", "Дата рождения", "Класс / группа"]]
             + [[f"{last} {first} {middle}", "работодатель – студент", "Профессиональная ориентация", "05.06.2007", "ТМ-21"]
                for _, last, first, middle, _ in STUDENTS]),
        ]:
            path = os.path.join(server.data, f"{kind}.xlsx")
            with open(path, "wb") as f: f.write(xlsx(rows))
            curator.open(f"{org}/imports/new")
            curator.send(rf"{org}/imports(\?_csrf=.*)?", {"kind": kind, "file": path})
            if "/confirm" not in curator.driver.page_source:
                raise StepFailed(f"импорт {kind} не готов к подтверждению: " + curator.driver.find_element(By.TAG_NAME, "main").text[:1500])
            curator.send(rf"{org}/imports/{UUID}/confirm")
            curator.expect("Импорт завершён: добавлено", f"импорт {kind}")

    cards = {}
    with steps.step("куратор вносит согласия, связывает карточки с учётными записями и отбирает наставников"):
        for kind, rows in [("mentors", MENTORS), ("mentees", STUDENTS)]:
            for login, last, *_ in rows:
                curator.open(f"{org}/{kind}")
                card = re.search(rf"({org}/{kind}/{UUID})\"[^<]*>[^<]*{last}", curator.driver.page_source).group(1)
                curator.open(card)
                curator.send(f"{card}/consents", {"purpose": "processing", "givenOn": "01.09.2026"})
                curator.send(f"{card}/account", {"login": login})
                curator.expect("Запись связана с учётной записью", f"учётная запись {login}")
                cards[login] = card.rsplit("/", 1)[1]
        curator.open(f"{prog}/selection")
        curator.send(f"{prog}/selection", button_text="Включить всех")
        for login, *_ in MENTORS:
            curator.open(f"{prog}/selection/{cards[login]}")
            curator.send(f"{prog}/selection/{cards[login]}/decision", {"decision": "selected"})
        curator.open(f"{prog}/selection")
        curator.expect("отобрано: 2", "отбор")

    def send_survey(source, audience):
        curator.open(f"{prog}/surveys")
        curator.send(f"{prog}/surveys", {"source": source, "audience": audience})
        curator.expect("отправлена", f"отправка {source}")

    with steps.step("с программы уходят анкеты наставника и наставляемого, сформулированные для формы"):
        send_survey("template:mentor-application", "mentors")
        send_survey("template:mentee-request", "mentees")
        curator.visit("surveys", f"{prog}/surveys")
        curator.expect("ответили", "анкеты программы")

    with steps.step("наставники и студенты отвечают на своих страницах"):
        for login, *_, competencies in MENTORS:
            person = people[login]
            open_questionnaire(person, "Анкета наставника")
            if "после уроков" in person.driver.page_source or "1–4 классы" in person.driver.page_source:
                raise StepFailed("анкета наставника с завода говорит «после уроков» или «1–4 классы»")
            person.visit(f"mentor-application-{login.split('.')[0]}")
            answer(person, {"Образование": "СПбГПУ, инженер", "Опыт работы": "15 лет на заводе", "Ваши сильные": "Терпение",
                            "Ваши слабые": "Мало времени", "Чего вы ожидаете": "Смену на заводе", "Почему вы хотите": "Нужны кадры",
                            "Насколько вы готовы": "8", "Со студентами какого курса": "18–20 лет (3–4 курсы)",
                            "В какое время": "Днём, в обеденный перерыв", "Как часто": "Раз в неделю",
                            "Предпочтения в выборе": competencies, "Как вам удобнее": "Очно"})
        for login, *_, request in STUDENTS:
            person = people[login]
            open_questionnaire(person, "Анкета наставляемого")
            answer(person, {"Над какими вопросами": request, "Каких целей": "Устроиться на завод после колледжа",
                            "Какие направления": ["Прикладные профессиональные навыки", "Подготовка к трудоустройству"],
                            "Как часто": "Раз в неделю", "В какое время": ["Днём, после занятий"], "Как вам удобнее": "Очно"})

    with steps.step("подбор «по анкетам» ставит будущего технолога к технологу и объясняет пару ответами"):
        curator.open(f"{prog}/pairs")
        curator.send(f"{prog}/pairs/match", button_text="Подобрать пары")
        curator.expect("Предложение пар", "подбор")
        curator.visit("proposal")
        row = curator.driver.find_element(By.XPATH, "//tr[td/strong[contains(., 'Соколова')]]")
        if "Технологов" not in row.text:
            raise StepFailed(f"Соколова (технолог, КОМПАС-3D) получила не технолога: {row.text}")
        curator.reveal(row.find_element(By.TAG_NAME, "li"))
        if "из анкеты от" not in row.get_attribute("innerHTML"):
            raise StepFailed("«Почему эта пара» не ссылается на анкету: " + row.text)
        curator.send(f"{prog}/pairs/proposal/send", button_text="Отправить предложение")
        curator.expect("Предложение отправлено", "отправка предложения")
        for login in [m[0] for m in MENTORS] + [s[0] for s in STUDENTS]:
            person = people[login]
            person.open("/me/pairs")
            person.send(r"/me/pairs/[0-9A-Fa-f-]{36}/answer", button_text="Соглас")

    def satisfaction(stage, mentee_score, mentor_score):
        send_survey("template:satisfaction-mentee", "mentees")
        send_survey("template:satisfaction-mentor", "mentors")
        for login, *_ in STUDENTS:
            open_questionnaire(people[login], "Удовлетворённость участием в программе: наставляемый")
            answer(people[login], {"Когда заполняется": stage, "Насколько вы довольны": mentee_score, "Насколько вы уверены": mentee_score,
                                   "Насколько вам интересно": mentee_score, "Где вы занимаетесь": ["Проект"]})
        for login, *_ in MENTORS:
            open_questionnaire(people[login], "Удовлетворённость участием в программе: наставник")
            answer(people[login], {"Когда заполняется": stage, "Насколько вы удовлетворены своей": mentor_score,
                                   "Насколько вы удовлетворены собственной": mentor_score, "Насколько комфортно": mentor_score})

    with steps.step("анкеты удовлетворённости на входе и по итогам: участники отвечают сами"):
        satisfaction("До входа в программу", "4", "6")
        satisfaction("По итогам программы", "8", "9")

    with steps.step("анкета качества программы: участники пишут сильные и слабые стороны"):
        send_survey("template:program-quality", "both")
        for index, (login, *_) in enumerate(MENTORS + STUDENTS):
            role = "Наставник" if index < len(MENTORS) else "Наставляемый"
            open_questionnaire(people[login], "Мониторинг процесса реализации")
            answer(people[login], {"Ваша роль": role, "Оцените качество": "9", "Насколько вы удовлетворены": "8" if index < 2 else "9",
                                   "Как часто проходили": "Раз в неделю", "Оправдались ли": "Да",
                                   "Сильные стороны": "Студенты решают реальные задачи цеха",
                                   "Слабые стороны": "Мало времени у наставников в обеденный перерыв"})

    with steps.step("куратор видит в мониторинге SWOT из ответов, удовлетворённость по ролям и динамику до/после"):
        page = curator.visit("monitoring", f"{prog}/monitoring")
        for text, what in [("Студенты решают реальные задачи цеха", "предложение SWOT из ответов"),
                           ("Мало времени у наставников в обеденный перерыв", "слабая сторона из ответов"),
                           ("Удовлетворённость — Наставляемый", "удовлетворённость наставляемых"),
                           ("Удовлетворённость — Наставник", "удовлетворённость наставников"),
                           # Two of each role answered the anonymous survey: a role beside a text would be as good as a name.
                           ("Анкета: анонимный ответ", "источник без роли для анонимного опроса")]:
            if text not in page:
                raise StepFailed(f"в мониторинге нет: {what} («{text}»)")
        table = curator.driver.find_element(By.XPATH, "//h2[contains(., 'Этап 2')]/following::table[1]")
        dynamics = {tr.find_elements(By.TAG_NAME, "td")[0].text: tr.find_elements(By.TAG_NAME, "td")[1].text
                    for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")}
        if dynamics.get("Удовлетворённость") != "+3,5":
            raise StepFailed(f"динамика удовлетворённости не из ответов: {dynamics}")
        curator.send(f"{prog}/monitoring/swot/accept", button_text="Принять все предложения")
        curator.visit("monitoring-swot")
        swot = curator.driver.find_element(By.XPATH, "//h2[contains(., 'SWOT')]/..").text
        if "Студенты решают реальные задачи цеха" not in swot or "Анкета" not in swot:
            raise StepFailed("пункты SWOT не приняты из ответов с источником: " + swot[:800])


def with_log(server, args, sessions):
    """The scenario; on a failed step the server's last errors go with the message."""
    try:
        scenario(server, args, sessions)
    except StepFailed:
        errors = [line for line in server.output().splitlines() if re.search(r"error|warning|Error", line)]
        print("\n".join(errors[-15:]), file=sys.stderr)
        raise


def main():
    args = arguments(__doc__)
    return run(NAME, lambda server, sessions: with_log(server, args, sessions), args)


if __name__ == "__main__":
    sys.exit(main())
