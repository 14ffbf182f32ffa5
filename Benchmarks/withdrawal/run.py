#!/usr/bin/env python3
"""A consent withdrawal at the size of a region, and what it does to the other schools' writes.

Generates the region the other benchmarks use (`nastavnik demo --region-scale`: 1,000
organizations, 200,000 people, pairs with meetings and final answers), adds what a working region
also holds — two diary entries per pair place (the child's own, signed with the full name, and the
mentor's, naming the child), a journal entry for each card added and each card opened, and one
for each pair proposed, naming the people (≈ 380,000 journal rows) — and starts the server on
SQLite and on PostgreSQL.

Then, per engine:
- the ceiling: curators of other schools (one connection each) add SWOT lines to their
  programs back to back (a one-row write with its audit entry, in one transaction) for
  --baseline seconds: their throughput and the median of one write;
- --withdrawals times: the same writers run, and the curator of the region's second school
  (≈ 160 children, most of them in pairs; the largest school has no pairs) withdraws the paper
  processing consent of a child in a formed pair whose full name also belongs to children of
  other schools (common names repeat at this size). Reported: the withdrawal's time, the other
  schools' throughput while it runs, as a share of the ceiling, and their slowest write.
- the namesakes: rows of other organizations rewritten by the withdrawals (the label
  «Участник (данные удалены)» outside the withdrawing school); it must be 0.

    python3 Benchmarks/withdrawal/run.py [--people N] [--organizations N] [--writers 4] [--withdrawals 3]
        [--configuration release|debug] [--scratch-path DIR] [--no-build] [--binary PATH --resources DIR] [--skip-postgres]

`--binary` runs a binary built elsewhere (e.g. of the commit before a change, for a before/after pair),
with the templates of its commit in `--resources` (`git archive <commit> Resources Public | tar -x -C DIR`).
"""
import argparse, importlib.util, os, re, sqlite3, statistics, subprocess, sys, threading, time, urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LABEL = "Участник (данные удалены)"
sys.path.insert(0, os.path.join(ROOT, "Benchmarks", "bases"))
from run import benchmark_binary, generate_region, on_both_engines, region_arguments, serving  # noqa: E402 — the bases benchmark's helpers, one copy

# The load benchmark's person: a keep-alive connection with cookies and the sign-in form.
_spec = importlib.util.spec_from_file_location("load_run", os.path.join(ROOT, "Benchmarks", "load", "run.py"))
load_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(load_run)
Person = load_run.User


class Database:
    """SQL straight to the server's database, for what a page does not show (ids, counts)."""

    def __init__(self, engine, data, url):
        self.engine, self.url = engine, url
        self.sqlite = sqlite3.connect(os.path.join(data, "nastavnik.sqlite"), timeout=600) if engine == "SQLite" else None
        self.blob_ids = False
        if self.sqlite:
            self.blob_ids = self.rows("SELECT typeof(id) FROM organizations LIMIT 1")[0][0] == "blob"

    def rows(self, query):
        if self.sqlite:
            return [tuple("" if v is None else str(v) for v in row) for row in self.sqlite.execute(query).fetchall()]
        out = subprocess.run(["psql", self.url, "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", query],
                             capture_output=True, text=True, check=True).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]

    def run(self, query):
        if self.sqlite:
            self.sqlite.execute(query)
            self.sqlite.commit()
        else:
            subprocess.run(["psql", self.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", query], capture_output=True, text=True, check=True)

    def new_id(self):
        if not self.sqlite:
            return "gen_random_uuid()"
        if self.blob_ids:
            return "randomblob(16)"
        return "upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))"

    def id_text(self, column):
        """The id as the journal's `object_id` stores it (`UUID.uuidString`)."""
        if not self.sqlite:
            return f"upper({column}::text)"
        if self.blob_ids:
            h = f"hex({column})"
            return f"(substr({h},1,8) || '-' || substr({h},9,4) || '-' || substr({h},13,4) || '-' || substr({h},17,4) || '-' || substr({h},21,12))"
        return column

    def literal(self, uuid):
        if self.sqlite and self.blob_ids:
            return "x'" + uuid.replace("-", "") + "'"
        return "'" + (uuid.upper() if self.sqlite else uuid.lower()) + "'"


def enrich(db):
    """What a working region holds beyond the generator's rows: diaries and the journal."""
    full = "m.last_name || ' ' || m.first_name || ' ' || COALESCE(m.middle_name, '')"
    mentor_full = "t.last_name || ' ' || t.first_name || ' ' || COALESCE(t.middle_name, '')"
    new_id = db.new_id()
    for query in [
        f"""INSERT INTO diary_entries (id, pairing_id, author_role, author_name, text, created_at)
            SELECT {new_id}, pm.pairing_id, 'mentee', {full}, 'Сегодня разобрали задачи, мне понравилось', p.created_at
            FROM pairing_members pm JOIN mentees m ON m.id = pm.mentee_id JOIN pairings p ON p.id = pm.pairing_id""",
        f"""INSERT INTO diary_entries (id, pairing_id, author_role, author_name, text, created_at)
            SELECT {new_id}, pm.pairing_id, 'mentor', {mentor_full}, 'С ' || m.first_name || ' договорились о следующей встрече', p.created_at
            FROM pairing_members pm JOIN mentees m ON m.id = pm.mentee_id JOIN pairings p ON p.id = pm.pairing_id JOIN mentors t ON t.id = p.mentor_id""",
        f"""INSERT INTO audit_entries (id, at, actor_id, actor_name, organization_id, action, object_type, object_id, details, ip)
            SELECT {new_id}, m.created_at, NULL, 'Куратор', m.organization_id, 'bases.menteeCreated', 'mentee', {db.id_text('m.id')},
                   'Добавлен: ' || {full}, '10.0.0.1' FROM mentees m""",
        f"""INSERT INTO audit_entries (id, at, actor_id, actor_name, organization_id, action, object_type, object_id, details, ip)
            SELECT {new_id}, m.created_at, NULL, 'Куратор', m.organization_id, 'bases.menteeViewed', 'mentee', {db.id_text('m.id')},
                   'Карточка: ' || {full}, '10.0.0.1' FROM mentees m""",
        f"""INSERT INTO audit_entries (id, at, actor_id, actor_name, organization_id, action, object_type, object_id, details, ip)
            SELECT {new_id}, t.created_at, NULL, 'Куратор', t.organization_id, 'bases.mentorCreated', 'mentor', {db.id_text('t.id')},
                   'Добавлен: ' || {mentor_full}, '10.0.0.1' FROM mentors t""",
        f"""INSERT INTO audit_entries (id, at, actor_id, actor_name, organization_id, action, object_type, object_id, details, ip)
            SELECT {new_id}, p.created_at, NULL, 'Куратор', p.organization_id, 'pairs.proposed', 'pairing', {db.id_text('p.id')},
                   'Пара: ' || {mentor_full} || ' — ' || {full}, '10.0.0.1'
            FROM pairing_members pm JOIN mentees m ON m.id = pm.mentee_id JOIN pairings p ON p.id = pm.pairing_id JOIN mentors t ON t.id = p.mentor_id""",
        "ANALYZE",
    ]:
        db.run(query)


def uuid_of(text):
    text = text.strip()
    if re.fullmatch(r"[0-9A-Fa-f]{32}", text):
        text = "-".join([text[:8], text[8:12], text[12:16], text[16:20], text[20:]])
    return text.lower()


def organization_of(db, login):
    return uuid_of(db.rows(f"""SELECT {db.id_text('r.organization_id')} FROM role_assignments r JOIN users u ON u.id = r.user_id
                               WHERE u.login = '{login}'""")[0][0])


def children_with_namesakes(db, organization, count):
    """Children of `organization` in a formed pair whose full name other organizations' children
    share, the most common names first, each in a pair of their own; each gets the paper processing
    consent a school keeps (the generator records them only in the largest school, which has no pairs)."""
    org = db.literal(organization)
    candidates = db.rows(f"""
        SELECT {db.id_text('m.id')}, {db.id_text('pm.pairing_id')}, m.last_name || ' ' || m.first_name || ' ' || m.middle_name,
               (SELECT COUNT(*) FROM mentees o WHERE o.last_name = m.last_name AND o.first_name = m.first_name
                  AND o.middle_name = m.middle_name AND o.organization_id <> m.organization_id) AS namesakes
        FROM mentees m JOIN pairing_members pm ON pm.mentee_id = m.id JOIN pairings p ON p.id = pm.pairing_id
        WHERE m.organization_id = {org} AND p.status = 'formed'
        ORDER BY namesakes DESC LIMIT 200""")
    chosen, pairs = [], set()
    for mentee, pairing, name, namesakes in candidates:
        if pairing in pairs:
            continue
        pairs.add(pairing)
        mentee = uuid_of(mentee)
        db.run(f"""INSERT INTO consent_records (id, organization_id, subject_kind, subject_id, purpose, given_on, text_version, given_by_name,
                                                given_by_guardian, recorded_by_id, created_at)
                   SELECT {db.new_id()}, m.organization_id, 'mentee', m.id, 'processing', c.given_on, c.text_version, 'Законный представитель',
                          c.given_by_guardian, c.recorded_by_id, c.created_at
                   FROM mentees m, (SELECT * FROM consent_records LIMIT 1) c WHERE m.id = {db.literal(mentee)}""")
        consent = uuid_of(db.rows(f"SELECT {db.id_text('id')} FROM consent_records WHERE subject_id = {db.literal(mentee)}")[0][0])
        chosen.append((mentee, consent, name, int(namesakes)))
        if len(chosen) == count:
            break
    return chosen


def labelled_elsewhere(db, organization):
    """Rows of other organizations that carry the withdrawal's label: a namesake rewritten."""
    org = db.literal(organization)
    label = "'%" + LABEL + "%'"
    return sum(int(db.rows(query)[0][0]) for query in [
        f"SELECT COUNT(*) FROM audit_entries WHERE organization_id <> {org} AND (details LIKE {label} OR actor_name = '{LABEL}')",
        f"SELECT COUNT(*) FROM diary_entries d JOIN pairings p ON p.id = d.pairing_id WHERE p.organization_id <> {org} AND (d.author_name = '{LABEL}' OR d.text LIKE {label})",
    ])


class Writers:
    """Curators of other schools adding SWOT lines back to back, one connection each."""

    def __init__(self, port, password, count, db):
        self.people = []
        for index in range(3, 3 + count):
            person = Person(port, "куратор")
            person.sign_in(f"kurator.region.{index}", password)
            org, program = (uuid_of(v) for v in db.rows(f"""
                SELECT {db.id_text('p.organization_id')}, {db.id_text('p.id')} FROM programs p
                JOIN role_assignments r ON r.organization_id = p.organization_id JOIN users u ON u.id = r.user_id
                WHERE u.login = 'kurator.region.{index}' ORDER BY p.starts_on DESC LIMIT 1""")[0])
            self.people.append((person, f"/orgs/{org}/programs/{program}/monitoring/swot"))
        self.stop = threading.Event()
        self.writes = []  # (started, finished)
        self.errors = 0
        self.lock = threading.Lock()

    def _write(self, person, path):
        number = 0
        while not self.stop.is_set():
            number += 1
            form = urllib.parse.urlencode({"_csrf": person.cookies.get("nastavnik_csrf", ""), "quadrant": "strength",
                                           "text": f"Наставники ведут пары без пропусков ({number})", "source": "Куратор"})
            started = time.perf_counter()
            status, _ = person.request("POST", path, body=form)
            finished = time.perf_counter()
            with self.lock:
                if status == 303:
                    self.writes.append((started, finished))
                else:
                    self.errors += 1

    def start(self):
        self.stop.clear()
        self.writes, self.errors = [], 0
        self.threads = [threading.Thread(target=self._write, args=person, daemon=True) for person in self.people]
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join()
        return list(self.writes), self.errors


def run_on(engine, binary, args, env):
    data, env, out, generated = generate_region(binary, args, env)
    password = re.search(r"password=(\S+)", out).group(1)
    db = Database(engine, data, env.get("DATABASE_URL"))
    started = time.time()
    enrich(db)
    generated += time.time() - started
    journal = int(db.rows("SELECT COUNT(*) FROM audit_entries")[0][0])
    diaries = int(db.rows("SELECT COUNT(*) FROM diary_entries")[0][0])
    # The withdrawing school is the second of the region (a school of ≈ 160 children with pairs);
    # the writers are the next ones.
    org = organization_of(db, "kurator.region.2")
    children = children_with_namesakes(db, org, args.withdrawals)
    with serving(binary, env, data) as port:
        writers = Writers(port, password, args.writers, db)
        curator = Person(port, "куратор")
        curator.sign_in("kurator.region.2", password)
        # The ceiling: the same writes with nothing else running.
        writers.start()
        time.sleep(args.baseline)
        writes, errors = writers.finish()
        ceiling = len(writes) / args.baseline
        single = statistics.median(end - start for start, end in writes)
        withdrawals = []
        for mentee, consent, name, namesakes in children:
            writers.start()
            time.sleep(1.5)
            form = urllib.parse.urlencode({"_csrf": curator.cookies.get("nastavnik_csrf", "")})
            started = time.perf_counter()
            status, _ = curator.request("POST", f"/orgs/{org}/mentees/{mentee}/consents/{consent}/withdraw", body=form)
            finished = time.perf_counter()
            time.sleep(0.5)
            writes, failed = writers.finish()
            if status != 303:
                raise RuntimeError(f"{engine}: отзыв согласия ответил {status}")
            during = [w for w in writes if w[1] >= started and w[0] <= finished]
            done = sum(1 for w in writes if started <= w[1] <= finished)
            slowest = max((end - start for start, end in during), default=0.0)
            withdrawals.append((finished - started, done / (finished - started), slowest, failed, namesakes))
        rewritten = labelled_elsewhere(db, org)
        return dict(generated=generated, journal=journal, diaries=diaries, ceiling=ceiling, single=single, errors=errors,
                    withdrawals=withdrawals, rewritten=rewritten)


def main():
    parser = argparse.ArgumentParser()
    region_arguments(parser)
    parser.add_argument("--writers", type=int, default=4, help="curators of other schools writing at once")
    parser.add_argument("--withdrawals", type=int, default=3)
    parser.add_argument("--baseline", type=float, default=10, help="seconds of writes without a withdrawal (the ceiling)")
    parser.add_argument("--binary", help="run this binary (no build)")
    parser.add_argument("--resources", help="the folder with Resources/Views and Public of that binary (NASTAVNIK_RESOURCES)")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if args.resources:
        env["NASTAVNIK_RESOURCES"] = os.path.abspath(args.resources)
    binary = args.binary or benchmark_binary(args)
    results = on_both_engines(run_on, binary, args, env)
    print(f"\nРегион: {args.organizations} организаций, {args.people} человек; {binary}; пишут {args.writers} куратора других школ.")
    for engine, r in results.items():
        print(f"{engine}: генерация {r['generated']:.0f} с; журнал {r['journal']} строк, дневники {r['diaries']}; "
              f"без отзыва {r['ceiling']:.1f} записей/с, одна запись — медиана {r['single'] * 1000:.1f} мс; ошибок {r['errors']}")
    print("| база | отзыв, мс | отзыв ÷ одна запись | записи других школ во время отзыва, в секунду | доля потолка | самая долгая запись, мс | тёзок у ребёнка |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for engine, r in results.items():
        for took, rate, slowest, failed, namesakes in r["withdrawals"]:
            print(f"| {engine} | {took * 1000:.0f} | {took / r['single']:.0f} | {rate:.1f} | {rate / r['ceiling']:.2f} | {slowest * 1000:.0f} | {namesakes} |"
                  + (f" ошибок записи: {failed}" if failed else ""))
    for engine, r in results.items():
        print(f"{engine}: строк других организаций с меткой «{LABEL}» после отзывов: {r['rewritten']}")
    bad = [engine for engine, r in results.items() if r["errors"] or r["rewritten"] or any(w[3] for w in r["withdrawals"])]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
