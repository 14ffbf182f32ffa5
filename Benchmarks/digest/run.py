#!/usr/bin/env python3
"""Does the notification worker keep up with a region's morning? The daily digest end to end.

Creates the region (`nastavnik demo --region-scale --mail-day`: 1,000 organizations, 200,000 people
in the bases, each with an account and an address, the daily digest chosen, and yesterday's three
notifications named by their own program), starts a real SMTP server on loopback
(`scripts/smtp_sink.py`, aiosmtpd: every letter written to a file, as the CI's tests read them)
and the server pointed at it, and times the morning: the worker writes one digest per person
(one transaction each: the items cleared, the letter queued) and sends them all, until the SMTP
server has received every letter.

The ceiling is measured in the same run: the same letters, taken from what the server received,
sent again by a plain client (Python's smtplib over one connection, no database) to a fresh SMTP
server of the same kind. The ratio says how close the worker comes to what the SMTP server itself
accepts; the deadline figure says whether a region's morning fits in the hour after the digests
are written (07:00 → 08:00, before lessons).

Then, on the same server and data, the home pages: the largest school's curator and the regional
coordinator, median of `--repeat` requests.

    python3 Benchmarks/digest/run.py [--binary .build/debug/nastavnik] [--people 200000] [--organizations 1000]
                                     [--ceiling-sample 20000] [--repeat 20] [--json out.json]
"""
import argparse, importlib.util, json, os, re, shutil, smtplib, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Signing in and timing a page as the bases' benchmark does.
_spec = importlib.util.spec_from_file_location("bases_benchmark", os.path.join(ROOT, "Benchmarks", "bases", "run.py"))
bases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bases)
DEADLINE_SECONDS = 3600


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.process = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "smtp_sink.py"), "--folder", folder],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        ready = self.process.stdout.readline().split()
        if not ready or ready[0] != "READY":
            raise SystemExit("smtp_sink.py не запустился: нужен aiosmtpd (pip install aiosmtpd)")
        self.port = int(ready[1])

    def count(self):
        return sum(1 for name in os.listdir(self.folder) if name.endswith(".eml"))

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=60)


def ceiling(letters_folder, sample, work):
    """The same letters through a plain client over one connection to a fresh SMTP server."""
    names = sorted(n for n in os.listdir(letters_folder) if n.endswith(".eml"))[:sample]
    letters = []
    for name in names:
        with open(os.path.join(letters_folder, name), "rb") as f:
            raw = f.read()
        # Drop the sink's own X-Envelope/X-Session lines: what is left is the letter as sent.
        lines = raw.split(b"\r\n") if b"\r\n" in raw else raw.split(b"\n")
        envelope_to = next(l.split(b":", 1)[1].strip().decode() for l in lines if l.startswith(b"X-Envelope-To:"))
        body = b"\r\n".join(l for l in lines if not l.startswith((b"X-Envelope-", b"X-Session-")))
        letters.append((envelope_to, body))
    sink = Sink(os.path.join(work, "ceiling"))
    try:
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", sink.port) as smtp:
            for recipient, body in letters:
                smtp.sendmail("nastavnik@region97.test", [recipient], body)
        while sink.count() < len(letters):
            time.sleep(0.01)
        return len(letters) / (time.perf_counter() - started), sum(len(b) for _, b in letters) / max(len(letters), 1)
    finally:
        sink.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "nastavnik"))
    parser.add_argument("--organizations", type=int, default=1000)
    parser.add_argument("--people", type=int, default=200000)
    parser.add_argument("--ceiling-sample", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="nastavnik-digest-")
    data = os.path.join(work, "data")
    os.makedirs(data)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(NASTAVNIK_DATA=data, NASTAVNIK_ENV="production")
    sink = server = None
    try:
        started = time.time()
        out = subprocess.run([args.binary, "demo", "--region-scale", "--organizations", str(args.organizations),
                              "--people", str(args.people), "--mail-day"], cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
        print(f"Регион с уведомлениями за вчера создан за {time.time() - started:.0f} с")
        password = re.search(r"password=(\S+)", out).group(1)
        people = int(re.search(r"людей с адресом (\d+)", out).group(1))
        sink = Sink(os.path.join(work, "mail"))
        env.update(NASTAVNIK_SMTP_HOST="127.0.0.1", NASTAVNIK_SMTP_PORT=str(sink.port), NASTAVNIK_SMTP_SECURITY="none",
                   NASTAVNIK_SMTP_FROM="nastavnik@region97.test", NASTAVNIK_DIGEST_HOUR="0")
        port = bases.free_port()
        log = open(os.path.join(work, "server.log"), "w")
        morning = time.perf_counter()
        server = subprocess.Popen([args.binary, "serve", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        first = None
        last_report = 0
        while True:
            count = sink.count()
            now = time.perf_counter()
            if count and first is None:
                first = now
            if count >= people:
                break
            if server.poll() is not None:
                raise SystemExit("сервер остановился: " + open(os.path.join(work, "server.log")).read()[-2000:])
            if now - last_report > 60:
                print(f"  {now - morning:.0f} с: получено писем {count} из {people}", flush=True)
                last_report = now
            time.sleep(0.2)
        done = time.perf_counter()
        compose, send, total = first - morning, done - first, done - morning
        rate = people / send
        plain_rate, letter_size = ceiling(os.path.join(work, "mail"), args.ceiling_sample, work)
        curator, coordinator = bases.Client(f"http://127.0.0.1:{port}"), bases.Client(f"http://127.0.0.1:{port}")
        curator.sign_in("kurator.region", password)
        coordinator.sign_in("koordinator.region", password)
        curator_home, _ = bases.time_page(curator, "/", args.repeat)
        coordinator_home, _ = bases.time_page(coordinator, "/", args.repeat)
        results = {
            "people": people, "compose_s": compose, "send_s": send, "total_s": total, "worker_letters_per_s": rate,
            "plain_client_letters_per_s": plain_rate, "ratio_to_plain_client": rate / plain_rate, "letter_bytes": letter_size,
            "share_of_deadline": total / DEADLINE_SECONDS, "curator_home_ms": curator_home, "coordinator_home_ms": coordinator_home,
        }
        print(f"""
Сводок (писем): {people}; средний размер письма {letter_size / 1024:.1f} КБ
Запись сводок (от запуска до первого письма): {compose:.0f} с
Отправка всех писем: {send:.0f} с — {rate:.0f} писем/с
Тот же SMTP-сервер, те же письма, простой клиент без базы: {plain_rate:.0f} писем/с
Обработчик ÷ простой клиент: {rate / plain_rate:.2f}
Всё утро: {total:.0f} с = {100 * total / DEADLINE_SECONDS:.0f} % часа между записью сводок и началом уроков
Главная куратора самой большой школы: медиана {curator_home:.1f} мс
Главная координатора региона: медиана {coordinator_home:.1f} мс""")
        if args.json:
            with open(args.json, "w") as f:
                json.dump(results, f, indent=2)
    finally:
        if server and server.poll() is None:
            server.terminate()
            try: server.wait(timeout=20)
            except subprocess.TimeoutExpired: server.kill()
        if sink:
            sink.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
