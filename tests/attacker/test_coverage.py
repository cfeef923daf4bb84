"""The attacker's suite covers every output that carries figures from answers, and its parsers
still read them: otherwise it would pass by reading nothing.

- Every URL of the apps that show results is either read by collect.py or named here with
  the reason it carries no figure from answers (a new URL must be put in one or the other).
- On a round where every figure may be shown, every output yields figures, and every reader
  who can read results reads the same ones (which is why test_generated.py lets the readers
  take turns)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLResolver, get_resolver

from .collect import read_everything
from .model import COUNCIL, DK, SCALE, VCS, YES, Attack, Survey
from .world import READERS, RoundPlan, Scenario, build_world

READ = {
    "mapping:map",
    "mapping:perspectives",
    "mapping:spatial",
    "mapping:network",
    "mapping:comments",
    "mapping:compare",
    "mapping:round-file",
    "assessment:profile",
    "assessment:gaps",
    "assessment:barriers",
    "assessment:comments",
    "assessment:trend",
    "assessment:profile-csv",
    "assessment:groups",
    "assessment:groups-csv",
    "reports:data-csv",
    "reports:data-xlsx",
    "reports:download-docx",
    "reports:summary",
    "api:round-results",
    "api:round-barriers",
}
NO_FIGURES = {
    "mapping:index": "lists the rounds",
    "mapping:files": "lists the files for other tools",
    "mapping:file": "the register's network, without a round's figures",
    "mapping:round-relationships": "chooses a round's relationships",
    "mapping:choose": "a respondent's own answers",
    "mapping:rate": "a respondent's own answers",
    "assessment:index": "lists the rounds",
    "assessment:question": "a respondent's own answers",
    "assessment:pressures": "a respondent's own answers",
    "assessment:comment-hide": "a POST that hides a comment",
    "reports:index": "the report form and list",
    "reports:report": "a report's progress",
    "reports:download-pdf": "the same report_data as the DOCX, read through render_html",
    "rounds:list": "responses per side (public to members)",
    "rounds:detail": "responses per side, and where they were given: "
    "test_where_answers_were_given.py reads them with the workshops' records",
    "rounds:create": "a form",
    "rounds:open": "a form",
    "rounds:close": "responses per side",
    "rounds:links": "invitation links (respondent-privacy)",
    "rounds:link-revoke": "a POST",
    "rounds:link-confirm": "confirming a shared link (responses per side)",
    "rounds:link-replace": "replacing a lost link",
    "rounds:respond": "a member's own answers",
    "api:round": "responses per side",
    "api:rounds": "responses per side",
    "api:area": "no answers",
    "api:areas": "no answers",
    "api:organisations": "the register",
    "api:relationship": "the register",
    "api:relationships": "the register",
    "api:relationship-create": "the register",
    "api:relationship-update": "the register",
    "api:action": "the plan",
    "api:actions": "the plan",
    "api:action-create": "the plan",
    "api:action-update": "the plan",
    "api:action-update-add": "the plan",
    "api:imports": "the import ledger",
    "api:docs": "documentation",
    "api:openapi-json": "documentation",
    "api:api-root": "documentation",
    "portability:index": "the backup page (the backup's rows: respondent-privacy)",
    "portability:download": "the backup (respondent-privacy's regressions)",
    "portability:delete": "a form",
    "portability:cancel": "a form",
    "benchmark:national": "across areas: disclosure/national.py's own rules (at least 10 areas)",
    "benchmark-area:index": "the area's own principle means as its results pages show them, "
    "beside national figures, and only once 10 areas take part (not reached here)",
    "benchmark-area:opt-in": "a form",
    "benchmark-area:opt-out": "a form",
}
RESULT_NAMESPACES = (
    "mapping",
    "assessment",
    "reports",
    "api",
    "rounds",
    "portability",
    "benchmark",
    "benchmark-area",
)


def _names(patterns, namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _names(p.url_patterns, p.namespace or namespace)
        elif p.name and namespace:
            yield f"{namespace}:{p.name}"


def test_every_results_url_is_read_or_said_to_carry_no_figures():
    names = {n for n in _names(get_resolver().url_patterns) if n.split(":")[0] in RESULT_NAMESPACES}
    unknown = names - READ - set(NO_FIGURES)
    assert not unknown, (
        f"New URLs {sorted(unknown)}: read them in tests/attacker/collect.py if they show "
        "figures from answers, or add them to NO_FIGURES with the reason they do not."
    )
    assert not (READ | set(NO_FIGURES)) - names, "URLs listed here that no longer exist"


def full_rounds() -> tuple[Scenario, list[Survey]]:
    """Two rounds (an earlier one to compare with), each with mapping and the full
    questionnaire; six respondents a side, everyone answering everything, threshold 3: every
    figure may be shown."""
    from toolkit.assessment.questions import (
        barriers_for_version,
        pressures_for_version,
        questions_for,
    )
    from toolkit.framework.testing import load_framework_for_tests

    version = load_framework_for_tests()
    questions = questions_for(version, "full")
    rels = ["Relationship A", "Relationship B"]
    plans = [
        RoundPlan(name, True, "full", "anonymous", 6, 6, rels)
        for name in ("Earlier round", "This round")
    ]
    surveys = []
    for shift, plan in enumerate(plans):
        sides = {f"{side}{i}": side for side in (COUNCIL, VCS) for i in range(6)}
        survey = Survey(plan.name, 3, sides, {}, relationships=rels)
        survey.scales = ("neighbourhood", "whole-place", "region")
        for q in questions:
            survey.element_statements.setdefault(q.element_slug, []).append(q.statement_id)
            elements = survey.principle_elements.setdefault(q.principle_slug, [])
            if q.element_slug not in elements:
                elements.append(q.element_slug)
        survey.barriers = [b.slug for b in barriers_for_version(version)] + ["other"]
        survey.pressures = [p.slug for p in pressures_for_version(version)]
        for i, p in enumerate(sides):
            for rel in rels:
                survey.answers[(p, ("rated", rel))] = YES
                for j, axis in enumerate(("strategic", "proactive", "financial", "time")):
                    survey.answers[(p, ("axis", rel, axis))] = SCALE[(i + j + shift) % 5]
                survey.answers[(p, ("scale", rel, survey.scales[i % 3]))] = YES
            for k, q in enumerate(questions):
                value = DK if (i + k) % 7 == 0 else SCALE[(i + k + shift) % 5]
                survey.answers[(p, ("stmt", q.statement_id))] = value
            for element, statements in survey.element_statements.items():
                if len(statements) > 1:
                    survey.answers[(p, ("any_e", element))] = YES
            for principle in survey.principle_elements:
                survey.answers[(p, ("any_p", principle))] = YES
            for base, items in (("barrier", survey.barriers), ("pressure", survey.pressures)):
                survey.answers[(p, (f"{base}_base",))] = YES
                survey.answers[(p, (base, items[i % len(items)]))] = YES
        surveys.append(survey)
    # Every element has a known answer from everyone: check the "any" answers hold.
    for survey in surveys:
        for p in survey.sides:
            for statements in survey.element_statements.values():
                assert any(survey.answer(p, ("stmt", s)) in SCALE for s in statements)
    return Scenario("everything-shown", 3, plans), surveys


EXPECTED_OUTPUTS = {
    "mapping map page",
    "mapping perspectives page (council)",
    "mapping perspectives page (vcs)",
    "mapping perspectives page (together)",
    "mapping perspectives page (gaps)",
    "mapping spatial page",
    "mapping compare page",
    "principles profile page",
    "principles gaps page",
    "principles barriers page",
    "principles change page",
    "profile.csv",
    "mapping.csv",
    "principles.csv",
    "all.xlsx (Relationship mapping results)",
    "all.xlsx (Principles results)",
    "API results",
    "API barriers",
    "area report (DOCX)",
    "area report (PDF's HTML)",
    "summary page",
}


_read: dict[str, tuple] = {}


@pytest.fixture
def everything_shown(db):
    """Read by every reader once (the first test to ask builds it in its own transaction;
    the readings are plain values, kept for the others)."""
    if "readings" not in _read:
        cache.clear()
        scenario, surveys = full_rounds()
        world = build_world(scenario, 0, surveys=surveys)
        _read["readings"] = (
            scenario,
            {name: read_everything(world.readers[name], Client, world) for name in READERS},
        )
    return _read["readings"]


def test_every_output_yields_figures_where_they_may_be_shown(everything_shown):
    scenario, readings = everything_shown
    reading = readings["facilitator_council"]
    numeric = {}
    for fact in reading.facts:
        if fact.value is not None:
            numeric[fact.source] = numeric.get(fact.source, 0) + 1
    for d in reading.differences:
        numeric[d.source] = numeric.get(d.source, 0) + 1
    missing = sorted(EXPECTED_OUTPUTS - set(numeric))
    assert not missing, f"No figures read from {missing}: has the output changed its layout?"
    attack = Attack(scenario.surveys, reading.facts, reading.differences, reading.comments)
    assert not attack.problems, "\n".join(attack.problems)
    assert not reading.chart_problems, "\n".join(reading.chart_problems)
    # Two relationships in each round, each placed on every map (the gaps map: twice).
    assert reading.chart_marks == {
        "mapping map page": 4,
        "mapping perspectives page (council)": 4,
        "mapping perspectives page (vcs)": 4,
        "mapping perspectives page (together)": 4,
        "mapping perspectives page (gaps)": 8,
    }, reading.chart_marks
    # Nothing is withheld here, so nothing can be found: the checks see the whole round.
    findings = attack.findings()
    assert findings == {"a": [], "b": [], "c": [], "d": [], "e": []}, findings
    commented = {source for source, *_rest in reading.comments}
    assert commented == {"mapping comments page", "principles comments page"}, commented


def test_every_kind_of_figure_is_read(everything_shown):
    """Means, counts of respondents, distributions, don't knows, tick counts, scale counts,
    people who rated a relationship, gaps and changes are each read from some output."""
    _scenario, readings = everything_shown
    reading = readings["facilitator_council"]
    kinds = {(f.cell.kind, f.measure) for f in reading.facts if f.value is not None}
    for expected in [
        ("axis", "mean"),
        ("axis", "n"),
        ("rated", "count"),
        ("scale", "count"),
        ("element", "mean"),
        ("element", "n"),
        ("element", "dist3"),
        ("element", "dk"),
        ("principle", "mean"),
        ("principle", "dist1"),
        ("barrier", "count"),
        ("barrier_base", "count"),
        ("pressure", "count"),
    ]:
        assert expected in kinds, f"no output was read for {expected}"
    sources = {d.source for d in reading.differences}
    assert {"principles gaps page", "mapping compare page"} <= sources


def test_every_reader_reads_the_same_figures(everything_shown):
    """Why test_generated.py may let the readers take turns: if outputs ever differ by role,
    this fails, and every scenario should then be read by every reader."""
    _scenario, readings = everything_shown

    def figures(reading, files=True):
        return sorted(
            (f.source, str(f.cell), f.measure, str(f.value))
            for f in reading.facts
            if files or not f.source.startswith("mapping file ")
        )

    first = figures(readings["facilitator_council"])
    for name, reading in readings.items():
        if any(f.source.startswith("mapping file ") for f in reading.facts):
            assert figures(reading) == first, f"{name} reads different figures"
        else:
            # The files for other tools carry the register too, so a reader without its scope
            # (a peer reviewer of the results) does not get them; everything else is the same.
            assert figures(reading, files=False) == figures(
                readings["facilitator_council"], files=False
            ), f"{name} reads different figures"


def test_a_map_mark_that_the_table_does_not_show_is_a_problem():
    from toolkit.mapping.charts import map_xy

    from .collect import Reading, charts_match_tables
    from .model import AXIS, TOGETHER, Cell

    reading = Reading()
    for axis, value in (("strategic", "3"), ("proactive", "3")):
        reading.add("page", Cell("R", AXIS, ("X", axis), TOGETHER), "mean", Decimal(value))
    shown, hidden = map_xy(3, 3), map_xy(4.25, 2)
    html = (
        '<svg class="app-chart" role="img"><text>Proactive or reactive (1 to 5)</text>'
        f'<circle cx="{shown[0]}" cy="{shown[1]}" r="6"/>'
        f'<rect x="{hidden[0] - 6}" y="{hidden[1] - 6}" width="12" height="12" fill="#d4351c"/>'
        "</svg>"
    )
    charts_match_tables(reading, "page", html)
    assert reading.chart_marks == {"page": 2}
    assert len(reading.chart_problems) == 1
    assert "strategic 4.25, proactive 2" in reading.chart_problems[0]
