#!/usr/bin/env python3
"""Schemathesis over the JSON API: the debug server on demo data, an API token of the demo curator
made through the profile page, and `st run` against /api/v1/openapi.json. Fails on a 500, on a
response that does not match the document and on a status code the document does not list.

Before the run, the objects the demo lacks are made through the API (a contest with an application
and its file, a case with files, a SWOT item, training sessions, a scale, a survey…) and their ids
go into schemathesis.toml: one value per path parameter, and `[[operations]]` sections where an
operation needs its own value or another person's token, so the generated requests reach the
handlers instead of a 404. `--setup-only` prints that file without fuzzing.

    python3 Tests/e2e/api_fuzz.py [--binary .build/debug/nastavnik] [--max-examples 8] [--max-time 200] [--login kurator]

Needs `pip install schemathesis`; `.ci/run` installs it and skips the step without it.
"""
import argparse, datetime, json, os, re, shutil, subprocess, sys, tempfile, urllib.error, urllib.request, uuid

from appserver import DEFAULT_BINARY, ROOT, UUID, Browser, Server


def demo_identifiers(base, token, organization):
    """Real ids of the demo, so the generated requests reach the handlers instead of a 404."""
    def get(path):
        request = urllib.request.Request(base + "/api/v1" + path, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)

    def first(items, key="id"):
        return next((item[key] for item in items if item.get(key)), None)

    org = f"/organizations/{organization}"
    ids = {"organizationID": organization}
    programs = get(org + "/programs")["items"]
    # The program with the most pairs reaches the most handlers.
    best = max(programs, key=lambda p: len(get(f"{org}/programs/{p['id']}/pairings")["items"]))
    program = f"{org}/programs/{best['id']}"
    ids["programID"] = best["id"]
    pairings = get(program + "/pairings")["items"]
    ids["pairingID"] = first(pairings)
    ids["memberID"] = first([m for p in pairings for m in p.get("members", [])])
    ids["menteeID"] = first(get(org + "/mentees")["items"])
    ids["mentorID"] = first(get(org + "/mentors")["items"])
    # Not `itemID` and `sessionID`: each names objects of several kinds, so every operation gets
    # its own (program_objects); a global value would also stand in for a deletion's list of ids
    # in the coverage phase, which takes only fixed values, and delete what another operation needs.
    ids["roadmapItemID"] = first(get(program + "/roadmap")["items"])
    ids["questionnaireID"] = first(get(org + "/questionnaires")["items"])
    ids["caseID"] = first(get("/public/cases")["items"])
    if ids["menteeID"]:
        ids["consentID"] = first(get(f"{org}/mentees/{ids['menteeID']}/consents")["items"])
    return {name: value for name, value in ids.items() if value}


def api(base, token, method, path, body=None, files=None):
    """One call of the API with a JSON body, or a multipart form when `files` (name, file name,
    bytes) are given; raises with the answer's text on a status ≥ 400."""
    headers = {"Authorization": f"Bearer {token}"}
    if files is not None:
        boundary = "----nastavnik" + uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                 for name, value in (body or {}).items()]
        parts += [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                  f'Content-Type: application/octet-stream\r\n\r\n'.encode() + content + b"\r\n" for name, filename, content in files]
        data = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    else:
        data = json.dumps(body).encode() if body is not None else None
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base + "/api/v1" + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{method} {path}: HTTP {error.code} {error.read().decode(errors='replace')[:300]}") from None


# How many objects a deletion gets to consume.
DELETABLE = 6

# The smallest real files of the kinds attachments take (the server checks the content, not the name).
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


class Operations:
    """Values for some operations only, written as `[[operations]]` of schemathesis.toml: an id
    that names different things in different paths (`itemID`, `sessionID`, `fileID`), objects of
    another person (a representative's children, the partner college's programs) with that
    person's token, and objects an operation consumes (a list of them, drawn from a dictionary:
    a deletion finds its object gone after the first call, and only 404s would follow)."""

    def __init__(self):
        self.entries = []
        self.dictionaries = {}

    def add(self, path, parameters, method=None, token=None):
        # One filter only: Schemathesis takes an operation that matches any of a section's
        # include-* keys, so include-method next to include-path would catch every DELETE.
        entry = {"include-name": f"{method} /api/v1{path}"} if method else {"include-path": "/api/v1" + path}
        entry["parameters"] = {}
        for name, value in parameters.items():
            if isinstance(value, list):
                dictionary = f"values{len(self.dictionaries) + 1}"
                self.dictionaries[dictionary] = value
                entry["parameters"][f"path.{name}"] = {"dictionary": dictionary}
            elif value:
                entry["parameters"][f"path.{name}"] = value
        if token:
            entry["headers"] = {"Authorization": f"Bearer {token}"}
        self.entries.append(entry)

    def toml(self):
        def value(v):
            if isinstance(v, dict):
                return "{ " + ", ".join(f'"{k}" = {value(x)}' for k, x in v.items()) + " }"
            if isinstance(v, list):
                return "[" + ", ".join(value(x) for x in v) + "]"
            return f'"{v}"'
        dictionaries = "".join(f"\n[dictionaries.{name}]\nvalues = {value(values)}\n" for name, values in self.dictionaries.items())
        return dictionaries + "".join("\n[[operations]]\n" + "".join(f"{key} = {value(v)}\n" for key, v in entry.items())
                                      for entry in self.entries)


def contest_and_case(server, token, organization, ids, ops):
    """The demo has no contest, application or case: the run would get only 404 on their operations.
    The region's coordinator announces a contest with its semi-final open today, the curator applies
    with a mentor and a file and writes a case of a pair with two files, all through the API, so
    their ids reach the handlers. A second contest with its results published serves the public
    results. A refusal here fails the run: these are valid requests of our own API."""
    coordinator = Browser(server.base).sign_in("koordinator", server.demo_password())
    coordinator_token = coordinator.create_api_token("Schemathesis: конкурс")
    today = datetime.date.today()
    day = lambda offset: (today + datetime.timedelta(days=offset)).isoformat()
    contest = api(server.base, coordinator_token, "POST", "/contests", {
        "title": "Быть учителем! Проверка API", "year": today.year,
        "nominations": ["Наставник молодого учителя"], "criteria": ["Актуальность", "Результативность"]})
    api(server.base, coordinator_token, "PUT", f"/contests/{contest['id']}/windows", {
        "semiFinalFrom": day(-1), "semiFinalTo": day(30), "finalFrom": day(31), "finalTo": day(45),
        "superFinalFrom": day(46), "superFinalTo": day(60)})
    ids["contestID"] = contest["id"]
    results = api(server.base, coordinator_token, "POST", "/contests", {
        "title": "Быть учителем! Итоги прошлого года", "year": today.year - 1,
        "nominations": ["Наставник молодого учителя"], "criteria": ["Актуальность"]})
    api(server.base, coordinator_token, "POST", f"/contests/{results['id']}/publish")
    ops.add("/public/contests/{contestID}/results", {"contestID": results["id"]})
    # The contest is for teachers who mentor (not pupils or students).
    mentors = api(server.base, token, "GET", f"/organizations/{organization}/mentors")["items"]
    teacher = next(mentor["id"] for mentor in mentors if mentor.get("origin") == "teacher")
    application = api(server.base, token, "POST", f"/organizations/{organization}/contests/{contest['id']}/applications", {
        "mentorId": teacher, "nomination": "Наставник молодого учителя",
        "materials": "Программа наставничества молодого учителя, https://school.example/practice"},
        files=[("files[]", "portfolio.pdf", PDF)])
    ids["applicationID"] = application["id"]
    # The coordinator's operations take the coordinator's token, the jury's a juror's (the partner
    # college's curator, who may judge the school), so they reach more than a 403.
    api(server.base, coordinator_token, "POST", f"/contests/{contest['id']}/jurors", {"login": "kurator.kolledzh"})
    for path in ["/contests", "/contests/{contestID}", "/contests/{contestID}/windows", "/contests/{contestID}/jurors",
                 "/contests/{contestID}/advance", "/contests/{contestID}/publish", "/indicators"]:
        ops.add(path, {}, token=coordinator_token)
    ops.add("/contests/{contestID}/applications/{applicationID}/files/{fileID}", {"fileID": application["files"][0]["id"]})
    # A case is written about a finished pair. The demo's other pair waits for both sides' consent:
    # the curator records both answers, then finishes the pair, leaving the fuzzed pair working.
    pairings = f"/organizations/{organization}/programs/{ids['programID']}/pairings"
    proposed = next((pairing for pairing in api(server.base, token, "GET", pairings)["items"]
                     if pairing["status"] == "proposed" and pairing["id"] != ids.get("pairingID")), None)
    if proposed is None:
        raise RuntimeError("в демонстрационных данных нет второй пары, ждущей согласия сторон, для кейса")
    for member in proposed["members"]:
        api(server.base, token, "POST", f"{pairings}/members/{member['id']}/answer", {"side": "mentee", "answer": "accepted"})
    api(server.base, token, "POST", f"{pairings}/members/{proposed['members'][0]['id']}/answer", {"side": "mentor", "answer": "accepted"})
    finished = proposed["id"]
    # The decision is taken at the final meeting, once it took place.
    api(server.base, token, "POST", f"/pairs/{finished}/meetings", {
        "kind": "final", "status": "held", "on": today.isoformat(), "summary": "Подвели итоги года, обсудили результаты."})
    api(server.base, token, "POST", f"/pairs/{finished}/closure", {"decision": "finish", "reason": "Цели достигнуты, учебный год закончен."})
    practice = api(server.base, token, "PUT", f"/pairs/{finished}/case", {
        "title": "Первый год учителя математики", "topic": "adaptation",
        "story": "Молодой учитель пришёл в школу в сентябре.", "goal": "Уверенно вести уроки в 7-х классах.",
        "whatWasDone": "Взаимные посещения уроков, разбор контрольных.", "results": "Средний балл классов вырос.",
        "materials": []})
    # A case takes ten files: one stays for downloading, six are for the deletion, three places
    # are left for the uploads.
    kept, *deleted = (api(server.base, token, "POST", f"/pairs/{finished}/case/files", {"caption": f"Материал {n}"},
                          files=[("file", f"material-{n}.pdf", PDF)])["id"] for n in range(7))
    # The fuzzed pair is working; the case's operations take the finished one.
    for path in ["/pairs/{pairingID}/case", "/pairs/{pairingID}/case/submit", "/pairs/{pairingID}/case/files"]:
        ops.add(path, {"pairingID": finished})
    ops.add("/pairs/{pairingID}/case/files/{fileID}", {"pairingID": finished, "fileID": deleted})
    ops.add("/organizations/{organizationID}/cases/{caseID}/files/{fileID}", {"caseID": practice["id"], "fileID": kept})
    public = ids.get("caseID")
    ids["caseID"] = practice["id"]
    if public:
        ops.add("/public/cases/{caseID}", {"caseID": public})


def program_objects(server, token, organization, ids, ops):
    """Objects of the fuzzed program the demo lacks or names under a shared parameter name: a SWOT
    item and a checklist item (both `itemID`, the roadmap's too), training sessions and a Mentor
    Match session (both `sessionID`), an own scale, a mentor in the selection, a consent to
    withdraw that is not the processing one (withdrawing that would anonymize the mentee or mentor
    every other operation uses)."""
    org = f"/organizations/{organization}"
    program = f"{org}/programs/{ids['programID']}"
    today = datetime.date.today().isoformat()
    swot = [api(server.base, token, "POST", program + "/swot", {"quadrant": "strength", "text": f"Наставники сами предлагают темы встреч ({n})"})["id"]
            for n in range(1, DELETABLE + 1)]
    ops.add("/organizations/{organizationID}/programs/{programID}/swot/{itemID}", {"itemID": swot}, method="DELETE")
    ops.add("/organizations/{organizationID}/programs/{programID}/roadmap/{itemID}", {"itemID": ids.pop("roadmapItemID", None)})
    items = [item for stage in api(server.base, token, "GET", program + "/stages")["stages"] for item in stage.get("items", [])]
    if items:
        ops.add("/organizations/{organizationID}/programs/{programID}/checklist/{itemID}", {"itemID": items[0]["id"]})
    sessions = [api(server.base, token, "POST", program + "/training/sessions", {
        "topic": f"Роль наставника и границы, занятие {n}", "heldOn": today, "format": "seminar", "trainerName": "Куратор программы"})["id"]
        for n in range(DELETABLE + 1)]
    session_path = "/organizations/{organizationID}/programs/{programID}/training/sessions/{sessionID}"
    ops.add(session_path, {"sessionID": sessions[1:]}, method="DELETE")
    ops.add(session_path, {"sessionID": sessions[0]}, method="PUT")
    ops.add(session_path + "/attendance", {"sessionID": sessions[0]})
    scales = [api(server.base, token, "POST", org + "/scales", {"name": f"Уверенность у доски ({n})", "minimum": 1, "maximum": 5,
                                                                "whom": "mentees"})["code"].removeprefix("scale-") for n in range(1, DELETABLE + 1)]
    ops.add("/organizations/{organizationID}/scales/{scaleID}", {"scaleID": scales}, method="DELETE")
    selection = api(server.base, token, "GET", program + "/selection")
    chosen = next((row["mentorID"] for row in selection.get("items", []) if row.get("mentorID")), None)
    if chosen is None and selection.get("available"):
        chosen = selection["available"][0]["mentorID"]
        api(server.base, token, "POST", program + "/selection", {"mentorIDs": [chosen]})
    if chosen:
        for path in ["decision", "interview", "test"]:
            ops.add("/organizations/{organizationID}/programs/{programID}/selection/{mentorID}/" + path, {"mentorID": chosen})
    for kind in ["mentees", "mentors"]:
        subject = ids.get(kind[:-1] + "ID")
        if subject:
            consent = api(server.base, token, "POST", f"{org}/{kind}/{subject}/consents", {
                "purpose": "publicationHonorBoard", "givenOn": datetime.date.today().strftime("%d.%m.%Y")})
            ops.add(f"/organizations/{{organizationID}}/{kind}/{{{kind[:-1]}ID}}/consents/{{consentID}}/withdraw", {"consentID": consent["id"]})


def mentor_match_session(server, token, organization, ops):
    """A Mentor Match session (its `sessionID` is not the training's) in a program with mentees
    still without a pair: the partner college's students put forward to it are selected first.
    Returns the mentors it took, which the partner's withdrawal must leave alone."""
    org = f"/organizations/{organization}"
    for candidate in api(server.base, token, "GET", org + "/programs")["items"]:
        program = f"{org}/programs/{candidate['id']}"
        mentees = api(server.base, token, "GET", program + "/pairings").get("unmatchedMenteeIds", [])[:4]
        available = [row["mentorID"] for row in api(server.base, token, "GET", program + "/selection").get("available", [])]
        if not mentees or not available:
            continue
        api(server.base, token, "POST", program + "/selection", {"mentorIDs": available})
        for mentor in available:
            api(server.base, token, "PUT", f"{program}/selection/{mentor}/decision", {"decision": "selected"})
        # A minor student without the representative's consent may not be paired: the session
        # takes the first mentor who may.
        for mentor in available:
            try:
                session = api(server.base, token, "POST", program + "/pairings/mentor-match-sessions", {
                    "heldOn": datetime.date.today().isoformat(), "startsAt": "15:00", "slotMinutes": 5, "place": "Актовый зал",
                    "mentorIds": [mentor], "menteeIds": mentees})
            except RuntimeError:
                continue
            for route in ["timetable", "wishes", "pairs"]:
                ops.add("/organizations/{organizationID}/programs/{programID}/pairings/mentor-match-sessions/{sessionID}/" + route,
                        {"programID": candidate["id"], "sessionID": session["id"]})
            return {mentor}
    print("Mentor Match: в демонстрационных данных нет программы с наставляемыми без пары и кандидатами в наставники")
    return set()


def questionnaire(server, token, ids):
    """The demo's organization has no questionnaire of its own: the program sends the mentor's
    application questionnaire to its mentors, which also gives them an assignment to answer."""
    sent = api(server.base, token, "POST", f"/organizations/{ids['organizationID']}/programs/{ids['programID']}/surveys",
               {"source": "template:mentor-application", "audience": "mentors"})
    ids["questionnaireID"] = sent["questionnaireID"]


def other_people(server, ids, ops, busy_mentors):
    """Operations that only another person's token reaches: a legal representative's children,
    a participant's own questionnaires and notifications, the partner college's programs."""
    password = server.demo_password()
    guardian = Browser(server.base).sign_in("roditel", password).create_api_token("Schemathesis: представитель")
    for child in api(server.base, guardian, "GET", "/me/children")["items"]:
        kind = child["kind"]
        # The representative confirms the very text of this purpose's consent.
        text_hash = next((c["textHash"] for c in child["consents"] if c.get("purpose") == "publicationHonorBoard" and c.get("textHash")), None)
        if text_hash is None:
            continue
        given = api(server.base, guardian, "POST", f"/me/children/{kind}s/{child['id']}/consents",
                    {"purpose": "publicationHonorBoard", "textHash": text_hash, "confirm": True})
        for path in [f"/me/children/{kind}s/{{{kind}ID}}/consents", f"/me/children/{kind}s/{{{kind}ID}}/consents/{{consentID}}/withdraw"]:
            ops.add(path, {f"{kind}ID": child["id"], "consentID": given["id"]}, token=guardian)
    found = set()
    for login in ["nastavnik", "molodoy.pedagog", "uchenik.nastavnik", "uchenik"]:
        person = Browser(server.base).sign_in(login, password).create_api_token("Schemathesis: участник")
        assignments = api(server.base, person, "GET", "/my/assignments")["items"]
        if assignments and "assignment" not in found:
            ops.add("/my/assignments/{assignmentID}/answers", {"assignmentID": assignments[0]["id"]}, token=person)
            found.add("assignment")
        notifications = api(server.base, person, "GET", "/me/notifications")["items"]
        if notifications and "notification" not in found:
            ops.add("/me/notifications/{notificationID}/read", {"notificationID": notifications[0]["id"]}, token=person)
            found.add("notification")
    college_browser = Browser(server.base).sign_in("kurator.kolledzh", password)
    college = re.search(rf"/orgs/({UUID})", college_browser.get("/")).group(1)
    college_token = college_browser.create_api_token("Schemathesis: колледж")
    for path in ["/contests/{contestID}/jury", "/contests/{contestID}/applications/{applicationID}/scores"]:
        ops.add(path, {}, token=college_token)
    director = Browser(server.base).sign_in("direktor", password).create_api_token("Schemathesis: администрация")
    for path in ["/organizations/{organizationID}/audit", "/organizations/{organizationID}/cases/{caseID}/publish",
                 "/organizations/{organizationID}/cases/{caseID}/return"]:
        ops.add(path, {}, token=director)
    for program in api(server.base, college_token, "GET", f"/organizations/{college}/partner-programs")["items"][:1]:
        nominations = api(server.base, college_token, "GET", f"/organizations/{college}/partner-programs/{program['id']}/nominations")
        free = [row["mentorID"] for row in nominations["items"] if row.get("mayWithdraw") and row["mentorID"] not in busy_mentors] or None
        base = "/organizations/{organizationID}/partner-programs/{partnerProgramID}"
        values = {"organizationID": college, "partnerProgramID": program["id"]}
        ops.add(base + "/nominations", values, token=college_token)
        ops.add(base + "/nominations/{mentorID}", dict(values, mentorID=free), method="DELETE", token=college_token)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=DEFAULT_BINARY)
    parser.add_argument("--max-examples", type=int, default=8, help="test cases per operation and phase")
    parser.add_argument("--max-time", type=int, default=200, help="seconds for the whole run")
    parser.add_argument("--login", default="kurator", help="demo account whose token the run uses")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--report", default=None, help="folder for a JUnit report")
    parser.add_argument("--setup-only", action="store_true", help="create the data, print schemathesis.toml, do not fuzz")
    parser.add_argument("extra", nargs="*", help="more arguments for `st run`, after --")
    args = parser.parse_args()
    try:
        import schemathesis  # noqa: F401 — only to know it is there; the run goes through its command line
    except ImportError:
        print("schemathesis не установлен (pip install schemathesis)")
        return 2
    st = [sys.executable, "-m", "schemathesis.cli"]
    data = tempfile.mkdtemp(prefix="nastavnik-api-fuzz-")
    server = Server(args.binary, data, demo=True)
    try:
        server.start()
        browser = Browser(server.base).sign_in(args.login, server.demo_password())
        token = browser.create_api_token("Schemathesis")
        organization = re.search(rf"/orgs/({UUID})", browser.get("/")).group(1)
        ids = demo_identifiers(server.base, token, organization)
        ops = Operations()
        contest_and_case(server, token, organization, ids, ops)
        program_objects(server, token, organization, ids, ops)
        questionnaire(server, token, ids)
        busy = mentor_match_session(server, token, organization, ops)
        other_people(server, ids, ops, busy)
        print("Идентификаторы демонстрационных данных:", ", ".join(f"{k}={v}" for k, v in ids.items()))
        print("Свои значения у операций:", len(ops.entries))
        config = os.path.join(data, "schemathesis.toml")
        with open(config, "w") as f:
            # The token goes into the file, not --header, so an operation's own token (a representative's,
            # the partner college's) replaces it there.
            f.write(f'headers = {{ Authorization = "Bearer {token}" }}\n\n[parameters]\n'
                    + "".join(f'"path.{name}" = "{value}"\n' for name, value in ids.items()) + ops.toml())
        if args.setup_only:
            print(open(config).read())
            return 0
        command = st + ["--config-file", config, "run", f"{server.base}/api/v1/openapi.json", "--url", server.base,
                   "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
                   "--max-examples", str(args.max_examples), "--max-time", str(args.max_time),
                   "--seed", str(args.seed), "--workers", "1", "--request-timeout", "30",
                   "--suppress-health-check", "all", "--no-shrink"]
        if args.report:
            command += ["--report", "junit", "--report-dir", args.report]
        env = dict(os.environ, NO_COLOR="1", SCHEMATHESIS_TELEMETRY="false")
        result = subprocess.run(command + args.extra, cwd=data, env=env)
        log = server.output().splitlines()
        if server.process.poll() is not None:
            print(f"Сервер упал (код {server.process.returncode}); конец его журнала:")
            start = next((i for i, line in enumerate(log) if "Fatal error" in line or "Crash" in line), max(0, len(log) - 40))
            print("\n".join(log[max(0, start - 20):start + 40]))
            return 1
        errors = [line for line in log if "[ ERROR ]" in line or "Fatal error" in line]
        if errors:
            print("В журнале сервера есть ошибки (первые 10):")
            print("\n".join(errors[:10]))
        return result.returncode
    finally:
        server.stop()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
