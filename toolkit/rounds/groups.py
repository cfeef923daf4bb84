"""Who a respondent is, asked as optional questions at the start of a round, so that results
can be read by group: the council side by department and by councillor or officer, the sector
by its organisation's size and by whether it is led by and for a marginalised community.

A round's facilitators choose which questions to ask when they make the round
(`Round.group_questions`); each side is asked only its own. Every question can be answered
"prefer not to say", and a question left unanswered counts as that: every respondent is in
exactly one group of each question asked of their side ("not said" included), which is what
the disclosure rule needs to add the groups up to the side (toolkit/disclosure, ADR 21).

Departments are the service areas most English councils are organised into, not the area's
own list, so that a round can be compared with another and with other areas.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.areas.models import Side

NOT_SAID = "not_said"
NOT_SAID_LABEL = "Prefer not to say"


@dataclass(frozen=True)
class GroupQuestion:
    key: str
    side: str
    title: str  # as the respondent is asked it
    short: str  # as results name it: "by department"
    options: tuple[tuple[str, str], ...]  # (value, label), without "prefer not to say"
    hint: str = ""

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [*self.options, (NOT_SAID, NOT_SAID_LABEL)]

    def label(self, value: str) -> str:
        return dict(self.choices).get(value, NOT_SAID_LABEL)


QUESTIONS = (
    GroupQuestion(
        "department",
        Side.COUNCIL,
        "Which part of the council do you work in?",
        "department",
        (
            ("adults", "Adult social care and health"),
            ("children", "Children's services and education"),
            ("communities", "Communities, neighbourhoods and culture"),
            ("place", "Place: environment, housing, planning and regeneration"),
            ("public_health", "Public health"),
            ("corporate", "Corporate: finance, policy, commissioning and HR"),
            ("elected", "None: I am an elected member"),
            ("other", "Another part of the council"),
        ),
    ),
    GroupQuestion(
        "role",
        Side.COUNCIL,
        "Are you a councillor or an officer?",
        "councillor or officer",
        (("councillor", "Councillor"), ("officer", "Officer")),
    ),
    GroupQuestion(
        "size",
        Side.VCS,
        "What is your organisation's yearly income?",
        "organisation size",
        (
            ("micro", "Under £10,000 (micro)"),
            ("small", "£10,000 to £100,000 (small)"),
            ("medium", "£100,000 to £1 million (medium)"),
            ("large", "£1 million to £10 million (large)"),
            ("major", "Over £10 million (major)"),
        ),
        hint="The bands the NCVO Almanac uses.",
    ),
    GroupQuestion(
        "led_by_and_for",
        Side.VCS,
        "Is your organisation led by and for a marginalised community?",
        "whether led by and for a marginalised community",
        (("yes", "Yes"), ("no", "No")),
        hint="For example, by and for disabled people, a Black and minoritised community, "
        "or LGBTQ+ people.",
    ),
)
BY_KEY = {q.key: q for q in QUESTIONS}
CHOICES = [
    (q.key, f"{q.title} ({'council' if q.side == Side.COUNCIL else 'sector'} side)")
    for q in QUESTIONS
]


def questions_for(round_, side: str | None = None) -> list[GroupQuestion]:
    """The questions the round asks, in order; of one side when `side` is given."""
    chosen = set(round_.group_questions or ())
    return [q for q in QUESTIONS if q.key in chosen and (side is None or q.side == side)]


def group_of(groups: dict | None, question: GroupQuestion) -> str:
    """A respondent's group for a question: their answer, or "not said"."""
    value = (groups or {}).get(question.key, NOT_SAID)
    return value if value in dict(question.options) else NOT_SAID


# --- the "About you" section of a round's task list ------------------------------------------


def groups_set(response, answers: dict[str, str]) -> None:
    """Save a respondent's answers to their side's group questions; a question left
    unanswered is saved as "prefer not to say", so that the section is complete."""
    saved = {}
    for question in questions_for(response.round, response.side):
        value = answers.get(question.key) or NOT_SAID
        saved[question.key] = value if value in dict(question.choices) else NOT_SAID
    response.groups = saved
    response.save(update_fields=["groups"])


def section_status(response) -> str:
    from .sections import COMPLETED, NOT_STARTED

    asked = questions_for(response.round, response.side)
    if not asked or all(q.key in (response.groups or {}) for q in asked):
        return COMPLETED
    return NOT_STARTED


def section_url(response) -> str:
    from django.urls import reverse

    return reverse("respond:about-you", args=[response.token])


def section_summary(response):
    from .sections import SummaryRow

    url = section_url(response)
    return [
        SummaryRow(q.title, q.label(group_of(response.groups, q)), url, q.title)
        for q in questions_for(response.round, response.side)
    ]


def section_size(round_):
    from .sections import SectionSize

    return SectionSize(questions=1, minutes=0.5)


def register() -> None:
    from .sections import register_section

    register_section(
        key="about-you",
        title="About you (optional)",
        applies=lambda round_: bool(round_.group_questions),
        url=section_url,
        status=section_status,
        summary=section_summary,
        order=0,
        hint="So that results can be read by group, if there are enough people in each.",
        size=section_size,
    )
