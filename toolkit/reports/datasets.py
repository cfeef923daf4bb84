"""Data downloads (XLSX and CSV): the register, aggregated results and the action plan, each
with the meaning of every column in a data dictionary. Rows come from the same selectors as
the pages (sealing and suppression applied there: a withheld figure is an empty cell with the
reason in a note column). Every cell is neutralised against formula injection by
core.exports when written."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from toolkit.areas.scopes import GrantScope


@dataclass
class Dataset:
    slug: str
    title: str
    scope: str
    columns: list[tuple[str, str]]  # (header, meaning)
    rows: Iterable[list] = field(default_factory=list)
    note: str = ""

    @property
    def header(self) -> list[str]:
        return [c[0] for c in self.columns]


def register_dataset(area, rows: bool = True) -> Dataset:
    from toolkit.framework.selectors import current_version
    from toolkit.register.transfer import export_columns, export_row_stream
    from toolkit.register.vocabulary import vocabulary_for

    vocab = vocabulary_for(current_version())
    cols = export_columns(vocab)
    return Dataset(
        "register",
        "Relationship register",
        GrantScope.REGISTER,
        [(c.header, c.guidance) for c in cols],
        export_row_stream(area, vocab) if rows else [],
    )


PROFILE_COLUMNS = [
    ("Round", "The round of principles questions the figures come from."),
    ("Level", "principle or element."),
    ("Id", "The framework item's stable id (the same in every round)."),
    ("Title", "The principle or key element."),
    ("Side", "council, vcs, or together (both sides)."),
    (
        "Respondents",
        "People on that side who gave at least one answer other than don't know; "
        "'fewer than N' when under the area's threshold, 'not shown' when withheld.",
    ),
    (
        "Mean",
        "Mean agreement from 1 (strongly disagree) to 5 (strongly agree), one decimal "
        "place. Empty when not shown.",
    ),
    ("Median", "Median agreement, one decimal place."),
    ("Band", "strength (4.0 and above), borderline (3.0 to 3.9) or concern (below 3.0)."),
    (
        "Note",
        "Why a figure is not shown: too few respondents, or it would let a withheld figure be "
        "worked out (for example both sides together beside a side with too few).",
    ),
]


def principles_dataset(area, rows: bool = True) -> Dataset:
    from toolkit.actions.suggestions import latest_visible_assessment_round
    from toolkit.assessment import comparisons
    from toolkit.assessment.selectors import round_profile

    dataset = Dataset("principles", "Principles results", GrantScope.RESULTS, PROFILE_COLUMNS)
    round_ = latest_visible_assessment_round(area)
    if round_ is None:
        dataset.note = "No round of principles questions has results that can be shown yet."
        return dataset
    if not rows:
        return dataset
    for level, row, view, summary in comparisons.profile_lines(round_profile(round_)):
        if summary.withheld:
            figures = [summary.count.text, "", "", "", f"not shown: {summary.note}"]
        else:
            figures = [summary.n, summary.mean, summary.median, summary.band or "", ""]
        dataset.rows.append([round_.name, level, row.slug, row.title, view, *figures])
    return dataset


MAPPING_COLUMNS = [
    ("Round", "The relationship mapping round the figures come from."),
    ("Reference", "The relationship's reference in the register."),
    ("Relationship", "The relationship's name."),
    ("Perspective", "council, vcs, or together (both sides)."),
    ("Axis", "strategic, proactive, financial (investment) or time (investment)."),
    (
        "Respondents",
        "People who gave this axis a rating from 1 to 5; 'fewer than N' when too few to show, "
        "'not shown' when withheld to protect another figure.",
    ),
    ("Mean", "Mean rating from 1 to 5, two decimal places. Empty when not shown."),
    (
        "Note",
        "Why a figure is not shown: too few respondents, or it would give away a figure "
        "from too few respondents by subtraction.",
    ),
]


def mapping_dataset(area, rows: bool = True) -> Dataset:
    from toolkit.mapping.presenters import dataset_rows
    from toolkit.mapping.selectors import mapping_results, mapping_rounds_for_area
    from toolkit.rounds.selectors import round_results_visible

    dataset = Dataset(
        "mapping", "Relationship mapping results", GrantScope.RESULTS, MAPPING_COLUMNS
    )
    chosen = next((r for r in mapping_rounds_for_area(area) if round_results_visible(r)), None)
    if chosen is None:
        dataset.note = "No relationship mapping round has results that can be shown yet."
        return dataset
    if not rows:
        return dataset
    dataset.rows = dataset_rows(mapping_results(chosen))
    return dataset


PLAN_COLUMNS = [
    ("Action", "What will be done."),
    ("What will change", "What the council and the sector will do differently."),
    ("Why", "The findings the action answers."),
    ("Key element", "The key element it answers, if any."),
    ("Barrier", "The barrier it answers, if any."),
    ("Relationship", "The relationship it answers, if any."),
    ("Answers a gap", "yes when it answers a difference between the sides' views."),
    ("Council owner", "Who owns it on the council side."),
    ("VCS owner", "Who owns it on the voluntary and community sector side."),
    ("Due", "Due date (YYYY-MM-DD)."),
    ("Status", "Not started, In progress, Done, Stuck or Dropped."),
    ("Progress", "Per cent done, 0 to 100."),
    ("Latest update", "The most recent dated update."),
    ("Plan status", "Draft, or Agreed once a council and a VCS facilitator have both agreed."),
]


def plan_dataset(area, rows: bool = True) -> Dataset:
    from toolkit.actions import selectors
    from toolkit.framework import selectors as framework_selectors

    if not rows:
        return Dataset("plan", "Joint action plan", GrantScope.PLAN, PLAN_COLUMNS)
    version = framework_selectors.current_version()
    elements = (
        dict(framework_selectors.elements(version).values_list("slug", "title")) if version else {}
    )
    barriers = (
        dict(framework_selectors.barriers(version).values_list("slug", "title")) if version else {}
    )
    plan = selectors.plan_for_area(area)
    status = plan.get_status_display() if plan else "Not started"
    dataset = Dataset("plan", "Joint action plan", GrantScope.PLAN, PLAN_COLUMNS)
    for a in selectors.actions_for_area(area):
        latest = next(iter(a.updates.all()), None)
        dataset.rows.append(
            [
                a.title,
                a.what_will_change,
                a.why,
                elements.get(a.element_slug, ""),
                barriers.get(a.barrier_slug, ""),
                a.relationship.title if a.relationship else "",
                "yes" if a.answers_gap else "no",
                str(a.council_owner or ""),
                str(a.vcs_owner or ""),
                a.due_on.isoformat() if a.due_on else "",
                a.get_status_display(),
                a.progress,
                f"{latest.written_on.isoformat()}: {latest.note}" if latest else "",
                status,
            ]
        )
    return dataset


FINDINGS_COLUMNS = [
    ("Kind", "Strength, area to consider or recommendation."),
    ("Finding", "The finding's title."),
    ("Text", "What the peer reviewers wrote."),
    ("Key element", "The key element it is about, if any."),
    ("Action", "The action in the plan that answers it."),
]


def findings_dataset(area, rows: bool = True) -> Dataset:
    """Peer review findings, as a stored download's readers may read them (the one rule in
    actions.selectors.findings_reader): those taken into the plan."""
    from toolkit.actions import selectors
    from toolkit.framework import selectors as framework_selectors

    dataset = Dataset("findings", "Findings in the plan", GrantScope.PLAN, FINDINGS_COLUMNS)
    if not rows:
        return dataset
    version = framework_selectors.current_version()
    elements = (
        dict(framework_selectors.elements(version).values_list("slug", "title")) if version else {}
    )
    reader = selectors.stored_output_reader([GrantScope.PLAN])
    for f in selectors.findings_for(area, reader):
        dataset.rows.append(
            [
                f.get_kind_display(),
                f.title,
                f.text,
                elements.get(f.element_slug, ""),
                f.action.title if f.action else "",
            ]
        )
    return dataset


BUILDERS: dict[str, tuple[str, str, Callable[[object, bool], Dataset]]] = {
    "register": ("Relationship register", GrantScope.REGISTER, register_dataset),
    "principles": ("Principles results", GrantScope.RESULTS, principles_dataset),
    "mapping": ("Relationship mapping results", GrantScope.RESULTS, mapping_dataset),
    "plan": ("Joint action plan", GrantScope.PLAN, plan_dataset),
    "findings": ("Findings in the plan", GrantScope.PLAN, findings_dataset),
}
DICTIONARY = "dictionary"
DICTIONARY_HEADER = ["Table", "Column", "What it means"]


def available(scopes) -> list[tuple[str, str]]:
    """(slug, title) of the datasets a reader with `scopes` may download."""
    return [(slug, title) for slug, (title, scope, _b) in BUILDERS.items() if scope in scopes]


def build(area, slugs, *, rows: bool = True) -> list[Dataset]:
    """The datasets named by ``slugs``; without their rows when ``rows`` is False (enough for
    the data dictionary: the columns, and a note where a dataset has none to show)."""
    return [BUILDERS[slug][2](area, rows) for slug in slugs]


def dictionary_rows(datasets: list[Dataset]) -> list[list[str]]:
    rows = [
        [
            "(all)",
            "(any cell)",
            "Text that starts with = + - @, a tab or a carriage return is "
            "written with a leading apostrophe, so that spreadsheets show it as text and never "
            "run it as a formula.",
        ]
    ]
    for d in datasets:
        rows += [[d.title, header, meaning] for header, meaning in d.columns]
        if d.note:
            rows.append([d.title, "(no rows)", d.note])
    return rows
