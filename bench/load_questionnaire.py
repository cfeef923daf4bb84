"""Load benchmark: 200 respondents answering the principles questionnaire at once, against the
production configuration on this machine (see bench/README.md, "Load: 200 respondents").

    .venv/bin/python bench/load_questionnaire.py [--users 200] [--run-time 120s]

Like scripts/prod-check it makes a throwaway PostgreSQL database (127.0.0.1:5432, user
postgres) and uses Redis (127.0.0.1:6379, db 14): migrations, collectstatic, the reference data
and the demo area, an open round of the principles questionnaire (the quick check by default;
--assessment full asks every statement) with a side link for each side. Then gunicorn (4
workers) and the task worker on loopback, and locust headless
(bench/locustfile_questionnaire.py) for a bounded time. Afterwards it checks that every
response the respondents saw confirmed is stored exactly once, prints p50/p95/p99 per page,
the error rate and the ratio of the question page's p95 to the bare view's, and removes
everything it made (processes, database, files). Nothing listens beyond 127.0.0.1."""

# ruff: noqa: S603, S607, S310 - a local benchmark starting local tools on loopback

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
PY = str(VENV / "python")
PSQL = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q", "-c"]
QUESTION_PAGE = "04 question page"
BARE_VIEW = "bare view (security.txt)"

SETUP_ROUND = """
import json, os
from toolkit.accounts.models import User
from toolkit.areas.models import Area
from toolkit.rounds import services
from django.utils import timezone
from toolkit.rounds.models import AssessmentKind, RespondentLink
area = Area.objects.get(gss_code="E99999999")
facilitator = User.objects.get(email="facilitator@eastmere.example.org")
round_ = services.round_create(area=area, created_by=facilitator, name="Load benchmark round",
    assessment=AssessmentKind(os.environ["BENCH_ASSESSMENT"]), includes_mapping=False)
services.round_open(round_)
made = [services.respondent_link_create(round_=round_, side=side, kind="side", size=1000,
    label="Load benchmark") for side in ("council", "vcs")]
# Confirmed as the other side's facilitator would, so that every answer sent is counted.
RespondentLink.objects.filter(pk__in=[m.link.pk for m in made]).update(confirmed_at=timezone.now())
links = [m.token for m in made]
print(json.dumps({"area": area.gss_code, "round": str(round_.public_id), "links": links,
    "facilitator": facilitator.email}))
"""

CHECK_STORED = """
import json, os
from collections import Counter
from toolkit.assessment.models import ElementAnswer
from toolkit.rounds.models import Response, ResponseStatus, Round
round_ = Round.objects.get(public_id=os.environ["BENCH_ROUND"])
sent = Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED)
markers = Counter(ElementAnswer.objects.filter(response__in=sent, comment__startswith="bench-")
    .values_list("comment", flat=True))
print(json.dumps({"submitted": sent.count(), "markers": markers}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, env, **kwargs) -> str:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, **kwargs)
    if done.returncode:
        raise SystemExit(f"{' '.join(map(str, args))[:120]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def wait_healthy(url: str, seconds: int = 60) -> dict:
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(request, timeout=5) as reply:  # noqa: S310 - loopback
                body = json.loads(reply.read())
                if body.get("status") == "ok":
                    return body
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not become healthy")


def percentiles(stats_csv: Path) -> list[dict]:
    rows = []
    with stats_csv.open() as f:
        for row in csv.DictReader(f):
            rows.append(
                {
                    "name": row["Name"],
                    "count": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "p50": float(row["50%"]),
                    "p95": float(row["95%"]),
                    "p99": float(row["99%"]),
                }
            )
    return rows


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200, help="simulated respondents")
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--run-time", default="120s")
    parser.add_argument("--think", default="1,3", help="seconds between pages: min,max")
    parser.add_argument(
        "--assessment",
        choices=["quick", "full"],
        default="quick",
        help="the principles questionnaire asked: quick check (10 questions) or full",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()

    started = time.monotonic()
    db = f"toolkit_load_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="toolkit-load-"))
    port = free_port()
    processes: list[subprocess.Popen] = []
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db}",
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DEMO_PASSWORD": "load-" + secrets.token_urlsafe(18),
        # The facilitator signs in with a password only: the load run does not drive TOTP.
        "TWO_FACTOR_REQUIRED": "false",
        "ACCESS_LOG_LEVEL": "WARNING",
        "LOG_LEVEL": "WARNING",
    }

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    created = False
    try:
        for tool in ("psql", "pg_isready", "redis-cli"):
            if not shutil.which(tool):
                raise SystemExit(f"{tool} is needed (PostgreSQL and Redis clients)")
        run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], env)
        run(["redis-cli", "-h", "127.0.0.1", "ping"], env)
        run([*PSQL, f"CREATE DATABASE {db}"], env)
        created = True
        print(f"== setting up {db} (migrate, collectstatic, reference data, demo area)", flush=True)
        print(f"   machine load average before: {load_average()}", flush=True)
        run([PY, "manage.py", "migrate", "--no-input", "-v", "0"], env)
        run([PY, "manage.py", "collectstatic", "--no-input", "-v", "0"], env)
        run([PY, "manage.py", "load_reference_data"], env)
        run([PY, "manage.py", "load_demo"], env)
        setup_env = {**env, "BENCH_ASSESSMENT": options.assessment}
        config = json.loads(
            run([PY, "manage.py", "shell", "-c", SETUP_ROUND], setup_env).strip().splitlines()[-1]
        )
        config["password"] = env["DEMO_PASSWORD"]
        (work / "config.json").write_text(json.dumps(config))
        setup_seconds = time.monotonic() - started
        print(f"   set up in {setup_seconds:.0f} s", flush=True)

        print(f"== gunicorn ({options.workers} workers) and db_worker on 127.0.0.1:{port}")
        logs = {name: (work / f"{name}.log").open("w") for name in ("gunicorn", "worker")}
        processes.append(
            subprocess.Popen(
                [
                    str(VENV / "gunicorn"),
                    "config.wsgi",
                    "--workers",
                    str(options.workers),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--access-logfile",
                    "/dev/null",
                    "--forwarded-allow-ips",
                    "127.0.0.1",
                    "--backlog",
                    "2048",
                ],
                env=env,
                cwd=ROOT,
                stdout=logs["gunicorn"],
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        )
        processes.append(
            subprocess.Popen(
                [PY, "manage.py", "db_worker", "--no-reload"],
                env=env,
                cwd=ROOT,
                stdout=logs["worker"],
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        )
        wait_healthy(f"http://127.0.0.1:{port}/healthz")
        users = options.users + 3  # + 1 facilitator + 2 probes (fixed counts)
        print(
            f"== locust: {options.users} respondents + 1 facilitator + 2 probes, spawn "
            f"{options.spawn_rate}/s, {options.run_time}; load before: {load_average()}",
            flush=True,
        )
        locust_env = {
            **os.environ,
            "BENCH_CONFIG": str(work / "config.json"),
            "BENCH_SEEN": str(work / "seen.json"),
            "BENCH_THINK": options.think,
        }
        load_started = time.monotonic()
        locust = subprocess.run(
            [str(VENV / "locust"), "-f", str(ROOT / "bench" / "locustfile_questionnaire.py"),
             "--headless", "--host", f"http://127.0.0.1:{port}", "-u", str(users),
             "-r", str(options.spawn_rate), "--run-time", options.run_time,
             "--stop-timeout", "20", "--csv", str(work / "locust"), "--only-summary",
             "--loglevel", "WARNING", "--exit-code-on-error", "0"],
            env=locust_env, cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        load_seconds = time.monotonic() - load_started
        load_after = load_average()
        if locust.returncode or not (work / "seen.json").exists():
            raise SystemExit(f"locust failed:\n{locust.stdout[-3000:]}\n{locust.stderr[-3000:]}")
        seen = json.loads((work / "seen.json").read_text())
        stored = json.loads(
            run(
                [PY, "manage.py", "shell", "-c", CHECK_STORED],
                {**env, "BENCH_ROUND": config["round"]},
            )
            .strip()
            .splitlines()[-1]
        )
        rows = percentiles(work / "locust_stats.csv")
        failures = (work / "locust_failures.csv").read_text().strip().splitlines()[1:]
        for line in failures[:10]:
            print(f"   failure: {line}")
        report = summarise(rows, seen, stored, options, setup_seconds, load_seconds, load_after)
        report["total_seconds"] = round(time.monotonic() - started, 1)
        print(f"== finished in {report['total_seconds']} s (setup {setup_seconds:.0f} s)")
        if options.json:
            options.json.write_text(json.dumps(report, indent=2))
        return 0 if report["exactly_once"] else 1
    except KeyboardInterrupt:
        print("interrupted: cleaning up", file=sys.stderr)
        return 130
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if created:
            subprocess.run([*PSQL, f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"], env=env)
        subprocess.run(["redis-cli", "-h", "127.0.0.1", "-n", "14", "FLUSHDB"],
                       capture_output=True)  # fmt: skip
        shutil.rmtree(work, ignore_errors=True)


def summarise(rows, seen, stored, options, setup_seconds, load_seconds, load_after) -> dict:
    by_name = {row["name"]: row for row in rows}
    total = by_name.pop("Aggregated")
    confirmed = Counter(seen["confirmed"])
    attempted = set(seen["attempted"])
    markers = Counter(stored["markers"])
    duplicates = sum(1 for n in markers.values() if n > 1)
    missing = [m for m in confirmed if markers.get(m, 0) != 1]
    unknown = [m for m in markers if m not in attempted]
    in_flight = [m for m in markers if m in attempted and m not in confirmed]
    exactly_once = (
        len(confirmed) > 0
        and not duplicates
        and not missing
        and not unknown
        and stored["submitted"] == sum(markers.values())
        and stored["submitted"] == len(confirmed) + len(in_flight)
    )
    width = max(len(name) for name in by_name)
    heads = f"{'requests':>8}  {'errors':>6}  {'p50':>6}  {'p95':>6}  {'p99':>6}  (ms)"
    print(f"\n{'page':<{width}}  {heads}")
    for name in sorted(by_name):
        r = by_name[name]
        print(
            f"{name:<{width}}  {r['count']:>8}  {r['failures']:>6}  {r['p50']:>6.0f}  "
            f"{r['p95']:>6.0f}  {r['p99']:>6.0f}"
        )
    error_rate = total["failures"] / total["count"] if total["count"] else 0
    question = by_name.get(QUESTION_PAGE, {"p95": float("nan")})
    ratio = question["p95"] / max(by_name[BARE_VIEW]["p95"], 1)
    print(
        f"\nrequests {total['count']} in {load_seconds:.0f} s "
        f"({total['count'] / load_seconds:.0f}/s), errors {total['failures']} "
        f"({error_rate:.2%}); all pages p50/p95/p99 {total['p50']:.0f}/{total['p95']:.0f}/"
        f"{total['p99']:.0f} ms"
    )
    print(
        f"responses: {len(confirmed)} sends confirmed to respondents, {stored['submitted']} "
        f"stored as submitted; {len(in_flight)} in flight at the stop and stored; "
        f"{duplicates} stored twice; {len(missing)} confirmed but missing; {len(unknown)} unknown; "
        f"{seen['send_errors']} sends that errored -> "
        + ("EXACTLY ONCE: ok" if exactly_once else "EXACTLY ONCE: FAILED")
    )
    print(
        f"question page p95 / bare view p95 = {question['p95']:.0f} / "
        f"{by_name[BARE_VIEW]['p95']:.0f} ms = {ratio:.2f}x (goal: within 2x)"
    )
    print(f"machine load average after the run: {load_after}")
    return {
        "pages": by_name,
        "all": total,
        "error_rate": error_rate,
        "requests_per_second": total["count"] / load_seconds,
        "confirmed": len(confirmed),
        "stored": stored["submitted"],
        "in_flight_stored": len(in_flight),
        "duplicates": duplicates,
        "missing": len(missing),
        "exactly_once": exactly_once,
        "ratio_p95": ratio,
        "setup_seconds": round(setup_seconds, 1),
        "load_seconds": round(load_seconds, 1),
        "load_after": load_after,
        "options": {k: str(v) for k, v in vars(options).items()},
    }


if __name__ == "__main__":
    sys.exit(main())
