"""Results pages: exact figures for a known set of answers, sealing, suppression, filters,
the facilitator's choice of relationships, and constant query counts at scale."""

import re

import pytest
from django.urls import reverse

from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.mapping.models import RoundRelationship
from toolkit.rounds.models import AssessmentKind, Identity
from toolkit.rounds.tests.factories import RoundFactory

from .conftest import close

pytestmark = pytest.mark.django_db


def url(name, round_, **params):
    path = reverse(
        f"mapping:{name}",
        kwargs={"area_code": round_.area.gss_code, "round_id": round_.public_id},
    )
    if params:
        path += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return path


def known_answers(round_, relationships, add_responses):
    """Alpha: 5 council respondents see it as strategic, 5 VCS as transactional.
    Bravo: 4 VCS respondents only (suppressed for the sector). Charlie: nobody."""
    alpha, bravo, _charlie = relationships
    council = [
        [(alpha, (5, 4, 3, 2)), (bravo, (2, 2, 4, 3))],
        [(alpha, (5, 4, 3, 2)), (bravo, (2, 2, 4, 3))],
        [(alpha, (4, 4, 3, 2)), (bravo, (2, 2, 4, 3))],
        [(alpha, (5, 5, 3, 2)), (bravo, (2, 2, 4, 3))],
        [(alpha, (4, 3, 0, 2)), (bravo, (2, 2, 4, 3))],
    ]
    vcs = [
        [(alpha, (2, 2, 1, 4)), (bravo, (1, 1, 1, 1))],
        [(alpha, (2, 1, 1, 4)), (bravo, (1, 1, 1, 1))],
        [(alpha, (3, 2, 1, 4)), (bravo, (1, 1, 1, 1))],
        [(alpha, (2, 2, 1, 5)), (bravo, (1, 1, 1, 1))],
        [(alpha, (1, 3, 0, 4))],
    ]
    add_responses(round_, "council", council)
    add_responses(round_, "vcs", vcs)


def cells(html):
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, re.S)
    ]


def test_results_are_sealed_until_the_round_closes(
    client, facilitator, mapping_round, relationships, add_responses
):
    add_responses(mapping_round, "council", [[(relationships[0], (5, 5, 5, 5))]] * 2)
    client.force_login(facilitator)
    page = client.get(url("map", mapping_round)).content.decode()
    assert "Results are sealed" in page
    assert "<svg" not in page


def test_strategic_map_shows_exact_positions(
    client, facilitator, mapping_round, relationships, add_responses
):
    known_answers(mapping_round, relationships, add_responses)
    close(mapping_round)
    client.force_login(facilitator)
    html = client.get(url("map", mapping_round)).content.decode()
    row = html[html.index("Alpha partnership board") :]
    row = row[: row.index("</tr>")]
    # together: strategic 3.3, proactive 3, financial 2 (8 known), time 3.1, 10 people
    assert cells("<table>" + row.split("</th>", 1)[1]) == ["3.3", "3", "2", "3.1", "10"]
    bravo = html[html.index("Bravo housing contract") :]
    bravo = bravo[: bravo.index("</tr>")]
    # 5 council + 4 VCS: together (e.g. strategic (10 + 4) / 9 = 1.56) would give the 4 VCS
    # answers away beside the council's own figures, so neither it nor its count is shown.
    assert cells("<table>" + bravo.split("</th>", 1)[1]) == ["Not shown"] * 4 + ["not shown"]
    assert "1.56" not in html and ">9<" not in html
    assert "1 can be placed on the map" in html
    # Alpha sits at proactive 3 exactly: on the line, not strategic and proactive
    assert "1 on the line between two quarters" in html
    assert "0 strategic and proactive" in html
    assert 'role="img"' in html and "Strategic map: both sides together" in html


def test_perspectives_and_gap_list(
    client, facilitator, mapping_round, relationships, add_responses
):
    known_answers(mapping_round, relationships, add_responses)
    close(mapping_round)
    client.force_login(facilitator)
    html = client.get(url("perspectives", mapping_round)).content.decode()
    table = html[html.index("Gaps, largest first") :]
    found = cells(table[: table.index("</table>")])
    # header (6) then one row: only Alpha can be compared (Bravo has 4 VCS respondents)
    assert found[6:] == [
        "1",
        "Alpha partnership board",
        "4.6, 4",
        "2, 2",
        "3.28",
        "Strategic (5) or transactional (1)",
    ]
    assert "2 relationships cannot be compared" in html  # Bravo (4 VCS) and Charlie (none)

    council = client.get(url("perspectives", mapping_round, view="council")).content.decode()
    row = council[council.index("Alpha partnership board") :]
    row = row[: row.index("</tr>")]
    # council financial: four 3s and a don't know → 4 respondents → withheld
    assert cells("<table>" + row.split("</th>", 1)[1]) == ["4.6", "4", "Too few answers", "2", "5"]

    vcs = client.get(url("perspectives", mapping_round, view="vcs")).content.decode()
    row = vcs[vcs.index("Bravo housing contract") :]
    row = row[: row.index("</tr>")]
    assert cells("<table>" + row.split("</th>", 1)[1]) == [
        "Too few answers",
        "Too few answers",
        "Too few answers",
        "Too few answers",
        "fewer than 5",
    ]


def _spread_group(html, title):
    """The rows of the spread table for one relationship, as cell texts."""
    table = html[html.index('id="spread"') :]
    group = table[table.index(f". {title}</th>") :]
    found = cells("<table><tr><th>" + group[: group.index("</tbody>")])
    return [cell.replace("\u00a0", " ") for cell in found]  # each rating kept with its count


def test_the_perspectives_page_shows_each_sides_spread_and_lowest_rating(
    client, facilitator, mapping_round, relationships, add_responses
):
    known_answers(mapping_round, relationships, add_responses)
    close(mapping_round)
    client.force_login(facilitator)

    gaps = client.get(url("perspectives", mapping_round)).content.decode()
    council = client.get(url("perspectives", mapping_round, view="council")).content.decode()

    # Alpha, strategic: council 5, 5, 4, 5, 4; sector 2, 2, 3, 2, 1. Proactive: council
    # 4, 4, 4, 5, 3; sector 2, 1, 2, 2, 3.
    alpha = [
        ". Alpha partnership board",
        "Council",
        "1: 0, 2: 0, 3: 0, 4: 2, 5: 3",
        "1: 0, 2: 0, 3: 1, 4: 3, 5: 1",
        "Sector",
        "1: 1, 2: 3, 3: 1, 4: 0, 5: 0",
        "1: 1, 2: 3, 3: 1, 4: 0, 5: 0",
        "Lowest",
        "Lowest strategic rating: 1, from the sector",
        "Lowest proactive rating: 1, from the sector",
    ]
    assert _spread_group(gaps, "Alpha partnership board")[1:] == alpha[1:]
    assert _spread_group(council, "Alpha partnership board")[1:] == alpha[1:]
    # Bravo: four sector answers are too few, so its spread is withheld with its mean, in the
    # words the workshop room uses; the lowest is the council's only.
    assert _spread_group(council, "Bravo housing contract")[1:] == [
        "Council",
        "1: 0, 2: 5, 3: 0, 4: 0, 5: 0",
        "1: 0, 2: 5, 3: 0, 4: 0, 5: 0",
        "Sector",
        "Not shown: fewer than 5 people on this side rated it",
        "Not shown: fewer than 5 people on this side rated it",
        "Lowest",
        "Lowest strategic rating: 2, from the council",
        "Lowest proactive rating: 2, from the council",
    ]
    assert "1: 4, 2: 0" not in council.replace("\u00a0", " ")  # the sector’s four 1s
    assert _spread_group(council, "Charlie VCS forum")[-3:] == [
        "Lowest",
        *["No lowest rating can be shown"] * 2,
    ]
    # The gaps view lists only what it compares (Alpha); the spreads follow its page.
    assert "Bravo housing contract</th>" not in gaps[gaps.index('id="spread"') :]


@pytest.mark.parametrize(("respondents", "shown"), [(4, False), (5, True)])
def test_four_anonymous_respondents_produce_no_figure_and_five_do(
    client, facilitator, mapping_round, relationships, add_responses, respondents, shown
):
    alpha = relationships[0]
    add_responses(mapping_round, "vcs", [[(alpha, (4, 4, 4, 4))]] * respondents)
    close(mapping_round)
    client.force_login(facilitator)
    html = client.get(url("perspectives", mapping_round, view="vcs")).content.decode()
    row = html[html.index("Alpha partnership board") :]
    row = row[: row.index("</tr>")]
    values = cells("<table>" + row.split("</th>", 1)[1])[:4]
    assert values == (["4"] * 4 if shown else ["Too few answers"] * 4)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert ("<circle" in svg) is shown


def test_the_threshold_applies_in_named_rounds_too(
    client, area, facilitator, relationships, add_responses
):
    named = RoundFactory(
        area=area,
        includes_mapping=True,
        assessment=AssessmentKind.NONE,
        identity=Identity.NAMED,
    )
    alpha = relationships[0]
    RoundRelationship.objects.create(round=named, relationship=alpha)
    add_responses(named, "council", [[(alpha, (4, 4, 4, 4))]] * 5)
    add_responses(named, "vcs", [[(alpha, (2, 2, 2, 2))]] * 2)
    close(named)
    client.force_login(facilitator)
    html = client.get(url("perspectives", named, view="vcs")).content.decode()
    row = html[html.index("Alpha partnership board") :]
    row = row[: row.index("</tr>")]
    assert cells("<table>" + row.split("</th>", 1)[1]) == ["Too few answers"] * 4 + ["fewer than 5"]
    html = client.get(url("map", named)).content.decode()
    assert "fewer than 5 sector respondents" in html
    assert "Not shown" in html and "2.86" not in html  # (20 + 4) / 7 together


def test_filters(client, facilitator, mapping_round, relationships, add_responses):
    known_answers(mapping_round, relationships, add_responses)
    close(mapping_round)
    client.force_login(facilitator)
    html = client.get(url("map", mapping_round, type="delivery")).content.decode()
    assert "Bravo housing contract" in html and "Alpha partnership board" not in html
    html = client.get(url("map", mapping_round, scale="whole-place")).content.decode()
    assert "Alpha partnership board" in html and "Bravo housing contract" not in html
    housing = relationships[1].parties.get(side="council").organisation
    html = client.get(url("map", mapping_round, department=housing.public_id)).content.decode()
    assert "Bravo housing contract" in html and "Alpha partnership board" not in html


def test_spatial_network_and_index(
    client, facilitator, mapping_round, relationships, add_responses
):
    known_answers(mapping_round, relationships, add_responses)
    close(mapping_round)
    client.force_login(facilitator)
    spatial = client.get(url("spatial", mapping_round)).content.decode()
    assert "Neighbourhood (hyperlocal): 1" not in spatial  # labels are short in the list
    assert "Neighbourhood: 1" in spatial and "Region: 1" in spatial
    network = client.get(url("network", mapping_round)).content.decode()
    assert "1 of them between two voluntary and community organisations" in network
    assert "Who works with whom" in network
    index = client.get(reverse("mapping:index", kwargs={"area_code": mapping_round.area.gss_code}))
    assert url("map", mapping_round) in index.content.decode()


def test_compare_with_an_earlier_round(client, area, facilitator, relationships, add_responses):
    alpha = relationships[0]
    earlier = RoundFactory(area=area, includes_mapping=True, assessment=AssessmentKind.NONE)
    later = RoundFactory(
        area=area, includes_mapping=True, assessment=AssessmentKind.NONE, previous_round=earlier
    )
    for round_ in (earlier, later):
        RoundRelationship.objects.create(round=round_, relationship=alpha)
    add_responses(earlier, "council", [[(alpha, (2, 2, 2, 2))]] * 5)
    add_responses(later, "council", [[(alpha, (4, 1, 2, 3))]] * 5)
    close(earlier)
    close(later)
    client.force_login(facilitator)
    html = client.get(url("compare", later)).content.decode()
    row = html[html.index("Relationships that moved") :]
    found = cells(row[: row.index("</table>")])
    assert found[8:] == [
        "Alpha partnership board",
        "2, 2",
        "4, 1",
        "2 towards strategic",
        "1 towards reactive",
        "no change",
        "1 towards more",
        "2.24",
    ]


def test_facilitator_chooses_the_relationships(client, area, facilitator, relationships):
    round_ = RoundFactory(area=area, includes_mapping=True, assessment=AssessmentKind.NONE)
    client.force_login(facilitator)
    page = client.get(url("round-relationships", round_)).content.decode()
    assert page.count("checked") == 3  # active relationships ticked to start with
    errors = client.post(url("round-relationships", round_), {}).content.decode()
    assert "Select at least one relationship" in errors
    client.post(
        url("round-relationships", round_), {"relationships": [str(relationships[1].public_id)]}
    )
    assert list(RoundRelationship.objects.values_list("relationship_id", flat=True)) == [
        relationships[1].pk
    ]


def test_participants_cannot_choose_but_can_read_results(client, area, mapping_round):
    participant = MembershipFactory(area=area, role=Role.VCS_PARTICIPANT).user
    client.force_login(participant)
    assert client.get(url("round-relationships", mapping_round)).status_code == 403
    assert client.get(url("map", mapping_round)).status_code == 200


def test_a_round_without_mapping_has_no_mapping_pages(client, area, facilitator):
    round_ = RoundFactory(area=area, includes_mapping=False)
    client.force_login(facilitator)
    assert client.get(url("map", round_)).status_code == 404


def test_comments_page(client, facilitator, mapping_round, relationships, add_responses):
    from toolkit.mapping.models import Rating

    known_answers(mapping_round, relationships, add_responses)
    alpha, bravo, _ = relationships
    shared = {"share_comment": True}
    Rating.objects.filter(relationship=alpha, response__side="vcs").update(
        comment="Too formal", **shared
    )
    Rating.objects.filter(relationship=bravo, response__side="vcs").update(
        comment="Who decides?", **shared
    )
    # Comments their writers did not agree to share (and those written before the question
    # was asked, which count as not shared) never appear.
    Rating.objects.filter(relationship=alpha, response__side="council").update(
        comment="Keep this between us"
    )
    close(mapping_round)
    client.force_login(facilitator)
    html = client.get(url("comments", mapping_round)).content.decode()
    assert html.count("Too formal") == 5  # Alpha: 5 sector respondents rated it
    assert "Who decides?" not in html  # Bravo: only 4 sector respondents, so withheld
    assert "Keep this between us" not in html
    assert "Comments on 1 relationship are not shown" in html


def test_the_gap_map_gives_coinciding_relationships_one_label():
    """Three relationships seen alike by both sides were numbered on top of each other
    ("3" printed over "2" over "1"); they share one label, as on the strategic map."""
    from toolkit.mapping.charts import GapPair, gap_map

    pairs = [GapPair(n, (4.4, 4.6), (2.4, 2.6)) for n in (1, 2, 3)] + [
        GapPair(4, (2.0, 2.0), (3.0, 3.0))
    ]
    svg = str(gap_map(pairs, chart_id="gaps", title="Gaps", desc="Test"))
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg.split("</g>")[-2])
    assert labels == ["1, 2, 3", "4"]
