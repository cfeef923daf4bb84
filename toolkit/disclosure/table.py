"""The one disclosure-control rule for figures built from respondents' answers.

An output (a page, a chart, a download, the API, a report, the national benchmark) never
decides for itself what may be shown. It describes the *cells* it wants to show in a
`Table` – a mean, a distribution or a count for one item from one group of respondents,
and every total built from them ("together", a principle over its elements, a side over its
groups) – and reads back a `Decision`. The rule, in order:

1. **Primary suppression.** A cell built from fewer respondents than the threshold (the
   area's setting, never below 3) is withheld. A cell built from nobody is *empty*: it has
   no figure to withhold, and it hides nothing inside the totals it belongs to.
2. **Breakdowns are all or nothing.** Cells added as one breakdown of a parent (for example
   a side split by council department, including "not said") are shown only when every one
   of them can be: otherwise the whole breakdown is withheld and only the parent stands.
   A group may itself be broken down (a side's answers on paper, by the workshop they were
   written at): each level is its own all-or-nothing breakdown, and step 3 protects every
   level against the others, since every cell adds up the same atoms underneath.
   A parent split by several questions at once (department, and councillor or officer) is
   made of hidden atoms, one per combination of answers (`add_breakdowns`): no output shows
   them, but one from fewer than the threshold is withheld like any other cell, so no
   difference of shown groups can single it out. A total over broken-down cells (a
   principle over its elements) is broken down the same way (`add_breakdown_total`), all
   or nothing too.
3. **Secondary (complementary) suppression.** Every cell is the sum of *atoms* (disjoint
   groups of answers: one item from one side, or from one group within a side). If a
   withheld cell's atoms can be made by adding and subtracting the atoms of shown cells, a
   reader can work it out from them. While any withheld cell can be, one more cell taking
   part in that sum is withheld: the one with the lowest `keep` (totals such as "together"
   are given a lower `keep` than a side's own figure, so they go first), then the fewest
   respondents, then the latest added. This repeats until no withheld cell can be worked
   out. Because a figure's mean, its distribution and its count all add up the same way
   over atoms, one decision covers all of them.

Whatever one reader can get – every page, download and API answer about a round – must be
read from one decision over one table holding all of the round's cells, so that cells shown
in different outputs cannot be combined either. Filters only choose which decided cells to
show; they never make new totals. A change between rounds is shown only when both of its
figures are.

What this does not stop is written down in docs/adr/0007-anonymous-responses.md: a reader
who knows some respondents' own answers, bounds from a total that is shown (an empty
answer option in a shown total is empty in each of its parts), and anyone with access to
the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from .linear import combination
from .rules import WITHHELD, below_threshold, effective_threshold, fewer_than

# Reasons a cell is withheld.
TOO_FEW = "too few"  # built from fewer respondents than the threshold
PROTECTS = "protects another figure"  # withheld so that a smaller figure cannot be worked out

# Suggested `keep` values: the higher, the longer a cell is kept when a complement is needed.
KEEP_SIDE = 30  # one side's own figure for an item
KEEP_SIDE_TOTAL = 25  # one side's total over items (a principle over its elements)
KEEP_TOTAL = 20  # a total over sides ("together")
KEEP_GROUP = 10  # a group within a side (a breakdown)
KEEP_SUBGROUP = 5  # a group within a group (a breakdown of a breakdown's group)


@dataclass(frozen=True)
class Cell:
    key: Hashable
    n: int  # respondents it is built from
    parts: frozenset  # atom keys it adds up (itself, for an atom)
    keep: int
    order: int
    family: Hashable | None = None
    internal: bool = False  # a hidden atom: never shown, protected when it is too small


@dataclass(frozen=True)
class ShownCount:
    """A count as it may be printed: the number, or the words that stand for it."""

    value: int | None
    text: str

    def __str__(self) -> str:
        return self.text


class Table:
    """The cells one reader may be shown about one round (or one part of the service)."""

    def __init__(self, threshold: int | None):
        self.threshold = effective_threshold(threshold)
        self._cells: dict[Hashable, Cell] = {}
        self._split: dict[Hashable, tuple[Hashable, ...]] = {}

    def __contains__(self, key: Hashable) -> bool:
        return key in self._cells

    def add(
        self,
        key: Hashable,
        *,
        n: int,
        parts: Iterable[Hashable] | None = None,
        keep: int = KEEP_SIDE,
        family: Hashable | None = None,
        internal: bool = False,
    ) -> None:
        """Add a cell. Without `parts` it is an atom (answers no other cell splits further);
        with them it is the sum of those cells (atoms, or totals themselves)."""
        if key in self._cells:
            raise ValueError(f"cell {key!r} added twice")
        if n < 0:
            raise ValueError(f"cell {key!r} has a negative count")
        self._cells[key] = Cell(
            key,
            n,
            frozenset(parts) if parts is not None else frozenset({key}),
            keep,
            len(self._cells),
            family,
            internal,
        )

    def add_sides(
        self,
        item: Hashable,
        n_by_side: Mapping[str, int],
        *,
        together: str | None = "together",
        together_n: int | None = None,
    ) -> None:
        """The common shape: one atom per side for an item, (item, side), and their total
        (item, "together") built from all sides' answers."""
        for side, n in n_by_side.items():
            self.add((item, side), n=n)
        if together:
            self.add(
                (item, together),
                n=sum(n_by_side.values()) if together_n is None else together_n,
                parts=[(item, side) for side in n_by_side],
                keep=KEEP_TOTAL,
            )

    def _check_split(self, parent: Hashable, held: int) -> None:
        """A breakdown splits an atom, and puts each of its respondents in one group."""
        cell = self._cells.get(parent)
        if cell is None or cell.parts != frozenset({parent}):
            raise ValueError(f"{parent!r} is not an atom of this table")
        if parent in self._split:
            raise ValueError(f"{parent!r} is already broken down")
        if held != cell.n:
            raise ValueError(
                f"the groups of {parent!r} hold {held} respondents, "
                f"not its {cell.n}: every respondent must be in one group"
            )

    def add_breakdown(
        self,
        parent: Hashable,
        groups: Mapping[Hashable, int],
        *,
        keep: int = KEEP_GROUP,
        internal: bool = False,
    ) -> None:
        """Split an atom into groups of its respondents (every respondent in exactly one
        group, "not said" included) and add a cell for each group, (parent, group). The
        groups are shown all together or not at all; totals that used the parent now add
        up its groups. The parent may itself be a group of another breakdown.

        `internal` groups are hidden atoms instead: no output shows them, but other totals
        are built from them (how many of a group came through shared links), and one from
        fewer than the threshold is protected like any withheld cell."""
        self._check_split(parent, sum(groups.values()))
        keys = []
        for group, n in groups.items():
            key = (parent, group)
            if internal:
                self.add(key, n=n, internal=True)
            else:
                self.add(key, n=n, keep=keep, family=("breakdown", parent))
            keys.append(key)
        self._split[parent] = tuple(keys)

    def add_breakdowns(
        self,
        parent: Hashable,
        questions: tuple[Hashable, ...],
        combinations: Mapping[tuple, int],
        *,
        keep: int = KEEP_GROUP,
    ) -> None:
        """Split an atom by several questions at once. `combinations` maps each combination
        of answers (one group per question, in the order of `questions`; "not said"
        included) to its respondents; every respondent is in exactly one. Each question's
        groups become one all-or-nothing breakdown, (parent, (question, group)); the
        combinations are hidden atoms, ((parent, "combination"), combination), which no
        output may show."""
        self._check_split(parent, sum(combinations.values()))
        atoms = []
        for combination_, n in combinations.items():
            if len(combination_) != len(questions):
                raise ValueError(f"{combination_!r} does not answer each of {questions!r}")
            key = ((parent, "combination"), tuple(combination_))
            self.add(key, n=n, internal=True)
            atoms.append((key, tuple(combination_)))
        for i, question in enumerate(questions):
            groups: dict[Hashable, list] = defaultdict(list)
            for key, combination_ in atoms:
                groups[combination_[i]].append(key)
            for group, parts in groups.items():
                self.add(
                    (parent, (question, group)),
                    n=sum(self._cells[k].n for k in parts),
                    parts=parts,
                    keep=keep,
                    family=("breakdown", parent, question),
                )
        self._split[parent] = tuple(key for key, _c in atoms)

    def add_breakdown_total(
        self,
        total: Hashable,
        question: Hashable,
        groups: Mapping[Hashable, int],
        *,
        keep: int = KEEP_GROUP,
    ) -> None:
        """Break down a total (a principle over its elements) by a question its parts were
        broken down by: (total, (question, group)) adds up the parts' cells for that group,
        with `groups[group]` respondents. Shown all together or not at all."""
        cell = self._cells.get(total)
        if cell is None:
            raise ValueError(f"{total!r} is not in this table")
        for group, n in groups.items():
            parts = [
                (part, (question, group))
                for part in sorted(cell.parts, key=repr)
                if (part, (question, group)) in self._cells
            ]
            self.add(
                (total, (question, group)),
                n=n,
                parts=parts,
                keep=keep,
                family=("breakdown", total, question),
            )

    def decide(self) -> Decision:
        return _decide(self)

    # For the decision: each cell's atoms after breakdowns are expanded (`found` remembers
    # the cells already expanded, so a large table is expanded in one pass).
    def _atoms(self, key: Hashable, seen: frozenset = frozenset(), found=None) -> frozenset:
        if found is not None and key in found:
            return found[key]
        if key in seen:
            raise ValueError(f"cell {key!r} is built from itself")
        cell = self._cells.get(key)
        if cell is None:
            raise ValueError(f"a cell is built from {key!r}, which is not in the table")
        if key in self._split:
            result = frozenset().union(
                *(self._atoms(k, seen | {key}, found) for k in self._split[key])
            )
        elif cell.parts == frozenset({key}):
            result = frozenset({key})
        else:
            result = frozenset().union(*(self._atoms(p, seen | {key}, found) for p in cell.parts))
        if found is not None:
            found[key] = result
        return result


@dataclass
class Decision:
    """What may be shown of a table: every output reads this, never the raw counts."""

    threshold: int
    cells: dict[Hashable, Cell]
    withheld: dict[Hashable, str] = field(default_factory=dict)  # key -> reason

    def __contains__(self, key: Hashable) -> bool:
        return key in self.cells

    def shown(self, key: Hashable) -> bool:
        """May the figure (mean, distribution, count) of this cell be shown? An empty cell
        is "shown": it has nothing to show, and saying so gives nothing away. A hidden atom
        never is."""
        if key not in self.cells:
            raise KeyError(f"{key!r} is not in the table: describe it before showing it")
        return key not in self.withheld and not self.cells[key].internal

    def reason(self, key: Hashable) -> str | None:
        return self.withheld.get(key)

    def count(self, key: Hashable) -> ShownCount:
        """The cell's number of respondents as it may be printed."""
        cell = self.cells[key]
        if key not in self.withheld and not cell.internal:
            return ShownCount(cell.n, str(cell.n))
        if self.withheld.get(key) == TOO_FEW:
            return ShownCount(None, fewer_than(self.threshold))
        return ShownCount(None, WITHHELD)

    def count_value(self, key: Hashable) -> int | None:
        return self.count(key).value

    def note(self, key: Hashable) -> str:
        """Why the cell's figure is not shown, in words that follow "not shown: " in a
        page or a download's note column; "" when it is shown."""
        reason = self.reason(key)
        if reason == TOO_FEW:
            return f"{fewer_than(self.threshold)} respondents"
        if reason == PROTECTS:
            return "it would let a withheld figure be worked out"
        return ""


def _decide(table: Table) -> Decision:
    cells = table._cells
    expanded: dict[Hashable, frozenset] = {}
    atoms = {key: table._atoms(key, found=expanded) for key in cells}
    withheld: dict[Hashable, str] = {}
    for key, cell in cells.items():
        if cell.n and below_threshold(cell.n, table.threshold):
            withheld[key] = TOO_FEW

    families: dict[Hashable, list[Hashable]] = defaultdict(list)
    for key, cell in cells.items():
        if cell.family is not None:
            families[cell.family].append(key)

    def close_families() -> None:
        for members in families.values():
            if any(m in withheld for m in members):
                for m in members:
                    withheld.setdefault(m, PROTECTS)

    close_families()

    # Cells are linked when they share an atom; each linked block is decided on its own.
    for block in _blocks(cells, atoms):
        if not any(k in withheld for k in block):
            continue
        _complement(block, cells, atoms, withheld, close_families)
    return Decision(table.threshold, dict(cells), withheld)


def _complement(block, cells, atoms, withheld, close_families) -> None:
    # An atom built from nobody adds nothing to any sum, so it is left out of the vectors.
    live = sorted({a for k in block for a in atoms[k] if cells[a].n}, key=repr)
    index = {atom: i for i, atom in enumerate(live)}
    vector = {k: frozenset(index[a] for a in atoms[k] if a in index) for k in block}
    while True:
        shown = [k for k in block if k not in withheld and cells[k].n and not cells[k].internal]
        # A sum of shown cells can only make a cell whose every atom is in one of them:
        # checking that first spares the exact solve for most cells of a large table.
        covered = frozenset().union(*(vector[k] for k in shown))
        found = None
        for hidden in (k for k in block if k in withheld and cells[k].n):
            if not vector[hidden] <= covered:
                continue
            made = combination(vector[hidden], [vector[k] for k in shown])
            if made is not None:
                found = [shown[i] for i in made]
                break
        if found is None:
            return
        victim = min(found, key=lambda k: (cells[k].keep, cells[k].n, -cells[k].order))
        withheld[victim] = PROTECTS
        close_families()


def _blocks(cells, atoms) -> list[list[Hashable]]:
    parent: dict[Hashable, Hashable] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for key in cells:
        first = None
        for atom in atoms[key]:
            if first is None:
                first = find(atom)
            else:
                parent[find(atom)] = first
    grouped: dict[Hashable, list[Hashable]] = defaultdict(list)
    for key in cells:
        some_atom = next(iter(atoms[key]), None)
        grouped[find(some_atom) if some_atom is not None else ("empty", key)].append(key)
    return list(grouped.values())
