from collections import Counter

import pytest

from toolkit.places.models import CombinedAuthority, LocalAuthority
from toolkit.places.services import COLUMNS, AuthorityDataError, authorities_load

pytestmark = pytest.mark.django_db

# Counts derived from mySociety uk_la_past_current v1.6.1 (current English rows):
# 164 E07, 63 E06, 36 E08, 33 E09 (32 boroughs + City of London), 21 E10,
# 14 E47 minus NECA and North of Tyne (dissolved May 2024) = 12, plus the GLA (E61).
EXPECTED_COUNCILS = {
    "district": 164,
    "unitary": 63,
    "metropolitan_borough": 36,
    "london_borough": 32,
    "city_corporation": 1,
    "county": 21,
}
EXPECTED_COMBINED = {"combined_authority": 12, "strategic_authority": 1}


def test_load_counts_per_type():
    counts = authorities_load()
    assert counts == {"created": 317 + 13, "updated": 0, "unchanged": 0}
    assert (
        Counter(LocalAuthority.objects.values_list("authority_type", flat=True))
        == EXPECTED_COUNCILS
    )
    assert (
        Counter(CombinedAuthority.objects.values_list("authority_type", flat=True))
        == EXPECTED_COMBINED
    )
    by_prefix = Counter(g[:3] for g in LocalAuthority.objects.values_list("gss_code", flat=True))
    assert by_prefix == {"E07": 164, "E06": 63, "E08": 36, "E09": 33, "E10": 21}


def test_every_district_has_a_county_and_nothing_else_does():
    authorities_load()
    districts = LocalAuthority.objects.filter(authority_type="district")
    assert not districts.filter(county__isnull=True).exists()
    assert not LocalAuthority.objects.exclude(authority_type="district").filter(
        county__isnull=False
    )


def test_second_load_changes_nothing():
    authorities_load()
    assert authorities_load() == {"created": 0, "updated": 0, "unchanged": 330}


def test_load_updates_a_changed_row_by_gss_code():
    authorities_load()
    LocalAuthority.objects.filter(gss_code="E08000009").update(name="Old name")
    assert authorities_load() == {"created": 0, "updated": 1, "unchanged": 329}
    assert LocalAuthority.objects.get(gss_code="E08000009").name == "Trafford"


def _write(tmp_path, rows):
    path = tmp_path / "authorities.csv"
    lines = [",".join(COLUMNS)] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD_ROWS = [
    ["E47000001", "GMCA", "Greater Manchester", "Greater Manchester Combined Authority",
     "combined_authority", "", "", "North West"],
    ["E10000034", "WOR", "Worcestershire", "Worcestershire County Council",
     "county", "", "", "West Midlands"],
    ["E07000235", "MAV", "Malvern Hills", "Malvern Hills District Council",
     "district", "E10000034", "", "West Midlands"],
    ["E08000009", "TRF", "Trafford", "Trafford Metropolitan Borough Council",
     "metropolitan_borough", "", "E47000001", "North West"],
]  # fmt: skip


def test_small_file_loads(tmp_path):
    assert authorities_load(_write(tmp_path, GOOD_ROWS))["created"] == 4


def test_bad_gss_code_is_refused_with_its_line_and_nothing_saved(tmp_path):
    bad = [*GOOD_ROWS, ["E0800009", "XYZ", "Nowhere", "Nowhere Council", "unitary", "", "", ""]]
    with pytest.raises(AuthorityDataError) as excinfo:
        authorities_load(_write(tmp_path, bad))
    assert excinfo.value.errors == ["line 6: GSS code 'E0800009' is not E followed by 8 digits"]
    assert "line 6" in str(excinfo.value)
    assert LocalAuthority.objects.count() == 0
    assert CombinedAuthority.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ["E06000099", "XYZ", "X", "X Council", "parish", "", "", ""],
            "line 6: unknown authority_type 'parish'",
        ),
        (
            ["E07000999", "XYZ", "X", "X Council", "district", "E10000999", "", ""],
            "line 6: county_gss E10000999 is not a county",
        ),
        (
            ["E07000999", "XYZ", "X", "X Council", "district", "", "", ""],
            "line 6: a district needs a county_gss",
        ),
        (
            ["E06000099", "XYZ", "X", "X Council", "unitary", "E10000034", "", ""],
            "line 6: only districts have a county_gss",
        ),
        (
            ["E06000099", "XYZ", "X", "X Council", "unitary", "", "E47000099", ""],
            "line 6: combined_authority_gss E47000099 is not a combined authority",
        ),
        (
            ["E08000009", "TRF", "Trafford", "Trafford", "unitary", "", "", ""],
            "line 6: GSS code E08000009 already on line 5",
        ),
        (
            ["E06000099", "x1", "X", "X Council", "unitary", "", "", ""],
            "line 6: la_code 'x1' is not 3 or 4 capital letters",
        ),
    ],
)
def test_invalid_rows_are_refused(tmp_path, row, message):
    with pytest.raises(AuthorityDataError) as excinfo:
        authorities_load(_write(tmp_path, [*GOOD_ROWS, row]))
    assert excinfo.value.errors == [message]
    assert LocalAuthority.objects.count() == 0


def test_missing_column_is_refused(tmp_path):
    path = tmp_path / "authorities.csv"
    path.write_text("gss_code,name\nE06000001,Hartlepool\n", encoding="utf-8")
    with pytest.raises(AuthorityDataError, match="line 1: missing column"):
        authorities_load(path)


def test_management_command_loads_and_reports(capsys):
    from django.core.management import call_command

    call_command("places_load")
    call_command("places_load")
    out = capsys.readouterr().out
    assert "330 created" in out
    assert "0 created, 0 updated, 330 unchanged" in out
