"""What readers take from a round's shown rows: each summary in download order, the gaps
between the sides, the strongest and weakest elements, and the changes since an earlier round.
Everything here reads rows the disclosure decision has already made (scoring.py): a figure
withheld there is absent here, never recomputed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .scoring import COUNCIL, ELEMENT, PRINCIPLE, VCS, VIEWS, Profile, Row


def profile_lines(profile: Profile):
    """Every summary of a profile in download order: (level, row, view, summary), principles
    first, then elements."""
    for level, rows in ((PRINCIPLE, profile.principles), (ELEMENT, profile.elements)):
        for row in rows:
            for view in VIEWS:
                yield level, row, view, row.view(view)


@dataclass(frozen=True)
class AgreementGap:
    """The difference between the council's and the sector's mean agreement on one row."""

    row: Row
    gap: Decimal

    @property
    def higher_side(self) -> str | None:
        if self.gap > 0:
            return COUNCIL
        if self.gap < 0:
            return VCS
        return None


def agreement_gaps(rows: Iterable[Row]) -> list[AgreementGap]:
    """Differences between the sides, largest first (ties in framework order); only where
    both sides' means are shown."""
    found = [AgreementGap(row, row.gap) for row in rows if row.gap is not None]
    return sorted(found, key=lambda g: (-abs(g.gap), g.row.position))


def strengths_and_weaknesses(rows: Iterable[Row], k: int = 3) -> tuple[list[Row], list[Row]]:
    """The k highest and k lowest elements on the together mean shown (ties in framework
    order); an element is never in both lists."""
    shown = [r for r in rows if r.together.shown]
    strengths = sorted(shown, key=lambda r: (-r.together.mean, r.position))[:k]
    chosen = {r.slug for r in strengths}
    weaknesses = [
        r
        for r in sorted(shown, key=lambda r: (r.together.mean, r.position))
        if r.slug not in chosen
    ][:k]
    return strengths, weaknesses


def apart(strongest: list[Row], weakest: list[Row]) -> tuple[list[Row], list[Row]]:
    """The strongest and weakest, leaving out any whose mean is also found in the other list:
    in a first week's journey every key element had 2.6, and three of them were shown as the
    highest and three others as the lowest."""
    if not (strongest and weakest):
        return strongest, weakest
    lowest_strong = min(row.together.mean for row in strongest)
    highest_weak = max(row.together.mean for row in weakest)
    return (
        [row for row in strongest if row.together.mean > highest_weak],
        [row for row in weakest if row.together.mean < lowest_strong],
    )


def highest_and_lowest(rows: Iterable[Row], k: int = 3) -> tuple[list[Row], list[Row]]:
    """strengths_and_weaknesses for showing side by side: no mean is in both lists."""
    return apart(*strengths_and_weaknesses(rows, k))


def one_mean(rows: Iterable[Row]):
    """The together figure that every row shown shares, when two or more are shown and all
    have the same mean (then none is higher or lower than another); else None."""
    shown = [r for r in rows if r.together.shown]
    if len(shown) < 2 or len({r.together.mean for r in shown}) > 1:
        return None
    return shown[0].together


@dataclass(frozen=True)
class Change:
    """One element (or principle) compared with an earlier round, for one view."""

    earlier: Decimal | None
    current: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.earlier is None or self.current is None:
            return None
        return self.current - self.earlier


@dataclass(frozen=True)
class Trend:
    slug: str
    title: str
    council: Change
    vcs: Change
    together: Change

    def view(self, name: str) -> Change:
        return getattr(self, name)


def compare(current: Iterable[Row], earlier: Iterable[Row]) -> list[Trend]:
    """Compare rows by slug (elements keep their slug when wording changes). A change is
    given only where both rounds' means are shown; otherwise neither figure is."""
    before = {r.slug: r for r in earlier}
    trends = []
    for row in current:
        old = before.get(row.slug)
        changes = []
        for view in VIEWS:
            now_summary = row.view(view)
            old_summary = old.view(view) if old else None
            if now_summary.shown and old_summary is not None and old_summary.shown:
                changes.append(Change(old_summary.mean, now_summary.mean))
            else:
                changes.append(Change(None, None))
        trends.append(Trend(row.slug, row.title, *changes))
    return trends


def group_lines(views):
    """The results by group (by_group.GroupView) as download lines: side, question, group,
    level, id, title, respondents, mean, band, note. The group's respondents come first
    (level "respondents"); a view or row that is not shown gives one line with its reason."""
    for view in views:
        head = [view.side, view.question.key]
        if not view.shown:
            yield [*head, "", "", "", "", "", "", "", f"not shown: {view.note}"]
            continue
        for (group, label), count in zip(view.groups, view.respondents, strict=True):
            yield [*head, group, "respondents", "", label, count.value, "", "", ""]
        for row in view.rows:
            if row.figures is None:
                yield [
                    *head,
                    "",
                    row.level,
                    row.slug,
                    row.title,
                    "",
                    "",
                    "",
                    f"not shown: {row.note}",
                ]
                continue
            for (group, _label), figure in zip(view.groups, row.figures, strict=True):
                mean = "" if figure.mean is None else figure.mean
                figures = [figure.count.value, mean, figure.band_label, ""]
                yield [*head, group, row.level, row.slug, row.title, *figures]
