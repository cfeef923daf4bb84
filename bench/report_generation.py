"""Benchmark: generating the demo area's reports (area report and lead members' summary, as
PDF and DOCX), through the same background task the service runs, plus the data downloads.

    .venv/bin/python bench/report_generation.py [--repeat 5]

Uses the test settings and a throwaway test database (SQLite in memory by default, or the
test database of DATABASE_URL), so it never touches your data. Loads the reference data and
the fictional demo area first (not timed)."""

import argparse
import io
import logging
import resource
import statistics
import time

from support import throwaway_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each report (default 5)")
    args = parser.parse_args()

    with throwaway_database() as connection:
        logging.disable(logging.INFO)  # each task logs its start and end
        from django.core.management import call_command
        from django.test.utils import CaptureQueriesContext
        from pypdf import PdfReader

        from toolkit.areas.scopes import ALL_SCOPES
        from toolkit.core import exports
        from toolkit.demo.services import demo_area_load
        from toolkit.reports import datasets
        from toolkit.reports.models import Report
        from toolkit.reports.services import report_request

        started = time.perf_counter()
        call_command("load_reference_data", verbosity=0)
        area = demo_area_load().area
        print(
            f"Demo area {area.name} loaded in {time.perf_counter() - started:.1f} s. "
            f"Database: {connection.vendor}. {args.repeat} runs each after one warm-up.\n"
        )
        print(f"{'what':<34} {'median s':>9} {'max s':>7} {'queries':>8} {'size KB':>8}")
        for kind in ("area", "summary"):
            for fmt in ("pdf", "docx"):
                times, queries, size = [], 0, 0
                for run in range(args.repeat + 1):
                    with CaptureQueriesContext(connection) as captured:
                        t = time.perf_counter()
                        report = report_request(
                            area, kind=kind, fmt=fmt, scopes=ALL_SCOPES, user=None
                        )
                        elapsed = time.perf_counter() - t
                    report = Report.objects.get(pk=report.pk)
                    assert report.is_ready, report.job.message
                    if run:  # the first run warms caches and imports
                        times.append(elapsed)
                    queries, size = len(captured), report.size
                    if fmt == "pdf" and kind == "summary":
                        assert len(PdfReader(io.BytesIO(bytes(report.content))).pages) == 1
                label = f"{kind} report, {fmt.upper()}"
                print(
                    f"{label:<34} {statistics.median(times):>9.2f} {max(times):>7.2f} "
                    f"{queries:>8} {size // 1024:>8}"
                )
        for label, build in (
            ("data download, XLSX (all)", lambda: _xlsx(area, datasets, exports)),
            ("data download, CSV (register)", lambda: _csv(area, datasets, exports)),
        ):
            times = []
            for run in range(args.repeat + 1):
                with CaptureQueriesContext(connection) as captured:
                    t = time.perf_counter()
                    content = build()
                    elapsed = time.perf_counter() - t
                if run:
                    times.append(elapsed)
            print(
                f"{label:<34} {statistics.median(times):>9.2f} {max(times):>7.2f} "
                f"{len(captured):>8} {len(content) // 1024:>8}"
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nPeak memory of this process: {peak:.0f} MiB")


def _xlsx(area, datasets, exports):
    from toolkit.areas.scopes import ALL_SCOPES

    built = datasets.build(area, dict(datasets.available(ALL_SCOPES)))
    sheets = [exports.Sheet(d.title, d.header, d.rows) for d in built]
    sheets.append(
        exports.Sheet(
            "Data dictionary", datasets.DICTIONARY_HEADER, datasets.dictionary_rows(built)
        )
    )
    return exports.xlsx_bytes(sheets)


def _csv(area, datasets, exports):
    (built,) = datasets.build(area, ["register"])
    return exports.csv_bytes(built.header, built.rows)


if __name__ == "__main__":
    main()
