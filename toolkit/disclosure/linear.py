"""Exact linear algebra over 0/1 vectors, for the question the disclosure rule asks: can this
hidden total be worked out by adding and subtracting totals that are shown?

Vectors are sets of atom indexes (a total is the sum of its atoms). Arithmetic is over the
rationals (``Fraction``), so the answer is exact; the tables it runs on are one small
connected block of a round's figures at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


def combination(
    target: frozenset[int], rows: Sequence[frozenset[int]]
) -> dict[int, Fraction] | None:
    """Coefficients c (row index -> non-zero coefficient) with sum(c[i] * rows[i]) == target,
    or None when ``target`` is not in the span of ``rows``."""
    if not target:
        return {}
    columns = sorted(set(target).union(*rows)) if rows else sorted(target)
    position = {atom: j for j, atom in enumerate(columns)}
    width = len(columns)
    # Each basis row is (pivot column, dense vector, how it is made from the input rows).
    basis: list[tuple[int, list[Fraction], dict[int, Fraction]]] = []

    def reduce(vector: list[Fraction], made: dict[int, Fraction]):
        for pivot, row, row_made in basis:
            factor = vector[pivot]
            if factor:
                for j in range(width):
                    if row[j]:
                        vector[j] -= factor * row[j]
                for i, c in row_made.items():
                    made[i] = made.get(i, Fraction(0)) - factor * c
        return vector, made

    for index, row in enumerate(rows):
        vector = [Fraction(0)] * width
        for atom in row:
            vector[position[atom]] = Fraction(1)
        vector, made = reduce(vector, {index: Fraction(1)})
        pivot = next((j for j, v in enumerate(vector) if v), None)
        if pivot is None:
            continue
        scale = vector[pivot]
        vector = [v / scale for v in vector]
        made = {i: c / scale for i, c in made.items()}
        # Keep the basis fully reduced so that later rows reduce in one pass.
        for k, (other_pivot, other, other_made) in enumerate(basis):
            factor = other[pivot]
            if factor:
                other = [o - factor * v for o, v in zip(other, vector, strict=True)]
                merged = dict(other_made)
                for i, c in made.items():
                    merged[i] = merged.get(i, Fraction(0)) - factor * c
                basis[k] = (other_pivot, other, merged)
        basis.append((pivot, vector, made))

    vector = [Fraction(0)] * width
    for atom in target:
        vector[position[atom]] = Fraction(1)
    # Reducing the target by the basis leaves zero exactly when it is in the span; the
    # coefficients then come from the negated "made" record.
    residue, made = reduce(vector, {})
    if any(residue):
        return None
    return {i: -c for i, c in made.items() if c}
