#!/usr/bin/env python3
"""SIGKILL of the server while its worker sends the morning's digests: no letter lost, none twice.

Generates a small region with a day of notifications (`nastavnik demo --region-scale
--organizations 2 --people 3000 --mail-day`: every person of the bases chose the daily digest),
starts a real SMTP server on loopback (`scripts/smtp_sink.py`, aiosmtpd) and the debug server
pointed at it, lets the worker write the digests and start sending, and kills the server with
SIGKILL several times while letters are going out (each time once more letters arrived), then
restarts it. The outbox's claims expire after NASTAVNIK_SMTP_LEASE_SECONDS, so the restarted
worker takes over what the dead one held.

At the end it counts what the SMTP server received against the outbox: every letter arrived
exactly once (Message-IDs unique, the same set as the outbox's), no letter is left unsent, and a
letter the dead worker left in doubt (final dot sent, «250» not recorded: `unconfirmed`) is one
the server really has. A kill counts only if it landed mid-sending: letters were still going out.

    python3 Tests/e2e/mail_kill_test.py [--binary .build/debug/nastavnik] [--people 3000] [--kills 3]
"""
import argparse, os, shutil, sqlite3, subprocess, sys, tempfile, time

from appserver import DEFAULT_BINARY, ROOT, Server


def received(folder):
    """Message-IDs of the letters the SMTP server wrote, in order."""
    ids = []
    for name in sorted(n for n in os.listdir(folder) if n.endswith(".eml")):
        with open(os.path.join(folder, name), "rb") as f:
            for line in f:
                if line.lower().startswith(b"message-id:"):
                    ids.append(line.split(b":", 1)[1].strip().strip(b"<>").decode())
                    break
                if line in (b"\r\n", b"\n"):
                    break
    return ids


def outbox(database):
    with sqlite3.connect(database, timeout=30) as db:
        return db.execute("SELECT message_id, status FROM outbox_messages").fetchall()


def wait_for(condition, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise SystemExit(f"ОШИБКА: не дождались: {what}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=DEFAULT_BINARY)
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--kills", type=int, default=3)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="nastavnik-mail-kill-")
    mail = os.path.join(data, "mail")
    sink = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "smtp_sink.py"), "--folder", mail],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    server = None
    try:
        ready = sink.stdout.readline().split()
        if not ready or ready[0] != "READY":
            raise SystemExit("ОШИБКА: smtp_sink.py не запустился (нужен aiosmtpd: pip install aiosmtpd)")
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["NASTAVNIK_DATA"] = data
        subprocess.run([args.binary, "demo", "--region-scale", "--organizations", "2", "--people", str(args.people), "--mail-day"],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        os.environ.update({
            "NASTAVNIK_SMTP_HOST": "127.0.0.1", "NASTAVNIK_SMTP_PORT": ready[1], "NASTAVNIK_SMTP_SECURITY": "none",
            "NASTAVNIK_SMTP_FROM": "nastavnik@region97.test", "NASTAVNIK_DIGEST_HOUR": "0", "NASTAVNIK_SMTP_LEASE_SECONDS": "3",
        })
        database = os.path.join(data, "nastavnik.sqlite")
        server = Server(args.binary, data).start()
        # The digests are written in one pass before the first letter goes.
        total = wait_for(lambda: received(mail) and len(outbox(database)), 600, "первые письма")
        print(f"Сводок в очереди: {total}")
        landed = 0
        for kill in range(1, args.kills + 1):
            target = total * kill // (args.kills + 1)
            wait_for(lambda: len(received(mail)) >= target, 600, f"{target} писем")
            server.kill()
            states = outbox(database)
            left = sum(1 for _, status in states if status in ("pending", "sending", "committing"))
            doubtful = sum(1 for _, status in states if status == "committing")
            print(f"SIGKILL №{kill}: получено {len(received(mail))}, в очереди ещё {left}, в сомнении (точка отправлена) {doubtful}")
            if left:
                landed += 1
            server.start()
        finished = lambda: all(status in ("sent", "unconfirmed") for _, status in outbox(database)) or None
        wait_for(finished, 900, "отправки всех писем после перезапусков")
        time.sleep(0.5)
        ids, states = received(mail), dict(outbox(database))
        failures = []
        duplicates = len(ids) - len(set(ids))
        if duplicates:
            failures.append(f"повторно доставлено писем: {duplicates}")
        lost = set(states) - set(ids)
        if lost:
            failures.append(f"не дошло писем: {len(lost)} (состояния: {sorted({states[m] for m in lost})})")
        foreign = set(ids) - set(states)
        if foreign:
            failures.append(f"получены письма, которых нет в очереди: {len(foreign)}")
        if landed < args.kills:
            failures.append(f"только {landed} из {args.kills} остановок пришлись на отправку")
        unconfirmed = sum(1 for status in states.values() if status == "unconfirmed")
        print(f"Писем в очереди {len(states)}, получено {len(ids)}, различных {len(set(ids))}, "
              f"без подтверждения сервера (доставлены, не повторялись) {unconfirmed}")
        if failures:
            raise SystemExit("ОШИБКА: " + "; ".join(failures))
        print("Каждое письмо пришло ровно один раз.")
    finally:
        if server:
            server.stop()
        sink.stdin.close()
        sink.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
