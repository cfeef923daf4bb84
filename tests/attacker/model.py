"""The attacker's model: what a reader can work out about respondents from every figure they
can read about a round, by adding and subtracting (linear algebra over the answers).

Unknowns are at the respondent level. Every respondent answers every *question* with exactly
one *outcome*, written one-hot: x[p, q, o] is 1 when respondent p gave outcome o to question q.
Questions are a relationship's axis (1–5, don't know, no answer), whether a respondent rated a
relationship at all, each statement (1–5, don't know, no answer), each barrier or pressure
ticked, and whether a respondent answered the barrier or pressure question at all. A sum, a
count, a distribution or a don't-know count over a group of respondents is then a linear
function of the unknowns; so is every "together" figure and every principle over its
elements. The reader knows how many respondents each side has (every page prints it) and that
each respondent gives one outcome per question (those are equations too).

Shown figures become equations: a count, a distribution or a sum directly; a mean once its
denominator is known (printed, or itself worked out), when exactly one whole-number sum
rounds to the mean printed; a difference between two means (a gap, a change) gives one mean
from the other. Medians, distances on the map and bands are not linear and are left out (so
the attacker here is, if anything, weaker than a real one).

A value can be worked out exactly when its vector lies in the row space of the equations
(numpy: an SVD per connected block of questions). What is checked:

(a) no withheld cell's value (sum, count, distribution, don't know) can be worked out;
(b) no single respondent's answer can be worked out;
(c) no figure or count of respondents under the threshold is printed;
(e) no comment is shown from a group under the threshold (those who rated the relationship
    on that side, for mapping; that side's respondents, for principles);
(d) no "together" figure is shown beside a withheld side when the other side is shown (or
    empty): the plain form of the differencing in issue 13, flagged even where (a) would need
    the n to finish the subtraction.

What it does not model: bounds (a count of 0 in a shown total is 0 in each part, a mean of
5.0 means every answer was 5), medians, and what a reader knows from outside.
"""

from __future__ import annotations

import os

# One thread: the blocks are small, and CI and the developers' machines share their cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from collections import defaultdict  # noqa: E402
from collections.abc import Iterable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from decimal import Decimal  # noqa: E402
from fractions import Fraction  # noqa: E402

import numpy as np  # noqa: E402

COUNCIL, VCS, TOGETHER = "council", "vcs", "together"
SIDES = (COUNCIL, VCS)
GROUPS = (COUNCIL, VCS, TOGETHER)
SCALE = (1, 2, 3, 4, 5)
DK, NONE = "dk", "none"
ANSWER = (*SCALE, DK, NONE)
YES, NO = "yes", "no"
BINARY = (YES, NO)

# Cell kinds, and the measures a figure of each kind can carry.
AXIS = "axis"  # item (relationship, axis): a mean of 1–5 ratings
RATED = "rated"  # item relationship: respondents who rated it at all
SCALE_SAID = "scale"  # item (relationship, scale): respondents who said it works at that scale
ELEMENT = "element"  # item element slug
PRINCIPLE = "principle"  # item principle slug
BARRIER = "barrier"  # item barrier slug: respondents who ticked it
PRESSURE = "pressure"
BARRIER_BASE = "barrier_base"  # item "": respondents who answered the barriers question
PRESSURE_BASE = "pressure_base"
MEMBERS = "members"  # item "": respondents in a group (a cell's group is (side, question, group))
NOT_SAID = "not_said"

DIST = tuple(f"dist{v}" for v in SCALE)
MEAN_KINDS = {AXIS: Decimal("0.01"), ELEMENT: Decimal("0.1"), PRINCIPLE: Decimal("0.1")}
COUNT_KINDS = {RATED, SCALE_SAID, BARRIER, PRESSURE, BARRIER_BASE, PRESSURE_BASE, MEMBERS}


@dataclass(frozen=True)
class Cell:
    round: str
    kind: str
    item: object
    group: str

    def __str__(self):
        item = "/".join(map(str, self.item)) if isinstance(self.item, tuple) else self.item
        group = "/".join(self.group) if isinstance(self.group, tuple) else self.group
        return f"{self.round}: {self.kind} {item} [{group}]"

    def side(self, group: str) -> Cell:
        return Cell(self.round, self.kind, self.item, group)


@dataclass(frozen=True)
class Fact:
    """One figure as printed by one output. `value` None: the output shows the cell's slot
    with something that is not a number ("fewer than 5", "not shown", blank)."""

    source: str
    cell: Cell
    measure: str  # "mean", "sum", "n", "answers", "count", "dk", "dist1".."dist5"
    value: Decimal | None
    text: str = ""


@dataclass(frozen=True)
class Difference:
    """mean(a) − mean(b) = value, as a gap or a change prints it."""

    source: str
    a: Cell
    b: Cell
    value: Decimal


@dataclass
class Survey:
    """One round's true answers, and how its figures are built from them."""

    name: str
    threshold: int
    sides: dict[str, str]  # respondent -> side
    answers: dict[tuple[str, tuple], object]  # (respondent, question) -> outcome
    relationships: list[str] = field(default_factory=list)
    element_statements: dict[str, list[str]] = field(default_factory=dict)
    principle_elements: dict[str, list[str]] = field(default_factory=dict)
    barriers: list[str] = field(default_factory=list)
    pressures: list[str] = field(default_factory=list)
    scales: tuple[str, ...] = ()
    # Group questions asked (key, side, group values with "not said") and each respondent's
    # answers to them (a respondent without one is "not said"). The attacker is assumed to
    # know who is in which group: a stronger reader than a real one.
    group_questions: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    groups: dict[str, dict[str, str]] = field(default_factory=dict)

    def group_of(self, respondent: str, question: str) -> str:
        return self.groups.get(respondent, {}).get(question, NOT_SAID)

    def members(self, group) -> list[str]:
        if isinstance(group, tuple):  # (side, question, group)
            side, question, value = group
            return [
                p
                for p, s in self.sides.items()
                if s == side and self.group_of(p, question) == value
            ]
        return [p for p, side in self.sides.items() if group == TOGETHER or side == group]

    def outcomes(self, question: tuple) -> tuple:
        return BINARY if question[0] in BINARY_QUESTIONS else ANSWER

    def questions(self) -> list[tuple]:
        found = []
        for rel in self.relationships:
            found.append(("rated", rel))
            found += [("axis", rel, axis) for axis in AXES]
            found += [("scale", rel, s) for s in self.scales]
        for element, statements in self.element_statements.items():
            found += [("stmt", s) for s in statements]
            if len(statements) > 1:
                found.append(("any_e", element))
        for principle in self.principle_elements:
            found.append(("any_p", principle))
        if self.barriers:
            found.append(("barrier_base",))
            found += [("barrier", b) for b in self.barriers]
        if self.pressures:
            found.append(("pressure_base",))
            found += [("pressure", b) for b in self.pressures]
        return found

    def answer(self, respondent: str, question: tuple):
        default = NO if question[0] in BINARY_QUESTIONS else NONE
        return self.answers.get((respondent, question), default)

    # --- cells -----------------------------------------------------------------------------

    def cells(self) -> list[Cell]:
        items = []
        for rel in self.relationships:
            items += [(AXIS, (rel, axis)) for axis in AXES]
            items.append((RATED, rel))
            items += [(SCALE_SAID, (rel, s)) for s in self.scales]
        items += [(ELEMENT, e) for e in self.element_statements]
        items += [(PRINCIPLE, p) for p in self.principle_elements]
        if self.barriers:
            items += [(BARRIER, b) for b in self.barriers] + [(BARRIER_BASE, "")]
        if self.pressures:
            items += [(PRESSURE, b) for b in self.pressures] + [(PRESSURE_BASE, "")]
        cells = [Cell(self.name, kind, item, g) for kind, item in items for g in GROUPS]
        for question, side, values in self.group_questions:
            for value in values:
                group = (side, question, value)
                cells.append(Cell(self.name, MEMBERS, "", group))
                cells += [
                    Cell(self.name, kind, item, group)
                    for kind, item in items
                    if kind in (ELEMENT, PRINCIPLE)
                ]
        return cells

    def measures(self, cell: Cell) -> tuple[str, ...]:
        if cell.kind == MEMBERS:
            return ("count",)
        if cell.kind == AXIS:
            return ("sum", "n", "dk", *DIST)
        if cell.kind in (ELEMENT, PRINCIPLE):
            return ("sum", "n", "answers", "dk", *DIST)
        # A tick's or a scale's n is the count of another cell (the question's base, or the
        # people who rated the relationship), checked there.
        return ("count",)

    def primary(self, cell: Cell) -> set[str]:
        """The measures whose being printed means the cell's figure is shown."""
        if cell.kind in MEAN_KINDS:
            return {"mean", "sum", *DIST}
        return {"count"}

    def size_measure(self, cell: Cell) -> str:
        """The measure that counts the respondents a cell is built from."""
        return "count" if cell.kind in (RATED, BARRIER_BASE, PRESSURE_BASE, MEMBERS) else "n"

    def denominator(self, cell: Cell) -> str:
        return "n" if cell.kind == AXIS else "answers"

    def _statements(self, cell: Cell) -> list[str]:
        # An item the round did not ask (an element without a quick-check statement) is an
        # empty cell: no statements, nobody.
        if cell.kind == ELEMENT:
            return self.element_statements.get(cell.item, [])
        return [
            s
            for e in self.principle_elements.get(cell.item, [])
            for s in self.element_statements.get(e, [])
        ]

    def functional(self, cell: Cell, measure: str) -> dict[tuple, Fraction]:
        """The measure of the cell as coefficients over unknowns (respondent, question,
        outcome)."""
        members = self.members(cell.group)
        terms: dict[tuple, Fraction] = defaultdict(Fraction)

        def add(question, weights):
            for p in members:
                for outcome, weight in weights.items():
                    if weight:
                        terms[(p, question, outcome)] += weight

        def answer_weights(measure):
            if measure == "sum":
                return {v: Fraction(v) for v in SCALE}
            if measure in ("n", "answers"):
                return {v: Fraction(1) for v in SCALE}
            if measure == "dk":
                return {DK: Fraction(1)}
            if measure in DIST:
                return {int(measure[-1]): Fraction(1)}
            raise KeyError(measure)

        kind = cell.kind
        if kind == AXIS:
            rel, axis = cell.item
            add(("axis", rel, axis), answer_weights(measure))
        elif kind in (ELEMENT, PRINCIPLE):
            statements = self._statements(cell)
            if measure == "n" and kind == ELEMENT and len(statements) > 1:
                add(("any_e", cell.item), {YES: Fraction(1)})
            elif measure == "n" and kind == PRINCIPLE:
                add(("any_p", cell.item), {YES: Fraction(1)})
            else:
                for s in statements:
                    add(("stmt", s), answer_weights(measure))
        elif kind == RATED:
            add(("rated", cell.item), {YES: Fraction(1)})
        elif kind == SCALE_SAID:
            rel, scale = cell.item
            if measure == "n":
                add(("rated", rel), {YES: Fraction(1)})
            else:
                add(("scale", rel, scale), {YES: Fraction(1)})
        elif kind in (BARRIER, PRESSURE):
            if measure == "n":
                add((f"{kind}_base",), {YES: Fraction(1)})
            else:
                add((kind, cell.item), {YES: Fraction(1)})
        elif kind in (BARRIER_BASE, PRESSURE_BASE):
            add((kind,), {YES: Fraction(1)})
        elif kind == MEMBERS:
            pass  # who is in a group is known to this attacker: a constant, not an unknown
        else:
            raise KeyError(kind)
        return {k: v for k, v in terms.items() if v}

    def truth(self, functional: dict[tuple, Fraction]) -> Fraction:
        return sum(
            (c for (p, q, o), c in functional.items() if self.answer(p, q) == o), Fraction(0)
        )

    def value(self, cell: Cell, measure: str) -> Fraction:
        if cell.kind == MEMBERS:
            return Fraction(len(self.members(cell.group)))
        if measure == "mean":
            n = self.value(cell, self.denominator(cell))
            return self.value(cell, "sum") / n if n else None
        return self.truth(self.functional(cell, measure))

    def size(self, cell: Cell) -> int:
        return int(self.value(cell, self.size_measure(cell)))


AXES = ("strategic", "proactive", "financial", "time")
BINARY_QUESTIONS = {
    "rated",
    "scale",
    "any_e",
    "any_p",
    "barrier",
    "barrier_base",
    "pressure",
    "pressure_base",
}
# Questions whose outcome is a respondent's own answer (checked by (b)), and the question that
# says whether they were asked it at all.
OWN_ANSWER = {"axis": "rated", "stmt": None, "scale": "rated", "barrier": "barrier_base"}
OWN_ANSWER["pressure"] = "pressure_base"


# --- the solver -----------------------------------------------------------------------------


@dataclass
class Equation:
    label: str
    terms: dict[tuple, Fraction]  # unknown (round, respondent, question, outcome) -> coefficient
    value: Fraction


class Knowledge:
    """Equations a reader has, split into blocks of questions that no equation links."""

    def __init__(self, surveys: Iterable[Survey]):
        self.surveys = {s.name: s for s in surveys}
        self.equations: list[Equation] = []
        self._parent: dict = {}
        self._cache: dict = {}
        for survey in self.surveys.values():
            for p in survey.sides:
                for q in survey.questions():
                    terms = {(survey.name, p, q, o): Fraction(1) for o in survey.outcomes(q)}
                    self.add(Equation("each respondent gives one answer", terms, Fraction(1)))

    # Blocks: union-find over (round, question).
    def _find(self, x):
        self._parent.setdefault(x, x)
        while self._parent[x] != x:
            self._parent[x] = self._parent[self._parent[x]]
            x = self._parent[x]
        return x

    def _link(self, terms) -> object:
        roots = {self._find((u[0], u[2])) for u in terms}
        first = next(iter(roots))
        if len(roots) > 1:
            for r in roots:
                self._parent[r] = first
                self._cache.pop(r, None)
        return first

    def add(self, equation: Equation) -> None:
        if not equation.terms:
            return  # about nobody (a side with no respondents): nothing to learn
        root = self._link(equation.terms)
        self.equations.append(equation)
        self._cache.pop(self._find(root), None)

    def _block(self, terms):
        """The equations and unknowns of the block holding these terms (linking them in)."""
        root = self._link(terms)
        key = self._find(root)
        if key in self._cache:
            return self._cache[key]
        rows = [e for e in self.equations if self._find(_question(e)) == key]
        survey_questions = {(u[0], u[2]) for e in rows for u in e.terms}
        survey_questions |= {(u[0], u[2]) for u in terms}
        columns = []
        for round_name, q in sorted(survey_questions, key=repr):
            survey = self.surveys[round_name]
            for p in survey.sides:
                columns += [(round_name, p, q, o) for o in survey.outcomes(q)]
        index = {u: j for j, u in enumerate(columns)}
        matrix = np.zeros((len(rows), len(columns)))
        values = np.zeros(len(rows))
        for i, e in enumerate(rows):
            for u, c in e.terms.items():
                matrix[i, index[u]] = float(c)
            values[i] = float(e.value)
        if rows:
            # One SVD gives both the row space (what can be worked out) and the least-squares
            # solution (its value: every solution agrees on a vector in the row space).
            u, s, vt = np.linalg.svd(matrix, full_matrices=False)
            keep = s > (s.max() * max(matrix.shape) * 1e-10 if s.size else 0)
            basis = vt[keep]
            solution = basis.T @ ((u[:, keep].T @ values) / s[keep])
        else:
            basis = np.zeros((0, len(columns)))
            solution = np.zeros(len(columns))
        block = (rows, index, matrix, basis, solution)
        self._cache[key] = block
        return block

    def _vector(self, terms, index):
        vector = np.zeros(len(index))
        for u, c in terms.items():
            vector[index[u]] = float(c)
        return vector

    def derivable(self, terms: dict[tuple, Fraction]) -> bool:
        if not terms:
            return False
        _rows, index, _m, basis, _s = self._block(terms)
        vector = self._vector(terms, index)
        residual = vector - basis.T @ (basis @ vector)
        return float(np.abs(residual).max()) < 1e-7 * max(1.0, float(np.abs(vector).max()))

    def derive(self, terms) -> Fraction | None:
        """The value of a linear function of the unknowns, when it can be worked out."""
        if not self.derivable(terms):
            return None
        _rows, index, _m, _b, solution = self._block(terms)
        value = float(self._vector(terms, index) @ solution)
        return Fraction(value).limit_denominator(1000)

    def explain(self, terms) -> list[tuple[float, str]]:
        """Which equations add up to the value (coefficient, label), largest first: a few
        printed figures, chosen greedily (those most like the target first), rather than the
        least-squares spread over every equivalent one."""
        rows, index, matrix, _basis, _s = self._block(terms)
        target = self._vector(terms, index)
        norms = np.linalg.norm(matrix, axis=1)
        order = np.argsort(-np.abs(matrix @ target) / np.where(norms > 0, norms, 1), kind="stable")
        chosen, basis = [], np.zeros((0, len(index)))
        for i in order:
            residual = matrix[i] - basis.T @ (basis @ matrix[i])
            if np.linalg.norm(residual) > 1e-9:
                chosen.append(i)
                basis = np.vstack([basis, residual / np.linalg.norm(residual)])
                if np.abs(target - basis.T @ (basis @ target)).max() < 1e-7:
                    break
        coefficients = np.linalg.lstsq(matrix[chosen].T, target, rcond=None)[0]
        used = defaultdict(float)
        for c, i in zip(coefficients, chosen, strict=True):
            if abs(c) > 1e-7:
                used[rows[i].label] += c
        return sorted(
            ((round(c, 3), label) for label, c in used.items() if abs(c) > 1e-7),
            key=lambda t: -abs(t[0]),
        )


# --- the attack -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    check: str  # "a", "b", "c", "d"
    what: str
    how: str = ""

    def __str__(self):
        return f"({self.check}) {self.what}" + (f"\n      {self.how}" if self.how else "")


def _question(equation: Equation) -> tuple:
    unknown = next(iter(equation.terms))
    return (unknown[0], unknown[2])


def _q(survey: Survey, terms) -> dict[tuple, Fraction]:
    return {(survey.name, *u): c for u, c in terms.items()}


def _sum_from_mean(mean: Decimal, n: int, step: Decimal) -> int | None:
    """The one whole-number sum of n answers of 1–5 whose mean rounds to `mean`, if only one."""
    half = Fraction(step) / 2
    target = Fraction(mean)
    found = [s for s in range(n, 5 * n + 1) if abs(Fraction(s, n) - target) <= half]
    return found[0] if len(found) == 1 else None


class Attack:
    """Everything one reader can work out from the facts they collected."""

    def __init__(
        self, surveys: Iterable[Survey], facts: Iterable[Fact], differences=(), comments=()
    ):
        self.surveys = {s.name: s for s in surveys}
        self.comments = list(comments)  # (source, round, respondent, item)
        self.facts = list(facts)
        self.differences = list(differences)
        self.knowledge = Knowledge(self.surveys.values())
        self.problems: list[str] = []  # facts that disagree with the truth: a parser is wrong
        self.sources: dict[tuple[Cell, str], set[str]] = defaultdict(set)
        self.withheld_marks: dict[Cell, set[str]] = defaultdict(set)
        self.printed: dict[tuple[Cell, str], Decimal] = {}
        for fact in self.facts:
            if fact.value is None:
                self.withheld_marks[fact.cell].add(fact.source)
                continue
            self._check_truth(fact)
            self.sources[(fact.cell, fact.measure)].add(fact.source)
            self.printed[(fact.cell, fact.measure)] = fact.value
        for d in self.differences:
            self.sources[(d.a, "gap")].add(d.source)
        self._solve()

    def survey(self, cell: Cell) -> Survey:
        return self.surveys[cell.round]

    def terms(self, cell: Cell, measure: str):
        survey = self.survey(cell)
        return _q(survey, survey.functional(cell, measure))

    def _check_truth(self, fact: Fact) -> None:
        survey = self.survey(fact.cell)
        true = survey.value(fact.cell, fact.measure)
        if fact.measure == "mean":
            step = MEAN_KINDS[fact.cell.kind]
            ok = (
                true is not None
                and abs(Fraction(true) - Fraction(fact.value)) <= Fraction(step) / 2
            )
        else:
            ok = Fraction(fact.value) == true
        if not ok:
            self.problems.append(
                f"{fact.source} prints {fact.measure} {fact.value} for {fact.cell} "
                f"({fact.text!r}) but the truth is {true}"
            )

    def _label(self, cell, measure):
        sources = sorted(self.sources[(cell, measure)])
        more = f" and {len(sources) - 2} more" if len(sources) > 2 else ""
        return f"{measure} of {cell} (printed by {', '.join(sources[:2])}{more})"

    def _solve(self) -> None:
        done = set()
        for (cell, measure), value in self.printed.items():
            if measure == "mean":
                continue
            self.knowledge.add(
                Equation(self._label(cell, measure), self.terms(cell, measure), Fraction(value))
            )
            done.add((cell, measure))
        means = {c: v for (c, m), v in self.printed.items() if m == "mean"}
        mean_sources = {c: self._label(c, "mean") for c in means}
        converted = set()
        changed = True
        while changed:
            changed = False
            for d in self.differences:
                for known, other, sign in ((d.a, d.b, -1), (d.b, d.a, 1)):
                    if known in means and other not in means:
                        means[other] = means[known] + sign * d.value
                        mean_sources[other] = (
                            f"{mean_sources[known]} and the difference printed by {d.source}"
                        )
                        changed = True
            # Work out every denominator first, then add the sums: adding an equation makes
            # its block be solved again.
            ready = []
            for cell, mean in means.items():
                if cell in converted:
                    continue
                survey = self.survey(cell)
                n = self.knowledge.derive(self.terms(cell, survey.denominator(cell)))
                if n is not None and n.denominator == 1 and n > 0:
                    ready.append((cell, mean, n))
            for cell, mean, n in ready:
                survey = self.survey(cell)
                converted.add(cell)
                total = _sum_from_mean(Decimal(mean), int(n), MEAN_KINDS[cell.kind])
                if total is None or (cell, "sum") in done:
                    continue
                self.knowledge.add(
                    Equation(
                        f"sum of {cell} = mean × {survey.denominator(cell)} "
                        f"(mean from {mean_sources[cell]})",
                        self.terms(cell, "sum"),
                        Fraction(total),
                    )
                )
                done.add((cell, "sum"))
                changed = True
        self.means = means

    # --- the checks ----------------------------------------------------------------------

    def shown(self, cell: Cell) -> bool:
        survey = self.survey(cell)
        return any((cell, m) in self.printed for m in survey.primary(cell))

    def withheld(self, cell: Cell) -> bool:
        """Not shown anywhere, though it has respondents, and either an output says it is not
        shown or it is built from fewer than the threshold (so it must never be shown)."""
        survey = self.survey(cell)
        size = survey.size(cell)
        if size == 0 or self.shown(cell):
            return False
        return bool(self.withheld_marks.get(cell)) or size < survey.threshold

    def withheld_derivations(self) -> list[Finding]:
        found = []
        for survey in self.surveys.values():
            for cell in survey.cells():
                if not self.withheld(cell):
                    continue
                printed = [
                    self.terms(cell, m) for m in survey.measures(cell) if (cell, m) in self.printed
                ]
                for measure in survey.measures(cell):
                    terms = self.terms(cell, measure)
                    if terms in printed:
                        continue  # printed as such (a small one is check (c)'s)
                    value = self.knowledge.derive(terms)
                    if value is None:
                        continue
                    how = "; ".join(
                        f"{c:+g} × {label}" for c, label in self.knowledge.explain(terms)[:6]
                    )
                    found.append(
                        Finding(
                            "a", f"withheld {measure} of {cell} = {value} can be worked out", how
                        )
                    )
        return found

    def respondent_derivations(self) -> list[Finding]:
        found = []
        for survey in self.surveys.values():
            for p in survey.sides:
                for q in survey.questions():
                    if q[0] not in OWN_ANSWER:
                        continue
                    asked = OWN_ANSWER[q[0]]
                    if asked is not None:
                        asked_q = (asked, q[1]) if asked == "rated" else (asked,)
                        if survey.answer(p, asked_q) != YES:
                            continue
                    outcome = survey.answer(p, q)
                    if outcome == NONE:
                        continue
                    terms = {(survey.name, p, q, outcome): Fraction(1)}
                    value = {(survey.name, p, q, v): Fraction(v) for v in SCALE}
                    if not self.knowledge.derivable(terms):
                        terms = value if outcome in SCALE else None
                    if terms and self.knowledge.derivable(terms):
                        how = "; ".join(
                            f"{c:+g} × {label}" for c, label in self.knowledge.explain(terms)[:6]
                        )
                        found.append(
                            Finding(
                                "b",
                                f"{survey.name}: the answer of one {survey.sides[p]} respondent "
                                f"to {q} ({outcome}) can be worked out",
                                how,
                            )
                        )
        return found

    def small_counts(self) -> list[Finding]:
        found = []
        for (cell, measure), value in self.printed.items():
            survey = self.survey(cell)
            size = survey.size(cell)
            counts_people = measure in ("n", "answers") or measure == survey.size_measure(cell)
            if counts_people and 0 < value < survey.threshold:
                found.append(
                    Finding(
                        "c",
                        f"{measure} {value} of {cell} is printed "
                        f"(by {', '.join(sorted(self.sources[(cell, measure)]))}), "
                        f"under the threshold {survey.threshold}",
                    )
                )
                continue
            if measure in survey.primary(cell) and 0 < size < survey.threshold:
                found.append(
                    Finding(
                        "c",
                        f"{measure} of {cell}, built from {size} respondents, is printed "
                        f"(by {', '.join(sorted(self.sources[(cell, measure)]))})",
                    )
                )
        return found

    def together_beside_withheld(self) -> list[Finding]:
        found = []
        for survey in self.surveys.values():
            for cell in survey.cells():
                if cell.group != TOGETHER or not self.shown(cell):
                    continue
                for side, other in ((COUNCIL, VCS), (VCS, COUNCIL)):
                    # Beside a withheld side whose other side is shown (or has nobody), the
                    # together figure is that side plus a known one. With both sides
                    # withheld, a together figure from enough people isolates neither: that
                    # is left to (a).
                    other_cell = cell.side(other)
                    other_known = (
                        self.shown(other_cell) or self.survey(other_cell).size(other_cell) == 0
                    )
                    if self.withheld(cell.side(side)) and other_known:
                        sources = sorted(
                            {s for (c, _m), ss in self.sources.items() if c == cell for s in ss}
                        )
                        found.append(
                            Finding(
                                "d",
                                f"{cell} is shown (by {', '.join(sources)}) while the {side} "
                                "figure is withheld",
                            )
                        )
        return found

    def comments_from_too_few(self) -> list[Finding]:
        found = []
        for source, round_name, respondent, item in self.comments:
            survey = self.surveys[round_name]
            side = survey.sides[respondent]
            if item in survey.relationships:
                group = f"{side} respondents who rated {item}"
                size = survey.size(Cell(round_name, RATED, item, side))
            else:
                group = f"{side} respondents"
                size = len(survey.members(side))
            if size < survey.threshold:
                found.append(
                    Finding(
                        "e",
                        f"{round_name}: {source} shows a comment on {item} from one of "
                        f"{size} {group} (threshold {survey.threshold})",
                    )
                )
        return found

    def findings(self) -> dict[str, list[Finding]]:
        return {
            "a": self.withheld_derivations(),
            "b": self.respondent_derivations(),
            "c": self.small_counts(),
            "d": self.together_beside_withheld(),
            "e": self.comments_from_too_few(),
        }
