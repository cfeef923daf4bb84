"""Locust users for bench/load_questionnaire.py (run it, not this file: it sets up the database,
the servers and the environment variables read here).

- Respondent (the rest of the users): opens a side invite link and answers the full principles
  questionnaire through the real pages, with CSRF tokens: start → every question → barriers →
  pressures → check your answers → send (one in ten clicks Send twice) → confirmation, then
  starts again as a new respondent. Each respondent's first comment carries a unique marker so
  that the run can check afterwards that every sent response was stored exactly once.
- Facilitator (1): signs in and reloads the round's results pages.
- Probe (2): the bare view (/.well-known/security.txt, a tiny template) and /healthz.

Every request carries X-Forwarded-Proto: https, as from the load balancer, so the production
settings (secure __Host- cookies, HTTPS CSRF origin checks) run unchanged on loopback."""

import contextlib
import http.cookiejar
import json
import os
import random
import re
import uuid

import gevent
from locust import HttpUser, between, events, task
from locust.exception import StopUser
from locust.runners import STATE_CLEANUP, STATE_STOPPED, STATE_STOPPING

CONFIG = json.loads(open(os.environ["BENCH_CONFIG"]).read())  # noqa: SIM115, PTH123
THINK = tuple(float(x) for x in os.environ.get("BENCH_THINK", "0.5,1.5").split(","))
DOUBLE_CLICK = 0.1
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ITEMS = re.compile(r'name="items" type="checkbox" value="([a-z0-9-]+)"')
RESUME = re.compile(r"^/respond/answers/([^/]+)/$")

# What the respondents saw, written out when locust quits.
SEEN = {"attempted": [], "confirmed": [], "send_errors": 0, "journeys_started": 0}


def _send_secure_cookies_on_loopback(policy, cookie, request):
    return True


# The production cookies are Secure (__Host-). TLS ends at the load balancer, which this run
# stands in for on plain loopback HTTP, so send them anyway. (requests builds a fresh cookie
# jar for every request, so the default policy itself is changed, in the locust process only.)
http.cookiejar.DefaultCookiePolicy.return_ok_secure = _send_secure_cookies_on_loopback


class Base(HttpUser):
    abstract = True

    def on_start(self):
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.origin = "https://" + self.host.split("://", 1)[1].rstrip("/")

    def stopping(self) -> bool:
        return self.environment.runner.state in (STATE_STOPPING, STATE_STOPPED, STATE_CLEANUP)

    def think(self):
        if self.stopping():
            raise StopUser
        gevent.sleep(random.uniform(*THINK))
        if self.stopping():
            raise StopUser

    def page(self, path, name, *, expect=200):
        with self.client.get(path, name=name, catch_response=True) as reply:
            if reply.status_code != expect:
                reply.failure(f"{reply.status_code}")
                raise StopUser if self.stopping() else _Abandon
            return reply

    def post(self, path, name, data, *, redirect_to=None):
        """POST a form with its CSRF token; expect a redirect (to a path matching
        `redirect_to`, a compiled pattern or a string prefix); return the Location."""
        with self.client.post(
            path,
            data=data,
            name=name,
            headers={"Origin": self.origin},
            allow_redirects=False,
            catch_response=True,
        ) as reply:
            location = reply.headers.get("Location", "")
            ok = reply.status_code == 302 and (
                redirect_to is None
                or (location.startswith(redirect_to) if isinstance(redirect_to, str) else False)
                or (not isinstance(redirect_to, str) and redirect_to.match(location))
            )
            if not ok:
                reply.failure(f"{reply.status_code} {location[:40]}")
                raise _Abandon
            return location


class _Abandon(Exception):
    """A page went wrong: this respondent gives up (counted as a failure) and a new one starts."""


def token_of(html: str) -> str:
    return CSRF.search(html).group(1)


class Respondent(Base):
    wait_time = between(*THINK)

    @task
    def answer_the_questionnaire(self):
        with contextlib.suppress(_Abandon):
            self.journey()

    def journey(self):
        SEEN["journeys_started"] += 1
        link = random.choice(CONFIG["links"])
        marker = f"bench-{uuid.uuid4().hex}"
        start = f"/respond/{link}/"
        html = self.page(start, "01 start page").text
        self.think()
        location = self.post(start, "02 start (POST)", {"csrfmiddlewaretoken": token_of(html)})
        match = RESUME.match(location)
        if not match:
            raise _Abandon
        base = location
        self.page(base, "03 task list")
        self.think()
        number = 1
        while True:
            path = f"{base}assessment/questions/{number}/"
            html = self.page(path, "04 question page").text
            self.think()
            data = {
                "csrfmiddlewaretoken": token_of(html),
                "value": random.choice(["1", "2", "3", "4", "5", "dont-know"]),
                "action": "continue",
            }
            if number == 1:
                data["comment"] = marker
            location = self.post(path, "05 question (POST)", data, redirect_to=base)
            if "/questions/" not in location:
                break
            number += 1
        for kind, n in (("barriers", "06"), ("pressures", "08")):
            path = f"{base}assessment/{kind}/"
            html = self.page(path, f"{n} {kind} page").text
            self.think()
            choices = [c for c in ITEMS.findall(html) if c not in ("none", "other")]
            data = {
                "csrfmiddlewaretoken": token_of(html),
                "items": random.sample(choices, k=min(2, len(choices))),
                "action": "continue",
            }
            self.post(path, f"{int(n) + 1:02d} {kind} (POST)", data, redirect_to=base)
        self.page(base, "03 task list")
        html = self.page(f"{base}check/", "10 check answers").text
        self.think()
        send = {"csrfmiddlewaretoken": token_of(html), "round": CONFIG["round"]}
        sent = f"/respond/sent/{CONFIG['round']}/"
        SEEN["attempted"].append(marker)
        try:
            self.post(f"{base}send/", "11 send (POST)", send, redirect_to=sent)
            if random.random() < DOUBLE_CLICK:
                self.post(f"{base}send/", "11 send (POST)", send, redirect_to=sent)
        except _Abandon:
            SEEN["send_errors"] += 1
            raise
        SEEN["confirmed"].append(marker)
        self.page(sent, "12 sent page")


class Facilitator(Base):
    fixed_count = 1
    wait_time = between(1, 2)

    def on_start(self):
        super().on_start()
        path = "/account/sign-in/"
        html = self.page(path, "sign-in page").text
        self.post(
            path,
            "sign-in (POST)",
            {
                "csrfmiddlewaretoken": token_of(html),
                "username": CONFIG["facilitator"],
                "password": CONFIG["password"],
            },
        )

    @task
    def reload_results(self):
        base = f"/areas/{CONFIG['area']}/principles/{CONFIG['round']}/"
        try:
            for suffix, name in (("", "results: profile"), ("gaps/", "results: gaps")):
                self.page(base + suffix, name)
            self.page(base + "barriers/", "results: barriers")
        except _Abandon:
            pass


class Probe(Base):
    fixed_count = 2
    wait_time = between(0.5, 1)

    @task
    def bare(self):
        try:
            self.page("/.well-known/security.txt", "bare view (security.txt)")
            self.page("/healthz", "healthz (db + cache)")
        except _Abandon:
            pass


@events.quitting.add_listener
def _write_seen(environment, **kwargs):
    with open(os.environ["BENCH_SEEN"], "w") as out:  # noqa: PTH123
        json.dump(SEEN, out)
