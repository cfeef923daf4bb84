"""The same decided figures in every output of a round: mapping.csv, the report and the API
read the presenters the pages read, so a figure withheld on a page is withheld there too, and
no count under the threshold is printed."""

import pytest

from toolkit.api.services import api_token_create
from toolkit.areas.models import Role
from toolkit.areas.scopes import GrantScope
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.reports.content import report_data
from toolkit.reports.datasets import mapping_dataset

from .conftest import close
from .test_results import known_answers

pytestmark = pytest.mark.django_db


def test_mapping_csv_rows_exact(mapping_round, relationships, add_responses):
    """Counts and means as the pages show them, and why a figure is not shown in the pages'
    own words (mapping.presenters.not_shown)."""
    known_answers(mapping_round, relationships, add_responses)
    close(mapping_round)
    rows = mapping_dataset(mapping_round.area).rows
    by_key = {(r[2], r[3], r[4]): r[5:] for r in rows}
    alpha, bravo = "Alpha partnership board", "Bravo housing contract"
    assert by_key[alpha, "council", "strategic"] == ["5", 4.6, ""]
    assert by_key[alpha, "council", "financial"] == [
        "fewer than 5",
        "",
        "Not shown: fewer than 5 people on this side rated it",
    ]
    # Both sides' financial figures are withheld; together (8 people) gives neither away.
    assert by_key[alpha, "together", "financial"] == ["8", 2.0, ""]
    assert by_key[bravo, "council", "time"] == ["5", 3.0, ""]
    assert by_key[bravo, "vcs", "time"][:2] == ["fewer than 5", ""]
    # The differencing case: together beside a withheld side is withheld, count too.
    assert by_key[bravo, "together", "time"] == [
        "not shown",
        "",
        "Not shown: it would let a smaller group’s answers be worked out",
    ]
    # Charlie was rated by nobody: no rows. Every count is a number of at least 5, or words.
    assert not [r for r in rows if r[2] == "Charlie VCS forum"]
    for row in rows:
        assert row[5] in {"fewer than 5", "not shown"} or int(row[5]) >= 5, row


def test_the_report_shows_what_the_pages_show(mapping_round, relationships, add_responses):
    known_answers(mapping_round, relationships, add_responses)
    close(mapping_round)
    data = report_data(mapping_round.area, {GrantScope.RESULTS})
    part = data.mapping
    assert part.responses["council"].text == "5" and part.responses["vcs"].text == "5"
    rows = {r.relationship.title: r for r in part.rows}
    assert rows["Alpha partnership board"].values == ["3.3", "3", "2", "3.1"]
    assert rows["Alpha partnership board"].respondents == "10"
    assert rows["Bravo housing contract"].values == ["Not shown"] * 4
    assert rows["Bravo housing contract"].respondents == "not shown"
    assert rows["Charlie VCS forum"].values == ["No ratings"] * 4
    assert [g.relationship.title for g in part.gaps] == ["Alpha partnership board"]
    assert part.gaps[0].differences == ["+2.6", "+2", "–", "-2.2"]
    assert part.quadrants[-1] == ("on the line between two quarters", 1)


def test_the_api_results_carry_the_same_decided_figures(
    client, area, mapping_round, relationships, add_responses
):
    known_answers(mapping_round, relationships, add_responses)
    close(mapping_round)
    member = MembershipFactory(area=area, role=Role.VCS_PARTICIPANT)
    _token, secret = api_token_create(member.user, name="results")
    response = client.get(
        f"/api/v1/areas/{area.gss_code}/rounds/{mapping_round.public_id}/results",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200
    result = response.json()
    assert result["respondents"] == {
        "council": 5,
        "vcs": 5,
        "council_text": "5",
        "vcs_text": "5",
    }
    api = {p["title"]: p for p in result["map"]}
    bravo = api["Bravo housing contract"]
    # Together beside the withheld sector figures: no means, and its count is not printed.
    assert bravo["together"] == {
        "strategic": None,
        "proactive": None,
        "financial": None,
        "time": None,
        "respondents": "not shown",
    }
    assert bravo["vcs"]["respondents"] == "fewer than 5" and bravo["vcs"]["strategic"] is None
    assert bravo["council"] == {
        "strategic": 2.0,
        "proactive": 2.0,
        "financial": 4.0,
        "time": 3.0,
        "respondents": "5",
    }
    alpha = api["Alpha partnership board"]
    assert alpha["together"]["financial"] == 2.0 and alpha["together"]["respondents"] == "10"
    assert alpha["council"]["financial"] is None  # 4 known ratings: too few
    assert api["Charlie VCS forum"]["together"] is None
