"""Benchmark the evidence imports against the database's own speed: rows per second, the
ratio to a floor measured in the same run, and peak memory, at growing file sizes.

Generates, from the shapes of the real samples in ../shared/data,
- a Charity Commission subset CSV (Trafford Data Lab's 11 columns, R's "NA" for missing
  values) of up to 170,000 rows (the whole register), every one working in the area;
- a 360Giving CSV (Trafford Council's 39 columns, CRLF) of up to 1,000,000 grants;
then, for each database and size, in fresh processes against a fresh copy of a database
holding the reference data and the Trafford area:
- imports the file with the operator's command path (``evidence.services.import_paths``: one
  all-or-nothing transaction, every row checked), and
- loads the same file's rows into a bare table (its columns as text, no keys or indexes) with
  the same driver: ``executemany`` on SQLite, COPY through psycopg 3 on PostgreSQL. That is the
  floor: the database's own speed for these rows on this machine at this moment.
The ratio (import seconds / floor seconds) is what to compare between runs and machines.

    .venv/bin/python bench/evidence_import.py             # charities 10k/170k, grants 10k/100k/1M
    .venv/bin/python bench/evidence_import.py --quick     # 2k and 10k
    .venv/bin/python bench/evidence_import.py --database sqlite
    .venv/bin/python bench/evidence_import.py --json figures.json

PostgreSQL is used when it answers on 127.0.0.1:5432 (user postgres, trust), with throwaway
databases named toolkit_bench_import_<pid>_…, dropped afterwards.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
CHARITIES = DATA / "charity-commission/trafford/charities_operating_in_trafford.csv"
GRANTS = DATA / "360giving/trafford/trafford_council_voluntary_sector_grants.csv"
POSTGRES = "postgres://postgres@127.0.0.1:5432/"
# --profile FOLDER: each import's cProfile statistics are written there (slower imports).
PROFILE_FOLDER = ""


def generate_charities(path: Path, rows: int) -> None:
    with CHARITIES.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, real = reader.fieldnames, list(reader)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, header, lineterminator="\n")
        writer.writeheader()
        for i in range(rows):
            row = dict(real[i % len(real)])
            row["registered_charity_number"] = str(1_000_000 + i)
            row["charity_name"] = f"{row['charity_name']} {i}"
            writer.writerow(row)


def generate_grants(path: Path, rows: int) -> None:
    with GRANTS.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, real = reader.fieldnames, list(reader)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, header, lineterminator="\r\n")
        writer.writeheader()
        for i in range(rows):
            row = dict(real[i % len(real)])
            row["Identifier"] = f"360G-bench-{i}"
            writer.writerow(row)


# --- in a fresh process ---------------------------------------------------------------------


def child_import(kind: str, path: str) -> dict:
    import django

    django.setup()
    from toolkit.areas.models import Area
    from toolkit.evidence.services import import_paths

    area = Area.objects.get(gss_code="E08000009")
    profile = os.environ.get("BENCH_PROFILE")
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    server = server_process()
    cpu_before, server_before = cpu_seconds(), server_cpu_seconds(server)
    started = time.perf_counter()
    run = import_paths(kind, area, [path])
    seconds = time.perf_counter() - started
    cpu, server_cpu = cpu_seconds() - cpu_before, server_cpu_seconds(server) - server_before
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    return {
        "status": run.status,
        "rows": run.rows_read,
        "created": run.created,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "server_cpu_seconds": server_cpu,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "message": run.message,
    }


def cpu_seconds() -> float:
    """This process's CPU time (all its threads), user and system."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def server_process() -> int | None:
    """PostgreSQL's process serving this connection, when it runs on this machine."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    return pid if Path(f"/proc/{pid}/stat").exists() else None


def server_cpu_seconds(pid: int | None) -> float:
    """The CPU time of PostgreSQL's process for this connection (0 on SQLite: it is ours)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child_floor(path: str) -> dict:
    """The same file's rows, read by the csv module, into a bare table of text columns with
    the driver Django uses, in one transaction."""
    import django

    django.setup()
    from django.db import connection, transaction

    with path_open(path) as fh:
        reader = csv.reader(fh)
        header = next(reader)
        columns = ", ".join(f"c{i} text" for i in range(len(header)))
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE bench_floor ({columns})")
        started = time.perf_counter()
        count = 0
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy("COPY bench_floor FROM STDIN") as copy:
                    for row in reader:
                        copy.write_row(row)
                        count += 1
            else:
                marks = ", ".join("?" * len(header))
                raw = cursor.cursor  # the driver's cursor, without Django's query logging
                for batch in batches(reader, 2000):
                    raw.executemany(f"INSERT INTO bench_floor VALUES ({marks})", batch)  # noqa: S608
                    count += len(batch)
        seconds = time.perf_counter() - started
    return {"rows": count, "seconds": seconds}


def path_open(path):
    return open(path, encoding="utf-8", newline="")  # noqa: SIM115 (closed by the caller)


def batches(rows, size):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- databases --------------------------------------------------------------------------------


class Sqlite:
    name = "sqlite"

    def __init__(self, folder: Path):
        self.folder = folder
        self.template = folder / "template.sqlite3"

    def url(self, database: str) -> str:
        return f"sqlite:///{self.folder / database}.sqlite3"

    def prepare(self) -> None:
        prepare(f"sqlite:///{self.template}")

    def copy(self, database: str) -> str:
        shutil.copy(self.template, self.folder / f"{database}.sqlite3")
        return self.url(database)

    def drop(self, database: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            (self.folder / f"{database}.sqlite3{suffix}").unlink(missing_ok=True)

    def finish(self) -> None:
        pass


class Postgres:
    name = "postgresql"

    def __init__(self):
        self.prefix = f"toolkit_bench_import_{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self.made: list[str] = []

    @staticmethod
    def available() -> bool:
        try:
            import psycopg

            psycopg.connect(POSTGRES + "postgres", connect_timeout=3).close()
            return True
        except Exception:
            return False

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(POSTGRES + "postgres", autocommit=True) as conn:
            conn.execute(sql)

    def prepare(self) -> None:
        self._admin(f'CREATE DATABASE "{self.template}"')
        self.made.append(self.template)
        prepare(POSTGRES + self.template)

    def copy(self, database: str) -> str:
        name = f"{self.prefix}_{database}"
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        self.made.append(name)
        return POSTGRES + name

    def drop(self, database: str) -> None:
        name = f"{self.prefix}_{database}"
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.remove(name)

    def finish(self) -> None:
        for name in list(self.made):
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self.made.remove(name)


def environment(url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": str(ROOT),
    }


def prepare(url: str) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "-v0"],
        ["load_reference_data", "-v0"],
        ["create_area", "E08000009"],
    ):
        subprocess.run(  # noqa: S603 (our own manage.py)
            [*manage, *command],
            env=environment(url),
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )


def in_child(url: str, *arguments: str, extra: dict | None = None) -> dict:
    result = subprocess.run(  # noqa: S603 (this script, as a child)
        [sys.executable, __file__, *arguments],
        env={**environment(url), **(extra or {})},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(database, kind: str, rows: int, path: Path) -> dict:
    label = f"{kind}_{rows}"
    url = database.copy(label)
    profile = {}
    if PROFILE_FOLDER:
        profile = {"BENCH_PROFILE": str(Path(PROFILE_FOLDER) / f"{database.name}-{label}.prof")}
    try:
        found = in_child(url, "--child-import", kind, str(path), extra=profile)
    finally:
        database.drop(label)
    url = database.copy(f"{label}_floor")
    try:
        floor = in_child(url, "--child-floor", str(path))
    finally:
        database.drop(f"{label}_floor")
    return {
        "database": database.name,
        "kind": kind,
        "rows": found["rows"],
        "file_mib": round(path.stat().st_size / 2**20, 1),
        "seconds": round(found["seconds"], 2),
        "rows_per_second": round(found["rows"] / found["seconds"]),
        "floor_seconds": round(floor["seconds"], 2),
        "floor_rows_per_second": round(floor["rows"] / floor["seconds"]),
        "times_floor": round(found["seconds"] / floor["seconds"], 1),
        "cpu_seconds": round(found["cpu_seconds"], 2),
        "server_cpu_seconds": round(found["server_cpu_seconds"], 2),
        "peak_mib": round(found["peak_mib"], 1),
        "status": found["status"],
        "message": found["message"],
    }


HEADER = (
    f"{'database':<11} {'kind':<10} {'rows':>9} {'MiB':>6} {'seconds':>8} {'rows/s':>8} "
    f"{'floor s':>8} {'floor rows/s':>12} {'× floor':>8} {'peak MiB':>9} {'CPU s':>7} "
    f"{'server CPU':>10}  status"
)


def line(r: dict) -> str:
    return (
        f"{r['database']:<11} {r['kind']:<10} {r['rows']:>9,} {r['file_mib']:>6} "
        f"{r['seconds']:>8} {r['rows_per_second']:>8,} {r['floor_seconds']:>8} "
        f"{r['floor_rows_per_second']:>12,} {r['times_floor']:>8} {r['peak_mib']:>9} "
        f"{r['cpu_seconds']:>7} {r['server_cpu_seconds']:>10}  {r['status']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2k and 10k rows only")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--kind", choices=["charities", "grants"], action="append")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--sizes", help="comma-separated row counts instead of the defaults")
    parser.add_argument(
        "--profile", metavar="FOLDER", help="write each import's cProfile statistics there"
    )
    parser.add_argument("--child-import", nargs=2, metavar=("KIND", "PATH"))
    parser.add_argument("--child-floor", metavar="PATH")
    args = parser.parse_args()
    if args.child_import:
        print(json.dumps(child_import(*args.child_import)))
        return
    if args.child_floor:
        print(json.dumps(child_floor(args.child_floor)))
        return
    for source in (CHARITIES, GRANTS):
        if not source.exists():
            sys.exit(f"Missing real sample {source}: the benchmark generates from it.")
    sizes = {
        "charities": [2_000, 10_000] if args.quick else [10_000, 170_000],
        "grants": [2_000, 10_000] if args.quick else [10_000, 100_000, 1_000_000],
    }
    if args.sizes:
        chosen = [int(n) for n in args.sizes.split(",")]
        sizes = dict.fromkeys(sizes, chosen)
    if args.profile:
        global PROFILE_FOLDER  # noqa: PLW0603 (set once, from the command line)
        PROFILE_FOLDER = str(Path(args.profile).resolve())
        Path(PROFILE_FOLDER).mkdir(parents=True, exist_ok=True)
    kinds = args.kind or list(sizes)
    wanted = args.database or ["sqlite", "postgresql"]
    results = []
    print(f"Load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        databases = []
        if "sqlite" in wanted:
            databases.append(Sqlite(folder))
        if "postgresql" in wanted:
            if Postgres.available():
                databases.append(Postgres())
            else:
                print("PostgreSQL does not answer on 127.0.0.1:5432: SQLite only.")
        try:
            for database in databases:
                database.prepare()
            print(HEADER, flush=True)
            for kind in kinds:
                for rows in sizes[kind]:
                    path = folder / f"{kind}-{rows}.csv"
                    (generate_charities if kind == "charities" else generate_grants)(path, rows)
                    for database in databases:
                        result = measure(database, kind, rows, path)
                        results.append(result)
                        print(line(result), flush=True)
                    path.unlink()
        finally:
            for database in databases:
                database.finish()
    print(f"Load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
