"""Where a respondent's question page's time goes, in one process (see bench/README.md, "Where
a question page's time goes"): the production settings on a throwaway PostgreSQL test database
(DATABASE_URL's, or postgres://postgres@127.0.0.1:5432/toolkit_qpage), the reference data and
the demo area, an open round of the quick check as bench/load_questionnaire.py opens it, one
response started through its side link with question 1 answered. Then the question page and
the bare view (/.well-known/security.txt) are requested in turn, interleaved so that a busy
machine slows both alike, and the medians are printed with the load average; --profile also
prints a cProfile of the question pages.

    .venv/bin/python bench/question_page.py [--repeat 400] [--profile]
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/toolkit_qpage")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SITE_URL", "https://testserver")
os.environ.setdefault("DEMO_PASSWORD", "bench-" + secrets.token_urlsafe(18))
os.environ.setdefault("TWO_FACTOR_REQUIRED", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("ACCESS_LOG_LEVEL", "WARNING")
STATIC_ROOT = tempfile.mkdtemp(prefix="toolkit-qpage-static-")  # removed at the end
os.environ["STATIC_ROOT"] = STATIC_ROOT
os.environ.pop("REDIS_URL", None)  # the local cache: this measures the page, not Redis

from bench.support import throwaway_database  # noqa: E402

SECURE = {"secure": True, "headers": {"X-Forwarded-Proto": "https"}}


def open_round():
    from django.utils import timezone

    from toolkit.accounts.models import User
    from toolkit.areas.models import Area
    from toolkit.rounds import services
    from toolkit.rounds.models import AssessmentKind, RespondentLink

    area = Area.objects.get(gss_code="E99999999")
    facilitator = User.objects.get(email="facilitator@eastmere.example.org")
    round_ = services.round_create(
        area=area,
        created_by=facilitator,
        name="Question page benchmark",
        assessment=AssessmentKind.QUICK,
        includes_mapping=False,
    )
    services.round_open(round_)
    made = services.respondent_link_create(
        round_=round_, side="council", kind="side", size=1000, label="Benchmark"
    )
    RespondentLink.objects.filter(pk=made.link.pk).update(confirmed_at=timezone.now())
    return made.token


def timed(client, path, cpu: list) -> float:
    """Milliseconds to request the page and read its body; its CPU time in this process
    (which a busy machine stretches less than the time) is appended to `cpu`."""
    started, cpu_started = time.perf_counter(), time.process_time()
    reply = client.get(path, **SECURE)
    reply.getvalue()
    elapsed = (time.perf_counter() - started) * 1000
    cpu.append((time.process_time() - cpu_started) * 1000)
    assert reply.status_code == 200, (path, reply.status_code)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=400)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the pages")
    options = parser.parse_args()
    with throwaway_database():
        from django.core.management import call_command
        from django.test import Client

        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("load_reference_data", verbosity=0)
        call_command("load_demo", verbosity=0)
        link = open_round()
        client = Client()
        started = client.post(f"/respond/{link}/", **SECURE)
        base = started["Location"]
        page = f"{base}assessment/questions/1/"
        client.post(page, {"value": "4", "comment": "Kept", "action": "continue"}, **SECURE)
        bare = "/.well-known/security.txt"
        unused = []
        for _ in range(50):  # warm up
            timed(client, page, unused), timed(client, bare, unused)
        pages, bares, pages_cpu, bares_cpu = [], [], [], []
        before = os.getloadavg()[0]
        for _ in range(options.repeat):
            pages.append(timed(client, page, pages_cpu))
            bares.append(timed(client, bare, bares_cpu))
        after = os.getloadavg()[0]

        def quartiles(values):
            q = statistics.quantiles(values, n=20)
            return f"p25 {statistics.quantiles(values, n=4)[0]:.2f}  median " + (
                f"{statistics.median(values):.2f}  p95 {q[18]:.2f} ms"
            )

        print(f"{options.repeat} of each, interleaved; load average {before:.1f} -> {after:.1f}")
        print(f"question page  {quartiles(pages)}")
        print(f"bare view      {quartiles(bares)}")
        ratio = statistics.median(pages) / statistics.median(bares)
        print(f"median ratio   {ratio:.1f}x")
        print(f"question page  CPU {quartiles(pages_cpu)} (this process)")
        print(f"bare view      CPU {quartiles(bares_cpu)} (this process)")
        if options.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(options.repeat):
                client.get(page, **SECURE).getvalue()
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(STATIC_ROOT, ignore_errors=True)
