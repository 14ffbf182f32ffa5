#!/usr/bin/env python3
"""SIGKILL in the middle of a write: nothing half-done remains, nothing committed is lost.

Generates a small region (`nastavnik demo --region-scale --organizations 1 --people 30000`: one
school, ~1,900 formed pairs not yet fixed by an order), starts the debug server on it, signs in
as its curator through the login form, and
  (a) imports 20,000 mentees from an XLSX file (upload, then confirm: one transaction) and kills
      the server with SIGKILL while that transaction is open;
  (b) fixes the program's formed pairs by an order (one transaction over every pair) and kills
      the server the same way.
After each kill it reads the SQLite file (PRAGMA integrity_check, foreign keys), checks the import
is all or nothing and the pairs are either all fixed by the order or none, that every pair still
has its mentor and members, both sides' answers and the bases' statuses as before, and that rows
committed earlier (the region, a small import made just before) are all there; then restarts the
server, checks the pages open and finishes the interrupted action, as a curator would.

The kill is aimed at the open transaction: the test watches SQLite's WAL write lock (byte 120 of
the -shm file, read with F_GETLK, which takes no lock itself) and kills once the server has held
it for a while and the WAL has grown under it. A kill counts only if it landed mid-work: the lock
was held and the transaction had written into the WAL when the server died, and nothing of the
action was committed (the import's rows and the order's pairs are absent).
If the action committed first, the test tries again sooner (a shorter hold, a fresh file; the
order's pairs are put back unfixed with the server stopped), and fails when no attempt landed
before the commit: a kill after the commit proves nothing about half-done writes.

    python3 Tests/e2e/kill_test.py [--binary .build/debug/nastavnik] [--rows 20000] [--people 30000]
"""
import argparse, fcntl, io, os, re, shutil, sqlite3, struct, subprocess, sys, tempfile, threading, time, urllib.parse, zipfile
from xml.sax.saxutils import escape

from appserver import DEFAULT_BINARY, ROOT, Browser, Server

WAL_WRITE_LOCK_BYTE = 120  # SQLite's WAL_WRITE_LOCK in the shared-memory file (see sqlite3.c, WALINDEX_LOCK_OFFSET)
HELD_FOR = (0.05, 0.02, 0.005)  # seconds the write lock must stay held before the kill, one per attempt:
                                # a session touch or an audit row is shorter; each retry kills sooner
ORDER_HELD_FOR = (0.005, 0.0, 0.0, 0.0, 0.0, 0.0)  # the order's one UPDATE is short: kill at once, and retry
PREFIX = "Загрузкин"


def xlsx(header, rows):
    """The smallest XLSX the importer reads: one sheet, inline strings."""
    def cell(value):
        return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'
    sheet = io.StringIO()
    sheet.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    for number, row in enumerate([header] + rows, start=1):
        sheet.write(f'<row r="{number}">' + "".join(cell(value) for value in row) + "</row>")
    sheet.write("</sheetData></worksheet>")
    parts = {
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
        "xl/worksheets/sheet1.xml": sheet.getvalue(),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def mentee_rows(tag, count):
    header = ["Фамилия", "Имя", "Класс", "Форма наставничества", "Запросы"]
    return header, [[f"{PREFIX}{tag}{i:05d}", "Пётр", f"{5 + i % 6}А", "ученик – ученик", "Буллинг"] for i in range(count)]


def write_lock_held(shm):
    """Whether another process holds SQLite's WAL write lock; F_GETLK only asks, it locks nothing."""
    try:
        fd = os.open(shm, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        query = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, WAL_WRITE_LOCK_BYTE, 1, 0)
        return struct.unpack("hhqqi4x", fcntl.fcntl(fd, fcntl.F_GETLK, query))[0] != fcntl.F_UNLCK
    finally:
        os.close(fd)


def wal_grew(server):
    """The open transaction's own work, seen from outside: SQLite writes the pages a large
    transaction changes into the WAL before its commit frame (its cache spills), so a WAL longer
    than when the lock was taken shows the write under way, not about to begin. Too small a
    transaction spills nothing and shows its pages only with the commit: use `logged` then."""
    wal = os.path.join(server.data, "nastavnik.sqlite-wal")
    return lambda: _size(wal), lambda before, now: now > before


def logged(server, statement):
    """With LOG_LEVEL=debug the server logs each SQL statement as it sends it: the statement in
    the log since the lock was taken shows the transaction already writing."""
    return lambda: _size(server.log_path), lambda before, now: now > before and statement in _tail(server.log_path, before)


def kill_inside_transaction(server, action, limit, held_for, working, since_start=False):
    """Runs `action` (an HTTP request) in a thread and SIGKILLs the server once it has held the
    write lock for `held_for` seconds and `working` (`wal_grew` or `logged`) shows the transaction
    writing — since the lock was taken, or with `since_start` since the action began (a statement
    logged just before the poll saw the lock). Returns (killed so, seconds into the action)."""
    measure, moved = working
    shm = os.path.join(server.data, "nastavnik.sqlite-shm")
    result = {}
    at_start = measure()
    worker = threading.Thread(target=lambda: result.setdefault("response", _quietly(action)), daemon=True)
    started = time.time()
    worker.start()
    held_since = None
    while time.time() - started < limit:
        if not worker.is_alive():
            break
        if write_lock_held(shm):
            if held_since is None:
                held_since, before = time.time(), (at_start if since_start else measure())
            if time.time() - held_since >= held_for and moved(before, measure()):
                server.kill()
                return True, time.time() - started
        else:
            held_since = None
        time.sleep(0.002)
    server.kill()
    return False, time.time() - started


def _size(path):
    try:
        return os.path.getsize(path)
    except FileNotFoundError:
        return 0


def _tail(path, offset):
    with open(path, errors="replace") as f:
        f.seek(offset)
        return f.read()


def _quietly(action):
    try:
        return action()
    except Exception as error:  # the connection dies with the server
        return error


class Database:
    """The SQLite file read directly, after the kill: opening it replays the committed WAL frames only."""

    def __init__(self, path):
        self.connection = sqlite3.connect(path, timeout=30)

    def value(self, sql, *args):
        return self.connection.execute(sql, args).fetchone()[0]

    def rows(self, sql, *args):
        return self.connection.execute(sql, args).fetchall()

    def close(self):
        self.connection.close()


def snapshot(db, organization, program):
    """What a kill must never change: counts per table, both sides' answers and the bases' statuses."""
    return {
        "mentees": db.rows(f"SELECT status, COUNT(*) FROM mentees WHERE organization_id = ? AND last_name NOT LIKE '{PREFIX}%' GROUP BY 1 ORDER BY 1", organization),
        "mentors": db.rows("SELECT status, COUNT(*) FROM mentors WHERE organization_id = ? GROUP BY 1 ORDER BY 1", organization),
        "pairings": db.rows("SELECT status, COUNT(*) FROM pairings WHERE program_id = ? GROUP BY 1 ORDER BY 1", program),
        "answers": db.rows("SELECT mentee_answer, mentor_answer, COUNT(*) FROM pairing_members WHERE program_id = ? GROUP BY 1, 2 ORDER BY 1, 2", program),
        "meetings": db.value("SELECT COUNT(*) FROM pair_meetings WHERE program_id = ?", program),
    }


def structure_problems(db, program):
    """A pair that lost a side, an answer out of step with the pair's status, a broken file."""
    problems = []
    integrity = db.value("PRAGMA integrity_check")
    if integrity != "ok":
        problems.append(f"integrity_check: {integrity}")
    broken = db.rows("PRAGMA foreign_key_check")
    if broken:
        problems.append(f"foreign_key_check: {len(broken)} строк, например {broken[0]}")
    checks = {
        "участник пары без пары": "SELECT COUNT(*) FROM pairing_members pm LEFT JOIN pairings p ON p.id = pm.pairing_id WHERE p.id IS NULL",
        "пара без участников": "SELECT COUNT(*) FROM pairings p WHERE p.program_id = ? AND NOT EXISTS (SELECT 1 FROM pairing_members pm WHERE pm.pairing_id = p.id)",
        "пара без наставника": "SELECT COUNT(*) FROM pairings p LEFT JOIN mentors m ON m.id = p.mentor_id WHERE p.program_id = ? AND m.id IS NULL",
        "участник без наставляемого": "SELECT COUNT(*) FROM pairing_members pm LEFT JOIN mentees m ON m.id = pm.mentee_id WHERE pm.program_id = ? AND m.id IS NULL",
        "сформированная пара без согласия сторон": "SELECT COUNT(*) FROM pairings p JOIN pairing_members pm ON pm.pairing_id = p.id "
                                                   "WHERE p.program_id = ? AND p.status = 'formed' AND (pm.mentee_answer <> 'accepted' OR pm.mentor_answer <> 'accepted')",
        "пара с приказом без даты": "SELECT COUNT(*) FROM pairings WHERE program_id = ? AND (order_number IS NULL) <> (order_on IS NULL)",
    }
    for name, sql in checks.items():
        count = db.value(sql, *([program] if "?" in sql else []))
        if count:
            problems.append(f"{name}: {count}")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=DEFAULT_BINARY)
    parser.add_argument("--rows", type=int, default=20000, help="rows of the large import (the importer takes at most 20,000)")
    parser.add_argument("--people", type=int, default=30000, help="people of the generated school (about 1 formed pair per 16)")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="nastavnik-kill-")
    server = Server(args.binary, data)
    failures, notes = [], []

    def check(condition, message):
        print(("  ✓ " if condition else "  ✗ ") + message)
        if not condition:
            failures.append(message)

    try:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["NASTAVNIK_DATA"] = data
        out = subprocess.run([args.binary, "demo", "--region-scale", "--organizations", "1", "--people", str(args.people)],
                             cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
        organization = re.search(r"curator-organization-id=(\S+)", out).group(1)
        password = re.search(r"password=(\S+)", out).group(1)
        path = os.path.join(data, "nastavnik.sqlite")
        db = Database(path)
        program = db.value("SELECT id FROM programs WHERE organization_id = ? ORDER BY starts_on DESC LIMIT 1", organization)
        db.close()

        server.start()
        curator = Browser(server.base).sign_in("kurator.region", password)
        imports = f"/orgs/{organization}/imports"

        def upload(tag, count):
            header, rows = mentee_rows(tag, count)
            status, location = curator.post_file(imports, {"kind": "mentee"}, "file", f"{tag}.xlsx", xlsx(header, rows), follow=False)
            if status not in (302, 303) or "/imports/" not in location:
                raise RuntimeError(f"файл {tag}.xlsx не загружен: HTTP {status} {location[:300]}")
            return urllib.parse.urlparse(location).path

        # Committed before the kill: a small import the curator confirmed.
        small = upload("Ранний", 3)
        status, _ = curator.post(small + "/confirm", {}, follow=False)
        check(status in (302, 303), f"маленький импорт подтверждён до опыта (HTTP {status})")

        db = Database(path)
        before = snapshot(db, organization, program)
        db.close()

        print(f"(а) импорт {args.rows} строк XLSX, SIGKILL во время записи")
        started = time.time()
        landed = False
        for attempt, held_for in enumerate(HELD_FOR, start=1):
            tag = f"Большой{attempt}"
            big = upload(tag, args.rows)
            inside, after = kill_inside_transaction(server, lambda: curator.post(big + "/confirm", {}, follow=False), limit=900, held_for=held_for,
                                                    working=wal_grew(server))
            print(f"  попытка {attempt}: SIGKILL через {after:.1f} с после подтверждения" + (", транзакция записи была открыта" if inside else ", ПОСЛЕ завершения запроса"))
            db = Database(path)
            imported = db.value(f"SELECT COUNT(*) FROM mentees WHERE organization_id = ? AND last_name LIKE '{PREFIX}{tag}%'", organization)
            batch_done = db.value("SELECT COUNT(*) FROM import_batches WHERE organization_id = ? AND imported_at IS NOT NULL AND file_name = ?", organization, f"{tag}.xlsx")
            check(imported in (0, args.rows), f"импорт всё или ничего: в базе {imported} из {args.rows} строк")
            check((imported == args.rows) == (batch_done == 1), f"отметка об импорте файла согласна со строками (отмечен: {batch_done})")
            db.close()
            landed = inside and imported == 0
            if landed or imported != args.rows:
                break
            print("  ! SIGKILL пришёл после фиксации: импорт завершён целиком, пробую раньше с новым файлом")
            server.start()
        check(landed, "SIGKILL пришёл посреди импорта: транзакция держала блокировку записи и уже писала в WAL, а строк в базе нет")
        db = Database(path)
        check(db.value(f"SELECT COUNT(*) FROM mentees WHERE organization_id = ? AND last_name LIKE '{PREFIX}Ранний%'", organization) == 3,
              "строки маленького импорта, подтверждённого раньше, на месте")
        check(snapshot(db, organization, program) == before, "базы, пары, ответы сторон и встречи — как до опыта")
        problems = structure_problems(db, program)
        check(not problems, "файл цел и пары целы" + (": " + "; ".join(problems) if problems else ""))
        db.close()

        server.start()
        page = curator.get(f"/orgs/{organization}/mentees?q=" + urllib.parse.quote(PREFIX + "Ранний"))
        check("Загрузкин" in page, "после перезапуска список наставляемых открывается и находит ранний импорт")
        if imported == 0:
            status, _ = curator.post(big + "/confirm", {}, follow=False)
            db = Database(path)
            redone = db.value(f"SELECT COUNT(*) FROM mentees WHERE organization_id = ? AND last_name LIKE '{PREFIX}{tag}%'", organization)
            db.close()
            check(status in (302, 303) and redone == args.rows, f"прерванный импорт подтверждается снова и записывает все {redone} строк ({time.time() - started:.0f} с всего)")

        print("(б) закрепление пар приказом, SIGKILL во время записи")
        db = Database(path)
        before = snapshot(db, organization, program)
        unfixed = db.value("SELECT COUNT(*) FROM pairings WHERE program_id = ? AND status = 'formed' AND order_number IS NULL", program)
        db.close()
        check(unfixed > 500, f"пар без приказа для опыта: {unfixed}")
        order = {"orderNumber": "17-н", "orderOn": time.strftime("%Y-%m-%d")}
        pairs = f"/orgs/{organization}/programs/{program}/pairs/order"
        # The order's transaction is too small to spill into the WAL before its commit: the server
        # logs its SQL (LOG_LEVEL=debug) and the kill waits for the first UPDATE of a pair.
        server.stop()
        os.environ["LOG_LEVEL"] = "debug"
        server.start()
        landed = False
        # The order claims its pairs in one UPDATE of a few milliseconds: the kill waits for no
        # more than the write lock and that statement in the log, and tries a few times.
        for attempt, held_for in enumerate(ORDER_HELD_FOR, start=1):
            inside, after = kill_inside_transaction(server, lambda: curator.post(pairs, order, follow=False), limit=300, held_for=held_for,
                                                    working=logged(server, 'UPDATE "pairings"'), since_start=True)
            print(f"  попытка {attempt}: SIGKILL через {after:.2f} с после отправки приказа" + (", транзакция записи была открыта" if inside else ", ПОСЛЕ завершения запроса"))
            db = Database(path)
            fixed = db.value("SELECT COUNT(*) FROM pairings WHERE program_id = ? AND status = 'formed' AND order_number = '17-н'", program)
            check(fixed in (0, unfixed), f"приказ всё или ничего: закреплено {fixed} из {unfixed} пар")
            landed = inside and fixed == 0
            if landed or fixed != unfixed:
                db.close()
                break
            # Committed before the kill: put the pairs back unfixed (the server is stopped) and kill sooner.
            print("  ! SIGKILL пришёл после фиксации: приказ записан целиком, возвращаю пары без приказа и пробую раньше")
            db.connection.execute("UPDATE pairings SET order_number = NULL, order_on = NULL WHERE program_id = ? AND order_number = '17-н'", (program,))
            db.connection.commit()
            db.close()
            server.start()
        check(landed, "SIGKILL пришёл посреди приказа: транзакция держала блокировку записи и уже обновляла пары, а закреплённых пар в базе нет")
        db = Database(path)
        check(snapshot(db, organization, program) == before, "пары, ответы сторон, статусы в базах и встречи — как до опыта")
        problems = structure_problems(db, program)
        check(not problems, "файл цел и пары целы" + (": " + "; ".join(problems) if problems else ""))
        db.close()

        server.start()
        check("Загрузкин" in curator.get(f"/orgs/{organization}/mentees?q=" + urllib.parse.quote(PREFIX)), "после второго перезапуска данные на месте")
        if fixed == 0:
            status, _ = curator.post(pairs, order, follow=False)
            db = Database(path)
            check(status in (302, 303) and db.value("SELECT COUNT(*) FROM pairings WHERE program_id = ? AND order_number = '17-н'", program) == unfixed,
                  "прерванный приказ отдаётся снова и закрепляет все пары")
            db.close()
        server.stop()
    finally:
        server.stop()
        if failures:
            print(f"Журнал сервера: {data}")
        else:
            shutil.rmtree(data, ignore_errors=True)

    for note in notes:
        print("Замечание: " + note)
    if failures:
        print(f"Провалено проверок: {len(failures)}")
        return 1
    print("SIGKILL посреди записи: половинчатых данных нет, зафиксированное не потеряно.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
