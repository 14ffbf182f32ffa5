#!/usr/bin/env python3
"""Schemathesis over the JSON API: the debug server on demo data, an API token of the demo curator
made through the profile page, and `st run` against /api/v1/openapi.json. Fails on a 500, on a
response that does not match the document and on a status code the document does not list.

    python3 Tests/e2e/api_fuzz.py [--binary .build/debug/nastavnik] [--max-examples 8] [--max-time 200] [--login kurator]

Needs `pip install schemathesis`; `.ci/run` installs it and skips the step without it.
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, urllib.request

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
    return {name: value for name, value in ids.items() if value}


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
