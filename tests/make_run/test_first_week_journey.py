"""A council's first week, end to end, in real Chromium against the service as `make run`
runs it (a SQLite file, runserver and the worker) for a fresh real area, Calderdale
(E08000033), not the demo (issue 14, acceptance).

The README's commands make the area and the first facilitator's invitation; the facilitator
accepts it, invites the sector's facilitator, adds organisations, records relationships by
the form and by an import (checked, then confirmed), runs a mapping round answered by five
council and five VCS respondents through shared links on 375 px phones without JavaScript,
closes it, reads the maps, runs a principles round the same way, builds the joint action plan
and downloads the report as a PDF. Every page visited is checked with axe; no page may say
"Sorry" and the site's logs must show no server error.

To look at what a council sees: `JOURNEY_SHOTS=/tmp/journey` keeps a full-page screenshot of
each page the first time it is seen at each width, and the report's PDF, in that folder."""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field

import pytest

from tests.browser.support import DESKTOP, axe_violations, describe

from .site import Running, free_port
from .test_readme_new_council import LINK, readme_steps_run

pytestmark = [pytest.mark.make_run, pytest.mark.browser]

AREA = "E08000033"
PHONE_375 = {"width": 375, "height": 740}
PASSWORD = "a long enough pass phrase"  # noqa: S105
COUNCIL_FACILITATOR = "name@council.gov.uk"
VCS_FACILITATOR = "chief.officer@calderdale-cvs.example.org"
RESPONDENTS_PER_SIDE = 5


@dataclass
class Journey:
    """The running site, the one browser, and what every page visited showed."""

    site: Running
    browser: object
    failures: dict[str, str] = field(default_factory=dict)
    server_errors: list[str] = field(default_factory=list)
    visited: int = 0
    axe_checked: set = field(default_factory=set)
    shots: str = os.environ.get("JOURNEY_SHOTS", "")

    def person(self, viewport=DESKTOP, javascript=True):
        """A new browser context: one person, with or without scripts."""
        context = self.browser.new_context(
            viewport=viewport, java_script_enabled=True, base_url=self.site.url
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        if not javascript:
            page.scripts_off = context.new_cdp_session(page)
            page.scripts_off.send("Emulation.setScriptExecutionDisabled", {"value": True})
        page.on("response", self._record_server_error)
        return page

    def _record_server_error(self, response):
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def check(self, page, label: str) -> None:
        """Every page: no "Sorry"; and no axe violations, checked the first time each page
        is seen at each width (ten respondents see the same pages)."""
        self.visited += 1
        main = page.locator("main").inner_text()
        assert "Sorry" not in main, f"{label}: {page.url}\n{main}"
        width = page.viewport_size["width"]
        if (label, width) in self.axe_checked:
            return
        self.axe_checked.add((label, width))
        if self.shots:
            name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
            page.screenshot(
                path=f"{self.shots}/{len(self.axe_checked):03d}-{name}-{width}.png", full_page=True
            )
        violations = axe_violations(page)
        if violations:
            self.failures[f"{label} ({page.url})"] = describe(violations)

    def go(self, page, path: str, label: str):
        response = page.goto(path)
        assert response.status == 200, f"{label}: {path} answered {response.status}"
        self.check(page, label)
        return page

    def emailed_link(self, address: str) -> str:
        """The last invitation link printed for this address by the console email backend,
        in either process's log."""
        logs = self.site.log_text()
        messages = [m for m in logs.split("Subject:") if address in m]
        assert messages, f"no email to {address} in the logs:\n{logs[-3000:]}"
        return LINK.findall(messages[-1])[-1]


def navigate(locator) -> None:
    """Click a link or button and wait for the page it leads to, before anything reads it."""
    with locator.page.expect_navigation():
        locator.click()


def accept_invitation(journey, page, path: str, full_name: str, role_in_words: str) -> None:
    journey.go(page, path, f"invitation for {full_name}")
    assert f"You have been invited as: {role_in_words}" in page.locator("main").inner_text()
    page.get_by_label("Full name").fill(full_name)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    navigate(page.get_by_role("button", name=re.compile("^(Create|Join|Accept)")))
    page.wait_for_url(re.compile(rf"/areas/{AREA}/$"))
    journey.check(page, f"{full_name}'s first page")


def invite(journey, page, email: str, role_in_words: str) -> None:
    journey.go(page, f"/areas/{AREA}/people/", "people")
    navigate(page.get_by_role("button", name="Invite someone"))
    journey.check(page, "invite form")
    page.get_by_label("Email address").fill(email)
    page.get_by_label(role_in_words, exact=True).check()
    navigate(page.get_by_role("button", name="Send invitation"))
    journey.check(page, "invitation sent")
    assert role_in_words in page.locator("main").inner_text()


VCS_ORGANISATIONS = [
    ("Calderdale CVS", "Infrastructure organisation (such as a CVS)"),
    ("Halifax Food Bank", "Registered charity"),
    ("Todmorden Youth Trust", "Registered charity"),
]
IMPORTED = [
    (
        "CAL-0002",
        "Food poverty alliance",
        "Calderdale Metropolitan Borough Council",
        "Halifax Food Bank",
        "Delivery",
    ),
    (
        "CAL-0003",
        "Youth services forum",
        "Calderdale Metropolitan Borough Council",
        "Todmorden Youth Trust;Calderdale CVS",
        "Ongoing",
    ),
]


def add_organisations(journey, page) -> None:
    journey.go(page, f"/areas/{AREA}/organisations/", "organisations")
    for name, vcs_type in VCS_ORGANISATIONS:
        navigate(page.get_by_role("button", name="Add an organisation"))
        journey.check(page, "organisation form")
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Voluntary and community sector organisation").check()
        page.get_by_label(re.compile("type", re.I)).first.select_option(label=vcs_type)
        navigate(page.get_by_role("button", name=re.compile("^Save")))
        journey.check(page, "organisations after adding one")
        assert name in page.locator("main").inner_text()


def add_relationship_by_form(journey, page) -> None:
    journey.go(page, f"/areas/{AREA}/register/new/", "relationship form")
    page.get_by_label("Name of the relationship").fill("Calderdale compact board")
    page.get_by_role("group", name="Council side").get_by_label(
        "Calderdale Metropolitan Borough Council"
    ).check()
    page.get_by_role("group", name="Voluntary and community sector side").get_by_label(
        "Calderdale CVS"
    ).check()
    page.get_by_role("radio", name="Shaping relationships").check()
    navigate(page.get_by_role("button", name="Save relationship"))
    journey.check(page, "relationship saved")
    assert "Calderdale compact board" in page.locator("main").inner_text()


def import_relationships(journey, page) -> None:
    journey.go(page, f"/areas/{AREA}/register/import/", "import")
    rows = ["Reference,Name,Council parties,VCS parties,Main type"] + [
        ",".join(f'"{cell}"' for cell in row) for row in IMPORTED
    ]
    page.get_by_label("Upload a file").set_input_files(
        files=[
            {
                "name": "calderdale-register.csv",
                "mimeType": "text/csv",
                "buffer": ("\r\n".join(rows) + "\r\n").encode(),
            }
        ]
    )
    navigate(page.get_by_role("button", name="Check the file"))
    journey.check(page, "import preview")
    preview = page.locator("main").inner_text()
    assert "Check the changes before you import" in preview, preview
    assert all(title in preview for _, title, *_ in IMPORTED), preview
    navigate(page.get_by_role("button", name="Confirm and import"))
    journey.check(page, "import confirmed")
    journey.go(page, f"/areas/{AREA}/register/", "register")
    register = page.locator("main").inner_text()
    assert all(title in register for _, title, *_ in IMPORTED), register


def create_round(journey, page, name: str, assessment: str, mapping: bool) -> str:
    """Create and open a round; its page's path."""
    journey.go(page, f"/areas/{AREA}/rounds/new/", "new round")
    page.get_by_label("Name of the round").fill(name)
    page.get_by_label(assessment).check()
    if mapping:
        page.get_by_label("Also ask respondents to rate the area's relationships").check()
    page.get_by_label("Anonymous: no one can tell who gave which answers").check()
    navigate(page.get_by_role("button", name="Create round"))
    journey.check(page, f"{name}: created")
    path = re.search(r"/areas/[^/]+/rounds/[0-9a-f-]+/", page.url).group(0)
    if mapping:
        navigate(page.get_by_role("link", name="Choose the relationships this round covers"))
        journey.check(page, f"{name}: relationships")
        for box in page.locator("input[name=relationships]").all():
            box.check()
        navigate(page.get_by_role("button", name="Save"))
        journey.go(page, path, f"{name}: round page")
    navigate(page.get_by_role("button", name="Open the round"))
    journey.check(page, f"{name}: opened")
    return path


def make_shared_link(journey, page, round_path: str, side: str) -> str:
    journey.go(page, round_path + "links/", "links")
    page.get_by_label(side, exact=True).check()
    page.get_by_label("Shared link: send the same link to many people").check()
    page.get_by_label("For a shared link: how many people will you send it to?").fill(
        str(RESPONDENTS_PER_SIDE)
    )
    navigate(page.get_by_role("button", name="Make link"))
    journey.check(page, "link made")
    return page.locator("#new-link").input_value()


def confirm_links(journey, page, round_path: str) -> None:
    journey.go(page, round_path + "links/", "links to confirm")
    navigate(page.get_by_role("button", name=re.compile("^Confirm")).first)
    journey.check(page, "link confirmed")
    assert "Confirmed" in page.locator("main").inner_text()


def respond_through_link(journey, link: str, answer) -> None:
    """One respondent on a 375 px phone without JavaScript: start, answer, check, send."""
    page = journey.person(viewport=PHONE_375, javascript=False)
    try:
        journey.go(page, link, "respondent: start")
        navigate(page.get_by_role("button", name="Start now"))
        journey.check(page, "respondent: task list")
        answer(journey, page)
        navigate(page.get_by_role("link", name="Check and send your answers"))
        journey.check(page, "respondent: check answers")
        navigate(page.get_by_role("button", name="Send answers"))
        page.wait_for_url(re.compile(r"/respond/sent/"))
        journey.check(page, "respondent: sent")
        assert (
            page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            <= 0
        )
    finally:
        page.context.close()


# The position on each scale (0 for its first point) that each side's respondents lean to:
# the council sees its relationships as more strategic and proactive than the sector does.
LEANING = {"council": 3, "vcs": 1}


def rate_relationships(side: str, n: int):
    """Rate every relationship in the round; respondents of a side differ a little."""

    def answer(journey, page):
        navigate(page.get_by_role("link", name="Rate relationships"))
        journey.check(page, "respondent: choose relationships")
        for box in page.locator("input[name=relationships]").all():
            box.check()
        navigate(page.get_by_role("button", name="Continue"))
        while "Relationship " in page.locator("h1, legend, .govuk-caption-l").first.inner_text():
            names = page.evaluate(
                "[...new Set([...document.querySelectorAll('main input[type=radio]')]"
                ".map(i => i.name))]"
            )
            for k, name in enumerate(names):
                page.locator(f"input[type=radio][name='{name}']").nth(
                    LEANING[side] + (n + k) % 2
                ).check()
            journey.check(page, "respondent: rate a relationship")
            page.get_by_label("Whole place").check()
            page.get_by_label(re.compile("^Anything you want to add")).fill(f"Comment {n}.")
            page.get_by_label("You can show my comment in the results").check()
            navigate(page.get_by_role("button", name="Save and continue"))
            if "/answers/" in page.url and page.locator("h1").inner_text() == "Your answers":
                break

    return answer


def answer_principles(side: str, n: int):
    """Every principles question, then barriers and pressures."""

    def answer(journey, page):
        navigate(page.get_by_role("link", name="Answer the principles questions"))
        question = 0
        while page.locator("legend", has_text="Question ").count():
            journey.check(page, "respondent: principles question")
            options = page.locator("input[name=value]")
            # Answers vary by question as well as by person, so that the elements' means
            # differ and some are weaker than others, as in a real round.
            options.nth(LEANING[side] + (n + question // 3) % 2).check()
            navigate(page.get_by_role("button", name="Continue"))
            question += 1
        navigate(page.get_by_role("link", name="Barriers and pressures"))
        journey.check(page, "respondent: barriers")
        page.locator("input[name=items]").nth(n % 3).check()
        navigate(page.get_by_role("button", name="Continue"))
        journey.check(page, "respondent: pressures")
        page.locator("input[name=items]").nth(n % 2).check()
        navigate(page.get_by_role("button", name="Continue"))

    return answer


def run_a_round(journey, council, vcs, round_, answers, label: str) -> str:
    """Create and open a round, each side's facilitator makes a shared link for five and the
    other confirms it, five of each side answer on a phone, and it is closed; its path."""
    name, assessment, mapping = round_
    path = create_round(journey, council, name, assessment, mapping)
    council_link = make_shared_link(journey, council, path, "Council")
    vcs_link = make_shared_link(journey, vcs, path, "Voluntary and community sector")
    confirm_links(journey, council, path)
    confirm_links(journey, vcs, path)
    for n in range(RESPONDENTS_PER_SIDE):
        respond_through_link(journey, council_link, answers("council", n))
        respond_through_link(journey, vcs_link, answers("vcs", n))
    close_round(journey, council, path, label)
    return path


def close_round(journey, page, round_path: str, name: str) -> None:
    journey.go(page, round_path, f"{name}: before closing")
    counted = page.locator("table", has_text="Responses counted").locator("tbody tr")
    assert [row.locator("td").first.inner_text() for row in counted.all()] == [
        str(RESPONDENTS_PER_SIDE)
    ] * 2, counted.all_inner_texts()
    navigate(page.get_by_role("button", name="Close the round"))
    journey.check(page, f"{name}: close")
    navigate(page.get_by_role("button", name="Close the round"))
    journey.check(page, f"{name}: closed")
    assert "Closed" in page.locator("main").inner_text()


MAP_PAGES = ["map/", "perspectives/", "spatial/", "network/", "compare/", "comments/"]


def read_the_maps(journey, page, round_path: str) -> None:
    round_id = round_path.rstrip("/").rsplit("/", 1)[1]
    base = f"/areas/{AREA}/mapping/rounds/{round_id}/"
    journey.go(page, f"/areas/{AREA}/mapping/", "mapping")
    for suffix in MAP_PAGES:
        journey.go(page, base + suffix, f"mapping results {suffix}")
    journey.go(page, base + "map/", "map")
    shown = page.locator("main").inner_text()
    for title in ["Calderdale compact board", *(title for _, title, *_ in IMPORTED)]:
        assert title in shown, shown
    assert "from the ratings of 5 council and 5 sector respondents" in shown, shown
    journey.go(page, base + "comments/", "mapping comments")
    assert "Comment 1." in page.locator("main").inner_text()


def read_the_principles(journey, page, round_path: str) -> None:
    round_id = round_path.rstrip("/").rsplit("/", 1)[1]
    journey.go(page, f"/areas/{AREA}/principles/", "principles")
    for suffix in ("", "gaps/", "barriers/", "comments/"):
        journey.go(page, f"/areas/{AREA}/principles/{round_id}/{suffix}", f"principles {suffix}")


def build_the_plan(journey, council, vcs) -> None:
    journey.go(council, f"/areas/{AREA}/plan/", "plan")
    navigate(council.get_by_role("button", name="Ideas from the practice library"))
    journey.check(council, "plan suggestions")
    navigate(council.get_by_role("button", name="Add to the plan").first)
    journey.check(council, "new action")
    council.get_by_label("In progress").check()
    navigate(council.get_by_role("button", name="Save action"))
    assert "Action saved." in council.locator("main").inner_text()
    journey.check(council, "action saved")
    journey.go(council, f"/areas/{AREA}/plan/", "plan with an action")
    navigate(council.get_by_role("button", name="Agree the plan for the council side"))
    journey.check(council, "plan agreed by the council side")
    journey.go(vcs, f"/areas/{AREA}/plan/", "plan for the VCS side")
    navigate(vcs.get_by_role("button", name="Agree the plan for the VCS side"))
    assert "The plan is agreed by both sides." in vcs.locator("main").inner_text()
    journey.check(vcs, "plan agreed")


def download_the_report(journey, page) -> bytes:
    journey.go(page, f"/areas/{AREA}/reports/", "reports")
    page.get_by_label("Area report (for a cabinet, board or peer challenge team)").check()
    page.get_by_label("PDF (to read and print)").check()
    navigate(page.get_by_role("button", name="Make the report"))
    download = page.get_by_role("link", name=re.compile("^Download the report"))
    download.wait_for(timeout=180_000)
    journey.check(page, "report ready")
    response = page.context.request.get(download.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    return response.body()


def pdf_pages_text(content: bytes) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def journey(browser, tmp_path):
    database = tmp_path / "db.sqlite3"
    printed = readme_steps_run(database)
    assert "Created Calderdale (E08000033)" in printed
    site = Running(database=database, port=free_port(), logs=tmp_path)
    site.first_link = LINK.findall(printed)[-1]
    site.start()
    try:
        yield Journey(site=site, browser=browser)
    finally:
        site.stop()


def test_a_council_first_week_from_the_readme_to_the_report(journey):
    council = journey.person()
    accept_invitation(
        journey, council, journey.site.first_link, "Nadia Name", "Facilitator (council side)"
    )
    invite(journey, council, VCS_FACILITATOR, "Facilitator (VCS side)")
    vcs = journey.person()
    accept_invitation(
        journey,
        vcs,
        journey.emailed_link(VCS_FACILITATOR),
        "Chris Officer",
        "Facilitator (VCS side)",
    )
    add_organisations(journey, council)
    add_relationship_by_form(journey, council)
    import_relationships(journey, council)

    mapping = run_a_round(
        journey,
        council,
        vcs,
        ("Relationship mapping, first week", "None: relationship mapping only", True),
        rate_relationships,
        "mapping round",
    )
    read_the_maps(journey, council, mapping)
    principles = run_a_round(
        journey,
        council,
        vcs,
        (
            "Principles self-assessment, first week",
            "Quick check: about 10 questions, 5 minutes",
            False,
        ),
        answer_principles,
        "principles round",
    )
    read_the_principles(journey, council, principles)

    build_the_plan(journey, council, vcs)
    pdf = download_the_report(journey, council)
    if journey.shots:
        os.makedirs(journey.shots, exist_ok=True)
        with open(f"{journey.shots}/area-report.pdf", "wb") as kept:
            kept.write(pdf)
    pages = pdf_pages_text(pdf)
    assert len(pages) > 1 and all(text.strip() for text in pages)
    report = " ".join(" ".join(pages).split())
    assert "Calderdale" in report and "Food poverty alliance" in report
    opening = report[: report.index("Principles profile")]
    assert "respondents council 5, VCS 5" in opening, opening
    assert "apart on the map, most of all on whether it is" in opening, opening
    assert "no owners chosen yet, no due date, in progress." in opening, opening

    assert not journey.failures, "\n".join(f"{k}: {v}" for k, v in journey.failures.items())
    assert not journey.server_errors
    logs = journey.site.log_text()
    assert not re.search(r'" 5\d\d ', logs), logs
    assert "Traceback" not in logs, logs
