"""The committed CSV is exactly what the build script makes from the mySociety file."""

import importlib.util
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def _build_module():
    spec = importlib.util.spec_from_file_location(
        "build_from_mysociety", DATA_DIR / "build_from_mysociety.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _build_module()


def test_committed_csv_matches_a_fresh_build(tmp_path):
    assert build.DEFAULT_SOURCE.exists(), f"shared data missing: {build.DEFAULT_SOURCE}"
    out = tmp_path / "out.csv"
    assert build.main(["--output", str(out)]) == 0
    assert out.read_bytes() == (DATA_DIR / "english_local_authorities.csv").read_bytes()


def test_north_east_override_drops_dissolved_authorities():
    rows, notes = build.build_rows(build.DEFAULT_SOURCE)
    by_gss = {row["gss_code"]: row for row in rows}
    assert "E47000010" not in by_gss  # NECA, dissolved May 2024
    assert "E47000011" not in by_gss  # North of Tyne CA, dissolved May 2024
    north_east_seven = {
        "E06000047",  # County Durham
        "E08000037",  # Gateshead
        "E08000023",  # South Tyneside
        "E08000024",  # Sunderland
        "E08000021",  # Newcastle upon Tyne
        "E08000022",  # North Tyneside
        "E06000057",  # Northumberland
    }
    for gss in north_east_seven:
        assert by_gss[gss]["combined_authority_gss"] == ""
    assert sum("member of dissolved" in note for note in notes) == 7
    # Tees Valley is untouched.
    assert by_gss["E06000001"]["combined_authority_gss"] == "E47000006"


def test_build_refuses_an_unknown_current_type(tmp_path):
    source = tmp_path / "source.csv"
    header = (
        "local-authority-code,official-name,nice-name,gss-code,start-date,end-date,"
        "nation,region,local-authority-type,county-la,combined-authority,current-authority"
    )
    source.write_text(
        header + "\nXYZ,Xyz Parish,Xyz,E04000001,,,England,London,PAR,,,True\n",
        encoding="utf-8",
    )
    with pytest.raises(build.BuildError, match="unknown current English authority types"):
        build.build_rows(source)
