import pytest

from toolkit.core.rows import tuple_getter
from toolkit.core.spreadsheets import Limits, _capped
from toolkit.evidence.importers.grants import flat_reader


@pytest.mark.parametrize(
    ("keys", "expected"), [(("a", "c"), ("1", "3")), (("b",), ("2",)), ((), ())]
)
def test_a_tuple_whatever_the_number_of_keys(keys, expected):
    assert tuple_getter(keys)({"a": "1", "b": "2", "c": "3"}) == expected


def test_a_grants_file_with_none_of_the_wanted_columns_reads_as_blanks():
    # itemgetter() with no keys raised TypeError here.
    record = flat_reader([("amount", None), ("title", None)])
    assert record({"other": "x"}) == {"amount": "", "title": ""}


@pytest.mark.parametrize("keys", [[(1, "b")], [(0, "a"), (2, "c")]])
def test_a_spreadsheets_wanted_cells_whatever_their_number(keys):
    rows = iter([(2, ["1", "2", "3"])])
    ((number, texts),) = _capped(rows, keys, Limits(max_rows=10), as_text=None)
    assert number == 2 and texts == {k: str(i + 1) for i, k in keys}
