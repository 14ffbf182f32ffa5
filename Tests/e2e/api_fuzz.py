#!/usr/bin/env python3
"""Schemathesis over the JSON API: the debug server on demo data, an API token of the demo curator
made through the profile page, and `st run` against /api/v1/openapi.json. Fails on a 500, on a
response that does not match the document and on a status code the document does not list.

    python3 Tests/e2e/api_fuzz.py [--binary .build/debug/nastavnik] [--max-examples 8] [--max-time 200] [--login kurator]

Needs `pip install schemathesis`; `.ci/run` installs it and skips the step without it.
"""
import argparse, datetime, json, os, re, shutil, subprocess, sys, tempfile, urllib.error, urllib.request

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
    ids["itemID"] = first(get(program + "/roadmap")["items"])
    ids["sessionID"] = first(get(program + "/training").get("sessions", []))
    ids["questionnaireID"] = first(get(org + "/questionnaires")["items"])
    ids["caseID"] = first(get("/public/cases")["items"])
    if ids["menteeID"]:
        ids["consentID"] = first(get(f"{org}/mentees/{ids['menteeID']}/consents")["items"])
    return {name: value for name, value in ids.items() if value}


def api(base, token, method, path, body=None):
    """One call of the API with a JSON body; raises with the answer's text on a status ≥ 400."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + "/api/v1" + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{method} {path}: HTTP {error.code} {error.read().decode(errors='replace')[:300]}") from None


def contest_and_case(server, token, organization, ids):
    """The demo has no contest, application or case: the run would get only 404 on their operations.
    The region's coordinator announces a contest with its semi-final open today, the curator applies
    with a mentor and writes a case of a pair, all through the API, so their ids reach the handlers.
    A refusal here fails the run: these are valid requests of our own API."""
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
    # The contest is for teachers who mentor (not pupils or students).
    mentors = api(server.base, token, "GET", f"/organizations/{organization}/mentors")["items"]
    teacher = next(mentor["id"] for mentor in mentors if mentor.get("origin") == "teacher")
    application = api(server.base, token, "POST", f"/organizations/{organization}/contests/{contest['id']}/applications", {
        "mentorId": teacher, "nomination": "Наставник молодого учителя",
        "materials": "Программа наставничества молодого учителя, https://school.example/practice"})
    ids["applicationID"] = application["id"]
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
    ids["caseID"] = practice["id"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=DEFAULT_BINARY)
    parser.add_argument("--max-examples", type=int, default=8, help="test cases per operation and phase")
    parser.add_argument("--max-time", type=int, default=200, help="seconds for the whole run")
    parser.add_argument("--login", default="kurator", help="demo account whose token the run uses")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--report", default=None, help="folder for a JUnit report")
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
        contest_and_case(server, token, organization, ids)
        print("Идентификаторы демонстрационных данных:", ", ".join(f"{k}={v}" for k, v in ids.items()))
        config = os.path.join(data, "schemathesis.toml")
        with open(config, "w") as f:
            f.write("[parameters]\n" + "".join(f'"path.{name}" = "{value}"\n' for name, value in ids.items()))
        command = st + ["--config-file", config, "run", f"{server.base}/api/v1/openapi.json", "--url", server.base,
                   "--header", f"Authorization: Bearer {token}",
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
