from pathlib import Path

import pytest

from toolkit.core.testing import cells_read  # noqa: F401

REPO = Path(__file__).resolve().parents[3]
SHARED_DATA = REPO.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

TRAFFORD_GRANTS_CSV = (
    SHARED_DATA / "360giving/trafford/trafford_council_voluntary_sector_grants.csv"
)
TRAFFORD_GRANTS_JSON = (
    SHARED_DATA / "360giving/trafford/trafford_council_voluntary_sector_grants.json"
)
GIVING_TEMPLATE = (
    SHARED_DATA / "360giving/template/360-giving-schema-titles-with-meta-tab-2023.xlsx"
)
TRAFFORD_CHARITIES = SHARED_DATA / "charity-commission/trafford/charities_operating_in_trafford.csv"
CONTRACTS_FINDER = (
    SHARED_DATA / "ocds/contracts-finder/contracts_finder_ocds_search_2025-01-23.json"
)


def shared(path: Path) -> Path:
    """The real published samples are required: a missing file fails the test loudly."""
    if not path.exists():
        pytest.fail(
            f"Missing real sample {path}: the tests need ../shared/data beside the repository "
            "(see shared/data/SOURCES.md)."
        )
    return path


@pytest.fixture
def trafford(reference_data):
    from toolkit.areas.services import area_create_for_council

    area, _ = area_create_for_council("E08000009")
    return area


@pytest.fixture
def north_yorkshire(reference_data):
    from toolkit.areas.services import area_create_for_council

    area, _ = area_create_for_council("E06000065")
    return area
