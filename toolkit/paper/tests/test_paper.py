"""Paper in the room: the pack (pages, every question's code and text, the agenda), and
typing in paper forms under the shared-link rules of ADR 7."""

import io
import re
from collections import Counter

import pytest
from django.urls import reverse
from pypdf import PdfReader

from toolkit.areas.models import Role, Side
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.assessment.models import BarrierAnswer, ElementAnswer
from toolkit.mapping.models import Rating
from toolkit.paper import services
from toolkit.paper.models import PaperPile
from toolkit.paper.pack import render_html, workshop_pack
from toolkit.paper.questionnaire import paper_questionnaire
from toolkit.rounds import services as round_services
from toolkit.rounds.models import Response, ResponseStatus
from toolkit.rounds.selectors import counted_summary, response_counts
from toolkit.workshops.tests.factories import AgendaItemFactory, WorkshopFactory

A4 = (595, 842)  # points, rounded
A3_LANDSCAPE = (1191, 842)


@pytest.fixture
def workshop(both_round):
    workshop = WorkshopFactory(round=both_round, title="Spring workshop")
    AgendaItemFactory(workshop=workshop, title="Funding cliff edges")
    return workshop


def pdf_pages(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def size(page) -> tuple[int, int]:
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def text_of(reader) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_the_pack_prints_the_agenda_both_forms_and_an_a3_map_per_table(
    client, workshop, council_facilitator
):
    client.force_login(council_facilitator.user)
    url = reverse("paper:pack", args=[workshop.area.gss_code, workshop.public_id])
    response = client.get(url, {"tables": "3"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pdf_pages(response.content)
    sizes = [size(p) for p in reader.pages]
    assert sizes.count(A3_LANDSCAPE) == 3, sizes
    assert sizes[-3:] == [A3_LANDSCAPE] * 3
    assert set(sizes[:-3]) == {A4}
    text = text_of(reader)
    assert "Agenda" in text and "Funding cliff edges" in text
    assert "Council side: paper form" in text
    assert "Voluntary and community sector side: paper form" in text
    questionnaire = paper_questionnaire(workshop.round)
    assert len(questionnaire.statements) > 20 and len(questionnaire.relationships) == 3
    for code in questionnaire.codes:
        # Once on each side's form (and the relationships' codes again on the map sheets).
        assert text.count(f"{code} ") >= 2, code
    for statement in questionnaire.statements:
        assert " ".join(statement.question.text.split()) in text
    for rel in questionnaire.relationships:
        assert rel.title in text
        for axis in rel.axes:
            assert axis.question in text
    assert "Strategic map, table 3 of 3" in text


def test_only_the_areas_facilitators_get_the_pack(client, workshop, participant):
    client.force_login(participant.user)
    url = reverse("paper:pack", args=[workshop.area.gss_code, workshop.public_id])
    assert client.get(url).status_code == 403
    other = MembershipFactory(area=AreaFactory(), role=Role.FACILITATOR_VCS)
    client.force_login(other.user)
    assert client.get(url).status_code == 404


def entry_data(questionnaire, *, strategic="4"):
    """One filled paper form: the first relationship rated, every statement answered."""
    first = questionnaire.relationships[0]
    data = {f"{first.code}_{i}": strategic if i == 1 else "3" for i in range(1, 5)}
    data[f"{first.code}_5"] = ["whole-place"]
    for n, s in enumerate(questionnaire.statements):
        data[s.code] = "dont-know" if n % 7 == 0 else str(n % 5 + 1)
    data["barriers"] = [questionnaire.barriers[0].slug]
    data["pressures"] = ["none"]
    return data


def test_a_paper_form_is_saved_by_the_online_services_and_held_until_the_other_side_confirms(
    client, workshop, council_facilitator, vcs_facilitator
):
    area = workshop.area
    client.force_login(council_facilitator.user)
    home = reverse("paper:home", args=[area.gss_code, workshop.public_id])
    page = client.post(home, {"side": Side.VCS, "count": "2"})
    pile = PaperPile.objects.get()
    enter = reverse("paper:enter", args=[area.gss_code, workshop.public_id, pile.public_id])
    assert page.url == enter
    questionnaire = paper_questionnaire(workshop.round)

    # An error comes back beside its field, with everything typed still there.
    data = entry_data(questionnaire)
    first = questionnaire.relationships[0]
    del data[f"{first.code}_3"]
    page = client.post(enter, data)
    assert page.status_code == 200
    body = page.content.decode()
    assert f"{first.code}.3: select the box ticked on the form" in body
    assert f'id="id_{first.code}_1_3" name="{first.code}_1" type="radio" value="4" checked' in body
    assert not Response.objects.exists()

    for strategic in ("4", "2"):
        page = client.post(enter, entry_data(questionnaire, strategic=strategic))
        assert page.status_code == 302
    responses = Response.objects.filter(round=workshop.round)
    assert responses.count() == 2
    assert all(r.on_paper and r.side == Side.VCS for r in responses)
    assert all(r.status == ResponseStatus.HELD for r in responses)  # not yet confirmed
    assert all(r.user is None and r.respondent_name == "" for r in responses)
    assert sorted(Rating.objects.values_list("strategic", flat=True)) == [2, 4]
    assert ElementAnswer.objects.filter(value__isnull=True).count() == 2 * len(
        questionnaire.statements[::7]
    )
    assert BarrierAnswer.objects.count() == 2

    # The pile is full: no third form.
    assert "All 2 forms of this pile have been typed in" in client.get(enter).content.decode()
    assert client.post(enter, entry_data(questionnaire)).status_code == 200
    assert responses.count() == 2

    # The typist cannot confirm their own pile; the other side's facilitator can.
    confirm = reverse("paper:confirm", args=[area.gss_code, workshop.public_id, pile.public_id])
    client.post(confirm)
    assert responses.filter(status=ResponseStatus.SUBMITTED).count() == 0
    client.force_login(vcs_facilitator.user)
    client.post(confirm)
    assert responses.filter(status=ResponseStatus.SUBMITTED).count() == 2
    # Once confirmed, nothing more can be typed into the pile.
    assert "This pile has been confirmed" in client.get(enter).content.decode()


def test_a_facilitator_may_type_in_the_other_sides_forms_which_that_side_confirms(
    workshop, council_facilitator, vcs_facilitator
):
    pile = services.pile_create(workshop, side=Side.COUNCIL, count=3, membership=vcs_facilitator)
    assert pile.link.made_by_side == Side.VCS and pile.link.side == Side.COUNCIL
    with pytest.raises(services.PaperError):
        services.pile_confirm(pile, membership=vcs_facilitator)
    assert services.pile_confirm(pile, membership=council_facilitator) == 0
    assert pile.link.is_confirmed


def test_participants_type_in_nothing(client, workshop, participant, council_facilitator):
    pile = services.pile_create(workshop, side=Side.VCS, count=3, membership=council_facilitator)
    client.force_login(participant.user)
    args = [workshop.area.gss_code, workshop.public_id, pile.public_id]
    assert client.get(reverse("paper:enter", args=args)).status_code == 403
    assert client.post(reverse("paper:confirm", args=args)).status_code == 403
    home = reverse("paper:home", args=args[:2])
    assert client.post(home, {"side": Side.VCS, "count": "2"}).status_code == 403
    assert PaperPile.objects.count() == 1


def test_the_rounds_page_says_how_many_came_on_paper_as_disclosure_words_it(
    workshop, council_facilitator, vcs_facilitator, answer
):
    round_ = workshop.round
    for side in (Side.COUNCIL, Side.VCS):
        for _ in range(6):
            answer(round_, side)
    assert all(
        "on paper" not in words for _side, words in counted_summary(round_, response_counts(round_))
    )
    for side, n in ((Side.VCS, 1), (Side.COUNCIL, 3)):
        chosen = Response.objects.filter(round=round_, side=side).values("pk")[:n]
        Response.objects.filter(pk__in=[c["pk"] for c in chosen]).update(on_paper=True)
    summary = dict(counted_summary(round_, response_counts(round_)))
    # Three is the area's threshold here: three of six on paper each side of the line. The
    # paper forms are among the responses counted (and the shared links'), not more of them:
    # seen in a try of a real workshop, "6 responses counted, 6 of them through shared links;
    # fewer than 5 on paper" read as if the paper forms came on top.
    assert summary["Council"].endswith("; 3 of them on paper")
    assert summary["Voluntary and community sector"].endswith("; fewer than 3 of them on paper")


def test_the_paper_page_reads_its_piles_in_a_fixed_number_of_queries(
    client, workshop, council_facilitator, vcs_facilitator, django_assert_max_num_queries
):
    client.force_login(council_facilitator.user)
    home = reverse("paper:home", args=[workshop.area.gss_code, workshop.public_id])
    services.pile_create(workshop, side=Side.VCS, count=3, membership=council_facilitator)
    client.get(home)  # warm the framework's caches
    with django_assert_max_num_queries(14) as few:
        assert client.get(home).status_code == 200
    for n in range(12):
        side = Side.COUNCIL if n % 2 else Side.VCS
        services.pile_create(workshop, side=side, count=5, membership=vcs_facilitator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(home)
    assert page.content.decode().count("Type in a form") == 13


def test_a_named_rounds_paper_form_keeps_the_name_written_on_it(
    client, workshop, council_facilitator
):
    round_ = workshop.round
    round_.identity = "named"
    round_.save()
    pile = services.pile_create(
        workshop, side=Side.COUNCIL, count=1, membership=council_facilitator
    )
    client.force_login(council_facilitator.user)
    enter = reverse(
        "paper:enter", args=[workshop.area.gss_code, workshop.public_id, pile.public_id]
    )
    data = entry_data(paper_questionnaire(round_))
    data |= {"respondent_name": "Ada Example", "organisation": "Example Trust"}
    assert client.post(enter, data).status_code == 302
    response = Response.objects.get(on_paper=True)
    assert (response.respondent_name, response.organisation, response.user) == (
        "Ada Example",
        "Example Trust",
        None,
    )


def test_no_form_is_typed_in_once_the_round_has_closed(workshop, council_facilitator):
    pile = services.pile_create(workshop, side=Side.VCS, count=2, membership=council_facilitator)
    round_services.round_close(workshop.round)
    pile.refresh_from_db()
    assert "not taking answers" in services.entry_problem(pile)
    with pytest.raises(services.PaperError):
        services.paper_form_enter(pile, {}, membership=council_facilitator)
    with pytest.raises(services.PaperError):
        services.pile_create(workshop, side=Side.VCS, count=2, membership=council_facilitator)


@pytest.mark.parametrize(
    ("online", "on_paper", "elsewhere", "expected"),
    [
        (3, 4, 0, ("3", "4")),
        (3, 0, 0, ("3", "0")),  # no paper: an empty group hides nothing
        (0, 3, 3, ("0", "3")),
        (3, 2, 0, ("not shown", "fewer than 3")),  # both parts or neither
        (3, 3, 1, ("not shown", "not shown")),  # 1 elsewhere would follow from the total
    ],
)
def test_the_record_counts_paper_forms_at_the_workshop_as_on_paper(
    workshop, council_facilitator, vcs_facilitator, online, on_paper, elsewhere, expected
):
    """Issue 15: who took part counts the forms typed in from paper, under the same rules, as
    one more part of each side's total."""
    from toolkit.workshops import selectors as workshop_selectors
    from toolkit.workshops import services as workshop_services

    workshop_services.workshop_joining_open(workshop, membership=council_facilitator)
    pile = services.pile_create(workshop, side=Side.COUNCIL, count=5, membership=vcs_facilitator)
    for link, n, paper in (
        (workshop.council_link, online, False),
        (pile.link, on_paper, True),
        (None, elsewhere, False),
    ):
        for _ in range(n):
            Response.objects.create(
                round=workshop.round,
                side=Side.COUNCIL,
                status=ResponseStatus.SUBMITTED,
                started_on=workshop.round.opened_on,
                submitted_on=workshop.round.opened_on,
                shared_link=link,
                on_paper=paper,
            )

    counts = {
        c.side: (c.online.text, c.on_paper.text) for c in workshop_selectors.participation(workshop)
    }

    assert counts == {Side.COUNCIL: expected, Side.VCS: ("0", "0")}


def test_the_pack_names_no_element_twice(workshop):
    """Seen in a try of a real workshop: the map sheet, repeated for each table, repeated its
    title's id, and WeasyPrint warned "Anchor defined twice: 'map-sheet-title'" on every pack
    of more than one table (and each later sheet was named by the first one's title)."""
    html = render_html(workshop_pack(workshop, tables=3))

    ids = Counter(re.findall(r'\bid="([^"]+)"', html))
    assert html.count("<svg") >= 3
    assert [name for name, count in ids.items() if count > 1] == []
