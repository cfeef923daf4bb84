"""Benchmark: response time of the mapping results pages for an area with 1,000
relationships and 5,000 ratings, through Django's test client (no network, no browser).

    .venv/bin/python bench/mapping_results.py [--repeat 10]

Uses the test settings and a throwaway test database (SQLite in memory by default, or the
test database of DATABASE_URL), so it never touches your data."""

import argparse
import statistics
import time

from support import page_timings, throwaway_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="requests per page (default 10)")
    parser.add_argument("--relationships", type=int, default=1000)
    parser.add_argument("--ratings", type=int, default=5000)
    args = parser.parse_args()

    with throwaway_database() as connection:
        from django.test import Client
        from django.urls import reverse

        from toolkit.accounts.tests.factories import UserFactory
        from toolkit.areas.models import Membership, Role
        from toolkit.core.startup import heap_freeze
        from toolkit.mapping import scoring
        from toolkit.mapping.tests.bulk import build_mapping_round
        from toolkit.rounds import figures

        started = time.perf_counter()
        round_ = build_mapping_round(relationships=args.relationships, ratings=args.ratings)
        built = time.perf_counter() - started
        user = UserFactory()
        Membership.objects.create(user=user, area=round_.area, role=Role.FACILITATOR_COUNCIL)
        client = Client()
        client.force_login(user)
        # As config.wsgi does once a web process has loaded: what is loaded so far (and the
        # data just built) is left out of the cyclic collector's walks; what the pages make
        # from now on is walked as in production, the figures a process keeps included, so
        # those that storing them at close left in this process are dropped first.
        figures.memo_clear()
        scoring.round_scores_forget()
        heap_freeze()
        kwargs = {"area_code": round_.area.gss_code, "round_id": round_.public_id}

        print(
            f"Data: {args.relationships:,} relationships, {args.ratings:,} ratings, "
            f"built in {built:.1f} s. Database: {connection.vendor}. "
            f"{args.repeat} requests per page after one warm-up.\n"
        )
        # The floor: the bare view (a tiny template, no database) through the same client in
        # the same run, so each page's p95 is also given as a multiple of it.
        _floor, floor_p95, _q, _r, _b = page_timings(
            client, "/.well-known/security.txt", args.repeat
        )
        print(f"Floor: the bare view (/.well-known/security.txt), p95 {floor_p95:.0f} ms.")
        print(
            "cpu ms: the median CPU time of a request in this process (with SQLite, the "
            "database's too); KB: the page's size.\n"
        )
        print(
            f"{'page':<28} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'cpu ms':>7} "
            f"{'queries':>8} {'KB':>6} {'p95/floor':>10}"
        )
        for name, query in [
            ("map", ""),
            ("map", "type=delivery&scale=region"),
            ("perspectives", ""),
            ("perspectives", "view=council"),
            ("spatial", ""),
            ("network", ""),
            ("comments", ""),
            ("map", "page=20"),
        ]:
            path = reverse(f"mapping:{name}", kwargs=kwargs) + (f"?{query}" if query else "")
            cpu = []
            timings, p95, queries, _response, body = page_timings(client, path, args.repeat, cpu)
            label = name + (f"?{query}" if query else "")
            print(
                f"{label:<28} {statistics.median(timings):>10.0f} {p95:>8.0f} "
                f"{timings[-1]:>8.0f} {statistics.median(cpu):>7.0f} {len(queries):>8} "
                f"{len(body) / 1024:>6.0f} {p95 / floor_p95:>9.1f}x"
            )


if __name__ == "__main__":
    main()
