#!/usr/bin/env python3
"""The whole cycle of a teacher–teacher program in a real browser, on a fresh empty database:
the first administrator sets up the territory, the school and its people; the curator opens the
program from the roadmap template, imports the bases from XLSX, records consents, selects the
mentors, sends the questionnaires; people answer on their own pages; the curator runs matching,
both sides accept on their pages, the order is downloaded; the pair holds meetings with
reflection, the final meeting, the curator completes the pair; the indicators count it.
Every main page is screenshotted at desktop and phone widths.

    python3 Tests/e2e/teacher_cycle.py [--binary .build/debug/nastavnik] [--screenshots Tests/e2e/screenshots]
"""
import datetime, io, os, re, sys, zipfile
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import UUID, Scenario, Session, StepFailed, arguments, run  # noqa: E402

NAME = "Цикл «учитель – учитель»"
PASSWORD = "Наставник-2026-пароль"
TODAY = datetime.date.today()

MENTORS = [  # login, surname, name, patronymic, competencies
    ("orlova.mi", "Орлова", "Мария", "Ильинична", "Методика преподавания математики, трудности молодого специалиста"),
    ("belov.sn", "Белов", "Сергей", "Николаевич", "Цифровые навыки, проектная деятельность"),
]
MENTEES = [  # login, surname, name, patronymic, request
    ("kuzina.aa", "Кузина", "Анна", "Андреевна", "Трудности молодого специалиста"),
    ("zaitsev.pv", "Зайцев", "Павел", "Викторович", "Цифровые навыки"),
]


def xlsx(rows):
    """A one-sheet XLSX with inline strings, written with the standard library only."""
    def cell(column, row, value):
        return f'<c r="{chr(65 + column)}{row}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    sheet = "".join(f'<row r="{r + 1}">' + "".join(cell(c, r + 1, v) for c, v in enumerate(values)) + "</row>" for r, values in enumerate(rows))
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{sheet}</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def indicator_row(session, form):
    """The row of the indicators table by form, as {column title: text}."""
    for table in session.driver.find_elements("css selector", "table"):
        headers = [th.text.strip() for th in table.find_elements("css selector", "thead th")]
        if "Пар и групп" not in headers: continue
        for tr in table.find_elements("css selector", "tbody tr"):
            cells = [td.text.strip() for td in tr.find_elements("css selector", "th, td")]
            if cells and cells[0] == form:
                return dict(zip(headers, cells))
    raise StepFailed(f"в таблице показателей нет строки «{form}»")


def scenario(server, args, sessions):
    steps = Scenario(NAME)
    people = {}

    def session(name):
        s = Session(server.base, args.screenshots, f"cycle-{name}")
        sessions.append(s)
        return s

    with steps.step("сервер на пустой базе печатает одноразовый пароль администратора"):
        one_time = server.wait(r"Пароль:\s*(\S+)").group(1)

    admin = session("admin")
    with steps.step("администратор входит и меняет одноразовый пароль"):
        admin.sign_in("admin", one_time)
        admin.visit("password")
        admin.send("/account/password", {"currentPassword": one_time, "newPassword": PASSWORD, "newPasswordConfirmation": PASSWORD})
        if "/account/password" in admin.path():
            raise StepFailed("пароль не сменился. " + admin.shown_errors())
        admin.visit("home", "/")

    with steps.step("администратор создаёт регион, муниципалитет и школу"):
        admin.visit("regions", "/admin/regions")
        admin.send("/admin/regions", {"name": "Приморский край", "code": "25"})
        region = admin.link(rf"/admin/regions/({UUID})", 1)
        admin.open(f"/admin/regions/{region}")
        admin.send(f"/admin/regions/{region}/municipalities", {"municipalityName": "Городской округ Светлогорск"})
        admin.send(f"/admin/regions/{region}/organizations", {
            "municipalityID": "Городской округ Светлогорск", "organizationName": "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7»",
            "shortName": "МБОУ СОШ № 7", "kind": "school"})
        admin.visit("region", f"/admin/regions/{region}")
        organization = admin.link(rf"/orgs/({UUID})", 1)
        people["org"] = organization

    def invite(login, last, first, middle, role, position):
        admin.open(f"/orgs/{organization}/members")
        admin.send(f"/orgs/{organization}/members", {"lastName": last, "firstName": first, "middleName": middle, "login": login,
                                                       "role": role, "position": position})
        link = admin.link(r"/invitations/[A-Za-z0-9_\-]+")
        return link

    with steps.step("администратор приглашает куратора, наставников и наставляемых"):
        links = {"kurator.sosh7": invite("kurator.sosh7", "Петрова", "Елена", "Викторовна", "curator", "заместитель директора по УВР")}
        for login, last, first, middle, _ in MENTORS:
            links[login] = invite(login, last, first, middle, "mentor", "учитель, стаж 15 лет")
        for login, last, first, middle, _ in MENTEES:
            links[login] = invite(login, last, first, middle, "mentee", "учитель, молодой специалист")
        admin.visit("members", f"/orgs/{organization}/members")

    def accept(login):
        person = session(login.split(".")[0])
        person.open(links[login])
        person.send(re.sub(r"^https?://[^/]+", "", links[login]), {"password": PASSWORD, "passwordConfirmation": PASSWORD})
        if "/invitations/" in person.path():
            raise StepFailed(f"{login}: приглашение не принято. " + person.shown_errors())
        return person

    with steps.step("люди открывают приглашения и задают пароли"):
        curator = accept("kurator.sosh7")
        curator.visit("home", "/")
        mentor = accept(MENTORS[0][0])
        mentee = accept(MENTEES[0][0])

    org = f"/orgs/{organization}"
    with steps.step("куратор открывает программу «учитель – учитель» по шаблону дорожной карты"):
        curator.visit("programs", f"{org}/programs")
        curator.visit("program-new", f"{org}/programs/new")
        curator.send(f"{org}/programs", {
            "name": "Учитель – учитель, 2026/27", "form_teacherTeacher": True, "model_noviceMaster": True,
            "goals": "Адаптация молодых педагогов, методическая помощь", "expectedResults": "Молодые учителя остаются в профессии",
            "startsOn": f"{TODAY.year if TODAY.month >= 9 else TODAY.year - 1}-09-01", "endsOn": f"{TODAY.year + 1 if TODAY.month >= 9 else TODAY.year}-08-31",
            "curators": "Петрова Елена Викторовна — куратор программы", "template": "schoolPlan"})
        program = curator.link(rf"{org}/programs/({UUID})", 1)
        prog = f"{org}/programs/{program}"
        curator.visit("program", prog)
        roadmap = curator.visit("roadmap", f"{prog}/roadmap")
        if roadmap.count("<tr") < 30:
            raise StepFailed("в дорожной карте меньше 30 мероприятий: шаблон не применился")

    def import_base(kind, rows, label):
        path = os.path.join(server.data, f"{kind}.xlsx")
        with open(path, "wb") as f: f.write(xlsx(rows))
        curator.visit("import", f"{org}/imports/new")
        curator.send(f"{org}/imports", {"kind": kind, "file": path})
        if not re.search(rf"{org}/imports/{UUID}$", curator.path()):
            raise StepFailed("файл не принят. " + curator.shown_errors())
        curator.visit(f"import-{kind}")
        curator.send(rf"{org}/imports/{UUID}/confirm")
        curator.expect("Импорт завершён: добавлено", f"импорт {label}")
        curator.visit(label)

    with steps.step("куратор импортирует наставников и наставляемых из XLSX"):
        import_base("mentor", [["ФИО", "Категория наставника", "Формы наставничества", "Компетенции", "Наставляемых одновременно", "Дата рождения", "Эл. почта"]]
                    + [[f"{last} {first} {middle}", "педагог", "учитель – учитель", competencies, "1", "14.03.1978", f"{login}@school7.example"]
                       for login, last, first, middle, competencies in MENTORS], "mentors")
        import_base("mentee", [["ФИО", "Форма наставничества", "Запросы", "Дата рождения", "Класс / группа"]]
                    + [[f"{last} {first} {middle}", "учитель – учитель", request, "05.06.2001", "кафедра естественных наук"]
                       for login, last, first, middle, request in MENTEES], "mentees")

    with steps.step("куратор вносит согласия и связывает записи баз с учётными записями"):
        for kind, rows in [("mentors", MENTORS), ("mentees", MENTEES)]:
            for index, (login, last, first, middle, _) in enumerate(rows):
                curator.open(f"{org}/{kind}")
                listing = curator.driver.page_source
                match = re.search(rf"({org}/{kind}/{UUID})\"[^<]*>[^<]*{last}", listing)
                if not match: raise StepFailed(f"{last}: нет в списке {kind}")
                card = match.group(1)
                curator.open(card)
                curator.send(f"{card}/consents", {"purpose": "processing", "givenOn": "01.09.2026"})
                curator.expect("Согласие внесено", f"согласие {last}")
                curator.send(f"{card}/account", {"login": login})
                curator.expect("Запись связана с учётной записью", f"учётная запись {login}")
                if index == 0: curator.visit(f"card-{kind}")
                people[login] = card

    with steps.step("куратор включает наставников в отбор и отбирает их"):
        curator.visit("selection", f"{prog}/selection")
        curator.send(f"{prog}/selection", button_text="Включить всех")
        for login, *_ in MENTORS:
            mentor_id = people[login].rsplit("/", 1)[1]
            curator.open(f"{prog}/selection/{mentor_id}")
            curator.send(f"{prog}/selection/{mentor_id}/decision", {"decision": "selected"})
        curator.visit("selection-done", f"{prog}/selection")
        curator.expect("отобрано: 2", "отбор")

    def questionnaire(template, role):
        curator.open(f"{org}/questionnaires")
        form = [f for f in curator.driver.find_elements("css selector", "form") if f.find_elements("css selector", f"input[name=template][value='{template}']")][0]
        curator.submit(form)
        curator.open(re.sub(r"/edit$", "", curator.path()))
        curator.send(rf"{org}/questionnaires/{UUID}/publish")
        page = curator.path()
        curator.send(rf"{org}/questionnaires/{UUID}/assignments", {"role": role})
        curator.expect("Анкета отправлена", f"рассылка {template}")
        return page

    with steps.step("куратор публикует и рассылает анкеты наставника и наставляемого"):
        curator.visit("questionnaires", f"{org}/questionnaires")
        questionnaire("mentor-application", "mentor")
        questionnaire("mentee-request", "mentee")
        curator.visit("questionnaire", curator.path())

    with steps.step("наставник и наставляемый заполняют анкеты на своих страницах"):
        for person in (mentor, mentee):
            person.visit("home", "/")
            person.visit("my-questionnaires", "/my/questionnaires")
            person.open(person.link(r"/my/questionnaires/[0-9A-Fa-f-]{36}"))
            person.visit("questionnaire-fill", person.path())
            person.answer_questionnaire()
            person.visit("participation", "/me/participation")

    with steps.step("куратор подбирает пары по анкетам и отправляет предложение сторонам"):
        curator.visit("pairs", f"{prog}/pairs")
        curator.send(f"{prog}/pairs/match", button_text="Подобрать пары")
        curator.expect("Предложение пар", "подбор")
        curator.visit("proposal")
        pairs = curator.driver.page_source
        if "Кузина" not in pairs or "Зайцев" not in pairs:
            raise StepFailed("в предложении нет обоих наставляемых. " + curator.shown_errors())
        # Кузина's request is a young specialist's difficulties: Орлова is the mentor for that.
        row = curator.driver.find_element("xpath", "//tr[td/strong[contains(., 'Кузина')]]")
        if "Орлова" not in row.text:
            member = row.get_attribute("id").removeprefix("member-")
            form = curator.form(f"{prog}/pairs/proposal/members/{member}/reassign")
            orlova = [o.get_attribute("value") for o in form.find_elements("tag name", "option") if "Орлова" in o.text][0]
            curator.submit(form, values={"mentorID": orlova})
        curator.send(f"{prog}/pairs/proposal/send", button_text="Отправить предложение")
        curator.expect("Предложение отправлено", "отправка предложения")

    with steps.step("наставник и наставляемая соглашаются на своих страницах"):
        for person in (mentor, mentee):
            person.visit("home-proposed", "/")
            person.visit("my-pairs", "/me/pairs")
            person.send(r"/me/pairs/[0-9A-Fa-f-]{36}/answer", button_text="Соглас")  # «Согласен» or «Согласна» by the person's gender
            person.visit("my-pairs-agreed", "/me/pairs")
        mentee.expect("Пространство пары", "пара не сформирована после согласия обеих сторон")

    with steps.step("вторая пара: куратор записывает согласия сторон по их заявлениям"):
        for side in ("mentee", "mentor"):
            curator.open(f"{prog}/pairs")
            form = curator.driver.find_element("xpath", "//div[contains(@class,'member')][strong[contains(., 'Зайцев')]]//form")
            curator.submit(form, values={"side": side, "answer": "accepted", "note": "заявление от 01.12"})
        curator.visit("pairs-formed", f"{prog}/pairs")
        formed = re.findall(rf'href="/pairs/({UUID})"', curator.driver.page_source)
        if len(set(formed)) != 2:
            raise StepFailed(f"сформировано пар: {len(set(formed))}, ожидалось 2. " + curator.shown_errors())

    with steps.step("куратор скачивает приказ о закреплении пар (DOCX) и отмечает пары закреплёнными"):
        curator.open(f"{prog}/pairs")
        form = curator.form(f"{prog}/pairs/order.docx", ["number"])
        curator.fill(form, {"number": "112-о", "date": TODAY.isoformat()})
        document = curator.download(lambda: curator.click(form.find_element("css selector", "button")), ".docx")
        with zipfile.ZipFile(document) as archive:
            text = archive.read("word/document.xml").decode("utf-8")
        if "Орлова" not in text or "Кузина" not in text:
            raise StepFailed("в приказе нет пары Орлова — Кузина")
        curator.send(f"{prog}/pairs/order", {"orderNumber": "112-о", "orderOn": TODAY.isoformat()})
        curator.expect("закреплены", "отметка о закреплении")
        curator.visit("pairs-fixed", f"{prog}/pairs")

    pair = "/pairs/" + curator.link(rf'href="/pairs/({UUID})">Орлова', 1)
    reflection = {"closerToGoal": "yes", "wentWell": "Договорились о целях на четверть", "toChange": "Больше практики",
                  "feeling": "Спокойно и уверенно", "nextSteps": "Подготовить план открытого урока"}

    with steps.step("наставник записывает встречу-знакомство, обе стороны пишут рефлексию"):
        mentor.visit("pair", pair)
        mentor.send(f"{pair}/meetings", {"kind": "acquaintance", "status": "held", "on": TODAY.isoformat(), "startsAt": "15:30",
                                         "place": "Кабинет 214", "summary": "Познакомились, обсудили трудности первого года"})
        mentor.expect("Встреча записана", "запись встречи")
        meeting = mentor.link(rf"{pair}/meetings/({UUID})/reflection", 1)
        for person in (mentor, mentee):
            person.open(pair)
            person.send(f"{pair}/meetings/{meeting}/reflection", reflection)
            person.expect("Рефлексия сохранена", "рефлексия")
        mentee.visit("pair-reflected", pair)
        if mentee.driver.page_source.count('class="reflection"') < 2:
            raise StepFailed("в пространстве пары нет рефлексии обеих сторон")

    second = next(p for p in set(formed) if p != pair.rsplit("/", 1)[1])
    with steps.step("главная куратора: обращение наставляемой и пара без встреч; снятое с заметкой предупреждение уходит"):
        mentee.open(pair)
        mentee.send(f"{pair}/concerns", {"concernText": "Не успеваю готовиться к встречам, нужна помощь с планом", "asksIntervention": True})
        mentee.expect("Обращение отправлено куратору", "обращение к куратору")
        curator.open(f"/pairs/{second}")
        curator.send(f"/pairs/{second}/meetings", {"kind": "acquaintance", "status": "held", "startsAt": "15:00",
                                                   "on": (TODAY - datetime.timedelta(days=20)).isoformat(), "summary": "Познакомились, договорились о правилах"})
        curator.expect("Встреча записана", "встреча второй пары три недели назад")
        curator.visit("home-tasks", "/")
        curator.expect("обращение участника пары ждёт ответа куратора", "обращение на главной куратора")
        curator.expect("пара не встречалась больше 14 дней", "пара без встреч на главной куратора")
        curator.visit("rhythm-warnings", f"{prog}/rhythm")
        form = curator.driver.find_element("xpath", f"//form[@action='/pairs/{second}/rhythm/acknowledge'][input[@name='warning'][@value='gap']]")
        curator.submit(form, values={"note": "Наставник в командировке, встреча назначена на понедельник"})
        curator.expect("Предупреждение снято", "снятие предупреждения о ритме")
        curator.expect("Наставник в командировке", "заметка к снятому предупреждению")
        curator.open("/")
        if "не встречалась больше 14 дней" in curator.driver.page_source:
            raise StepFailed("снятое предупреждение о паре без встреч осталось на главной")

    with steps.step("итоговая встреча: стороны отвечают на вопросы, куратор завершает пару"):
        mentor.open(pair)
        mentor.send(f"{pair}/meetings", {"kind": "final", "status": "held", "on": TODAY.isoformat(), "startsAt": "16:00",
                                         "summary": "Подвели итоги: открытый урок проведён"})
        mentor.expect("Встреча записана", "итоговая встреча")
        final = {"mostValuable": "Поддержка в первый год", "results": "Открытый урок, план самообразования", "learned": "Новым цифровым инструментам",
                 "closeness": "8", "changed": "Стала увереннее", "continueTogether": "no", "wantsToMentor": "yes"}
        for person in (mentor, mentee):
            person.open(pair)
            person.send(f"{pair}/final-answers", final)
            person.expect("Ответы итоговой встречи сохранены", "ответы итоговой встречи")
        curator.open(pair)
        curator.send(f"{pair}/closure", {"decision": "finish", "reason": "Цель достигнута"})
        curator.visit("pair-finished", pair)
        if curator.driver.find_elements("css selector", "form[action$='/closure'] input[value=finish]"):
            raise StepFailed("пара не завершена: решение итоговой встречи всё ещё предлагается. " + curator.shown_errors())
        curator.visit("completion", f"{prog}/completion")
        curator.visit("rhythm", f"{prog}/rhythm")
        curator.visit("monitoring", f"{prog}/monitoring")

    with steps.step("обращение остаётся у куратора после завершения пары, пока его не отметят решённым"):
        curator.visit("home-after-finish", "/")
        curator.expect("обращение участника пары ждёт ответа куратора", "обращение завершённой пары на главной")
        curator.visit("concerns", f"{org}/concerns")
        curator.expect("Не успеваю готовиться к встречам", "обращение в списке обращений")
        curator.send(rf"{org}/concerns/{UUID}/handled")
        curator.expect("Обращение отмечено решённым", "отметка о решённом обращении")
        curator.visit("home-clear", "/")
        if "ждёт ответа куратора" in curator.driver.page_source:
            raise StepFailed("решённое обращение осталось на главной куратора")

    with steps.step("показатели школы показывают пару"):
        curator.visit("indicators", f"{org}/indicators")
        row = indicator_row(curator, "учитель – учитель")
        if row.get("Пар и групп") != "2" or row.get("Завершили") != "50,0 %" or row.get("Приближение к цели") != "8,0":
            raise StepFailed(f"в показателях не видно пар программы: {row}")


def main():
    args = arguments(__doc__)
    return run(NAME, lambda server, sessions: scenario(server, args, sessions), args)


if __name__ == "__main__":
    sys.exit(main())
