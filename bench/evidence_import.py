"""Benchmark the evidence imports: rows per second and peak memory at growing file sizes.

Generates, from the shapes of the real samples in ../shared/data,
- a Charity Commission subset CSV (Trafford Data Lab's 11 columns, R's "NA" for missing
  values) of up to 170,000 rows, every one working in the area (so every row is written);
- a 360Giving CSV (Trafford Council's 39 columns, CRLF) of up to 100,000 grants;
then imports each size in a fresh process against a fresh SQLite copy, and reports rows/s
and the process's peak resident memory (ru_maxrss). Memory must stay flat as rows grow.

    .venv/bin/python bench/evidence_import.py            # 10k, 50k, 170k / 10k, 50k, 100k
    .venv/bin/python bench/evidence_import.py --quick    # 2k and 10k only
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


def child(kind: str, path: str) -> None:
    """Runs in a fresh process: import one file and print a JSON result line."""
    import django

    django.setup()
    from toolkit.areas.models import Area
    from toolkit.evidence.services import import_paths

    area = Area.objects.get(gss_code="E08000009")
    started = time.perf_counter()
    run = import_paths(kind, area, [path])
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "status": run.status,
                "rows": run.rows_read,
                "created": run.created,
                "seconds": round(seconds, 2),
                "rows_per_second": round(run.rows_read / seconds),
                "peak_mib": round(peak_kib / 1024, 1),
                "message": run.message,
            }
        )
    )


def prepare_database(folder: Path) -> Path:
    template = folder / "template.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{template}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "-v0"],
        ["load_reference_data", "-v0"],
        ["create_area", "E08000009"],
    ):
        subprocess.run(  # noqa: S603 (our own manage.py)
            [*manage, *command], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
        )
    return template


def measure(kind: str, rows: int, folder: Path, template: Path) -> dict:
    path = folder / f"{kind}-{rows}.csv"
    (generate_charities if kind == "charities" else generate_grants)(path, rows)
    database = folder / f"{kind}-{rows}.sqlite3"
    shutil.copy(template, database)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(  # noqa: S603 (this script, as a child)
        [sys.executable, __file__, "--child", kind, str(path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    found.update(kind=kind, file_mib=round(path.stat().st_size / 2**20, 1))
    path.unlink()
    database.unlink()
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    for source in (CHARITIES, GRANTS):
        if not source.exists():
            sys.exit(f"Missing real sample {source}: the benchmark generates from it.")
    sizes = {
        "charities": [2_000, 10_000] if args.quick else [10_000, 50_000, 170_000],
        "grants": [2_000, 10_000] if args.quick else [10_000, 50_000, 100_000],
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = prepare_database(folder)
        print(
            f"{'kind':<10} {'rows':>8} {'file MiB':>9} {'seconds':>8} {'rows/s':>8} "
            f"{'peak MiB':>9}  status"
        )
        for kind, counts in sizes.items():
            for rows in counts:
                r = measure(kind, rows, folder, template)
                print(
                    f"{kind:<10} {r['rows']:>8} {r['file_mib']:>9} {r['seconds']:>8} "
                    f"{r['rows_per_second']:>8} {r['peak_mib']:>9}  {r['status']}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
