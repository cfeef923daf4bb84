"""Benchmark: response time of every page and download of a large area (issue 9: 500
organisations, 1,000 relationships, 5,000 ratings, 2,000 responses, 20,000 grants, 200
actions), through Django's test client (no network, no browser).

    .venv/bin/python bench/large_area.py [--repeat 5] [--grants 50000] [--only funding]

Uses the test settings and a throwaway test database (SQLite in memory by default, or the
test database of DATABASE_URL), so it never touches your data. The area is built by
tests/scale/bulk.py; the pages are those of tests/scale/pages.py, whose query counts
tests/scale/test_large_area.py checks."""

import argparse
import statistics
import time

from support import page_timings, throwaway_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="requests per page (default 5)")
    parser.add_argument("--organisations", type=int, default=500)
    parser.add_argument("--relationships", type=int, default=1000)
    parser.add_argument("--ratings", type=int, default=5000)
    parser.add_argument("--responses", type=int, default=2000)
    parser.add_argument("--grants", type=int, default=20000)
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--only", default="", help="only pages whose label contains this")
    args = parser.parse_args()

    with throwaway_database() as connection:
        from django.test import Client

        from tests.scale.bulk import build_large_area
        from tests.scale.pages import PAGES

        sizes = {
            "organisations": args.organisations,
            "relationships": args.relationships,
            "ratings": args.ratings,
            "responses": args.responses,
            "grants": args.grants,
            "actions": args.actions,
        }
        started = time.perf_counter()
        built = build_large_area(**sizes)
        seconds = time.perf_counter() - started
        client = Client()
        client.force_login(built.facilitator)
        print(
            "Data: " + ", ".join(f"{v:,} {k}" for k, v in sizes.items()) + f"; built in "
            f"{seconds:.1f} s. Database: {connection.vendor}. {args.repeat} requests per page "
            "after one warm-up.\n"
        )
        print(
            f"{'page':<32} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'queries':>8} {'KB':>7}"
        )
        for label, path_of in PAGES:
            if args.only and args.only not in label:
                continue
            timings, p95, queries, _response, body = page_timings(
                client, path_of(built), args.repeat
            )
            # Without the session's own queries (read, and the idle-timeout refresh).
            page_queries = [
                q
                for q in queries
                if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
            ]
            print(
                f"{label:<32} {statistics.median(timings):>10.0f} {p95:>8.0f} "
                f"{timings[-1]:>8.0f} {len(page_queries):>8} {len(body) / 1024:>7.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
