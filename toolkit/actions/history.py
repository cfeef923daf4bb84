"""How the plan's history words a change of an action (or of a review grant)."""

from __future__ import annotations

FIELD_LABELS = {
    "title": "Title",
    "what_will_change": "What will change",
    "why": "Why",
    "element_slug": "Key element",
    "barrier_slug": "Barrier",
    "practice_slug": "Practice example",
    "relationship": "Relationship",
    "answers_gap": "Answers a gap between the sides",
    "council_owner": "Council owner",
    "vcs_owner": "VCS owner",
    "due_on": "Due date",
    "status": "Status",
    "progress": "Progress",
}

# Fields whose values people write: quoted, so that where each one starts and ends is plain.
# The others (Yes or No, a status, a date, a name) read as words without quotes.
WRITTEN = {FIELD_LABELS[name] for name in ("title", "what_will_change", "why")}


def change_words(change: dict) -> str:
    """One change ({"field", "before", "after"}, as PlanEvent.changes keeps it) as a
    sentence: "Status changed from Proposed to In progress", "Due date set to 31 March
    2027", "Due date removed (it was 31 March 2027)"."""
    field = change["field"]

    def value(text: str) -> str:
        return f"“{text}”" if field in WRITTEN else text

    before, after = change.get("before") or "", change.get("after") or ""
    if before and after:
        return f"{field} changed from {value(before)} to {value(after)}"
    if after:
        return f"{field} set to {value(after)}"
    return f"{field} removed (it was {value(before)})"
