import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.core.models import StagedImport
from toolkit.register.models import Relationship, RelationshipParty, RelationshipTypeLink
from toolkit.register.services import register_settings_save, relationship_create
from toolkit.register.tests.factories import RelationshipFactory


def url(name, area, **kwargs):
    return reverse(f"register:{name}", kwargs={"area_code": area.gss_code, **kwargs})


def member(area, role):
    return MembershipFactory(area=area, role=role).user


def form_post(orgs, **overrides):
    data = {
        "title": "VCS partnership board",
        "council_parties": [str(orgs["council"].pk), str(orgs["housing"].pk)],
        "vcs_parties": [str(orgs["cvs"].pk)],
        "main_type": "shaping",
        "types": ["ongoing"],
        "structures": ["board"],
        "scale": "whole-place",
        "judgement": "strategic",
        "judgement_reasoning": "Sets the borough's priorities",
        "quality_common-goals": "on",
        "evidence_common-goals": "A shared plan to 2030",
        "started_on": "1/4/2021",
        "status": "active",
    }
    data.update(overrides)
    return data


def test_facilitator_adds_a_relationship_and_sees_it_in_the_register(
    client, area, orgs, facilitator
):
    client.force_login(facilitator)
    response = client.post(url("create", area), form_post(orgs))
    relationship = Relationship.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", area, relationship_id=relationship.public_id)
    assert relationship.types.count() == 2

    page = client.get(url("list", area)).content.decode()
    assert "VCS partnership board" in page
    detail = client.get(response["Location"]).content.decode()
    assert "A shared plan to 2030" in detail
    assert "History of changes" in detail and "Added by" in detail


def test_form_errors_are_shown_with_a_summary(client, area, orgs, facilitator):
    client.force_login(facilitator)
    response = client.post(
        url("create", area),
        form_post(
            orgs,
            title="",
            vcs_parties=[],
            council_parties=[str(orgs["council"].pk)],
            **{"evidence_common-goals": ""},
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter a name for the relationship" in page
    assert Relationship.objects.count() == 0


def test_rule_errors_show_after_field_errors_clear(client, area, orgs, facilitator):
    client.force_login(facilitator)
    response = client.post(
        url("create", area),
        form_post(
            orgs,
            vcs_parties=[],
            council_parties=[str(orgs["council"].pk)],
            **{"evidence_common-goals": ""},
        ),
    )
    page = response.content.decode()
    assert "Select at least two parties" in page
    assert "Say why the relationship has the quality" in page
    assert 'href="#id_vcs_parties_0"' in page


def test_edit_records_history(client, area, orgs, facilitator, make_data):
    relationship = relationship_create(area, make_data())
    client.force_login(facilitator)
    edit = url("edit", area, relationship_id=relationship.public_id)
    page = client.get(edit).content.decode()
    assert 'value="VCS partnership board"' in page
    client.post(edit, form_post(orgs, title="Borough partnership board"))
    detail = client.get(
        url("detail", area, relationship_id=relationship.public_id)
    ).content.decode()
    assert "Changed by" in detail
    assert "Borough partnership board" in detail


@pytest.mark.parametrize(
    ("role", "can_read", "can_edit"),
    [
        (Role.FACILITATOR_VCS, True, True),
        (Role.COUNCIL_PARTICIPANT, True, False),
        (Role.VCS_PARTICIPANT, True, False),
        (Role.PEER_REVIEWER, True, False),
    ],
)
def test_who_can_read_and_change(client, area, orgs, role, can_read, can_edit):
    import datetime

    membership = MembershipFactory(area=area, role=role, ends_on=datetime.date(2100, 1, 1))
    if role == Role.PEER_REVIEWER:
        # A reviewer reads what their grant names (toolkit.actions): here, the register.
        from toolkit.actions.tests.factories import ReviewGrantFactory

        ReviewGrantFactory(
            area=area,
            email=membership.user.email,
            scopes=["register"],
            ends_on=datetime.date(2100, 1, 1),
        )
    relationship = RelationshipFactory(area=area)
    client.force_login(membership.user)
    assert client.get(url("list", area)).status_code == 200
    assert (
        client.get(url("detail", area, relationship_id=relationship.public_id)).status_code == 200
    )
    expected = 200 if can_edit else 403
    assert client.get(url("create", area)).status_code == expected
    assert client.get(url("import", area)).status_code == expected
    assert (
        client.get(url("edit", area, relationship_id=relationship.public_id)).status_code
        == expected
    )
    assert client.post(url("create", area), form_post(orgs)).status_code in (
        (302,) if can_edit else (403,)
    )


def test_facilitators_can_let_participants_edit(client, area, orgs, facilitator):
    participant = member(area, Role.VCS_PARTICIPANT)
    client.force_login(facilitator)
    client.post(url("settings", area), {"participants_may_edit": "on"})
    client.force_login(participant)
    assert client.get(url("create", area)).status_code == 200
    register_settings_save(area, participants_may_edit=False)
    assert client.get(url("create", area)).status_code == 403
    assert client.get(url("settings", area)).status_code == 403


def test_filters(client, area, orgs, facilitator, make_data):
    relationship_create(area, make_data(title="Board", scale="whole-place"))
    relationship_create(
        area,
        make_data(
            title="Housing contract",
            parties=[orgs["housing"], orgs["foodbank"]],
            main_type="delivery",
            scale="neighbourhood",
        ),
    )
    relationship_create(
        area,
        make_data(
            title="Youth alliance",
            parties=[orgs["youth"], orgs["cvs"]],
            main_type="delivery",
            types=["delivery", "ongoing"],
            judgement="strategic",
            judgement_reasoning="x",
        ),
    )
    client.force_login(facilitator)

    def titles(**params):
        response = client.get(url("list", area), params)
        return [r.title for r in response.context["page"]]

    assert titles() == ["Board", "Housing contract", "Youth alliance"]
    assert titles(type="delivery") == ["Housing contract", "Youth alliance"]
    assert titles(type="ongoing") == ["Youth alliance"]
    assert titles(department=str(orgs["housing"].public_id)) == ["Housing contract"]
    assert titles(organisation=str(orgs["cvs"].public_id)) == ["Board", "Youth alliance"]
    assert titles(scale="neighbourhood") == ["Housing contract"]
    assert titles(scale="none") == ["Youth alliance"]
    assert titles(judgement="strategic") == ["Youth alliance"]
    assert titles(judgement="none") == ["Board", "Housing contract"]
    assert titles(organisation="not-a-uuid") == []
    assert titles(sort="-updated")[0] == "Youth alliance"
    assert titles(sort="bogus") == ["Board", "Housing contract", "Youth alliance"]


def test_import_page_reports_problems_and_saves_nothing(client, area, orgs, facilitator):
    client.force_login(facilitator)
    upload = SimpleUploadedFile(
        "bad.csv", b"Reference,Name,Main type\r\nREL-1,,Shaping\r\n", content_type="text/csv"
    )
    response = client.post(url("import", area), {"file": upload}, follow=True)
    page = response.content.decode()
    assert "The file was not imported" in page
    assert "Problems in the file" in page
    assert Relationship.objects.count() == 0


def test_import_page_refuses_other_file_types(client, area, orgs, facilitator):
    client.force_login(facilitator)
    upload = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    response = client.post(url("import", area), {"file": upload})
    assert "must be a CSV or an Excel" in response.content.decode()


def test_import_page_success(client, area, orgs, facilitator):
    client.force_login(facilitator)
    content = (
        b"Reference,Name,Council parties,VCS parties,Main type\r\n"
        b"REL-1,Board,Testshire Council,Testshire CVS,Shaping\r\n"
    )
    upload = SimpleUploadedFile("ok.csv", content, content_type="text/csv")
    response = client.post(url("import", area), {"file": upload}, follow=True)
    assert "Check the changes before you import" in response.content.decode()
    assert not Relationship.objects.exists()
    preview = response.redirect_chain[-1][0]
    staged = StagedImport.objects.get()
    confirmed = client.post(preview, {"sha256": staged.sha256, "digest": staged.preview["digest"]})
    assert confirmed.status_code == 302
    assert Relationship.objects.get().reference == "REL-1"


def test_downloads(client, area, orgs, facilitator, make_data):
    relationship_create(area, make_data())
    client.force_login(facilitator)
    csv_response = client.get(url("export-csv", area))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_response["Content-Disposition"]
    assert b"VCS partnership board" in csv_response.getvalue()
    xlsx = client.get(url("export-xlsx", area))
    assert xlsx.getvalue().startswith(b"PK")
    assert (
        client.get(url("template-csv", area))
        .getvalue()
        .decode("utf-8-sig")
        .startswith("Reference,Name")
    )
    assert client.get(url("template-xlsx", area)).status_code == 200


def _bulk_relationships(area, orgs, count):
    """`count` relationships with parties, two types and seven qualities each, in bulk."""
    from toolkit.framework.models import StrategicQuality
    from toolkit.framework.selectors import current_version
    from toolkit.register.models import RelationshipQuality

    version = current_version()
    Relationship.objects.bulk_create(
        Relationship(
            area=area,
            reference=f"B-{i:05d}",
            title=f"Bulk {i:05d}",
            content_version=version,
            scale="whole-place",
        )
        for i in range(count)
    )
    ids = list(Relationship.objects.filter(area=area).values_list("id", flat=True))
    RelationshipParty.objects.bulk_create(
        RelationshipParty(relationship_id=i, organisation=o, side=side)
        for i in ids
        for o, side in ((orgs["housing"], "council"), (orgs["cvs"], "vcs"))
    )
    RelationshipTypeLink.objects.bulk_create(
        RelationshipTypeLink(relationship_id=i, type_slug=t, is_main=t == "shaping")
        for i in ids
        for t in ("shaping", "delivery")
    )
    RelationshipQuality.objects.bulk_create(
        RelationshipQuality(relationship_id=i, quality_slug=q.slug, present=True, evidence="e")
        for i in ids
        for q in StrategicQuality.objects.filter(version=version)
    )
    return ids


def test_register_pages_use_a_bounded_number_of_queries(
    client, area, orgs, facilitator, django_assert_max_num_queries
):
    ids = _bulk_relationships(area, orgs, 1000)
    client.force_login(facilitator)
    # 15 for the page, plus up to 3 when the idle-timeout middleware refreshes the session
    # (at most once a minute: SAVEPOINT, UPDATE, RELEASE on PostgreSQL). Constant in the
    # number of relationships either way.
    bound = 18
    with django_assert_max_num_queries(bound):
        response = client.get(url("list", area))
    assert response.status_code == 200
    with django_assert_max_num_queries(bound):
        client.get(url("list", area), {"type": "delivery", "page": "20", "sort": "qualities"})
    relationship = Relationship.objects.get(pk=ids[-1])
    with django_assert_max_num_queries(bound):
        client.get(url("detail", area, relationship_id=relationship.public_id))
    with django_assert_max_num_queries(bound):
        response = client.get(url("export-csv", area))
        body = response.getvalue()  # streamed: the rows are written as they are read
    assert body.count(b"\r\n") == 1001


def test_upload_of_a_large_xlsx_is_type_checked(client, area, orgs, facilitator):
    client.force_login(facilitator)
    upload = SimpleUploadedFile("fake.xlsx", io.BytesIO(b"not zip").getvalue())
    response = client.post(url("import", area), {"file": upload}, follow=True)
    assert "not an Excel workbook" in response.content.decode()


def test_import_page_refuses_files_over_2_mb(client, area, orgs, facilitator):
    client.force_login(facilitator)
    upload = SimpleUploadedFile("big.csv", b"x" * (2 * 1024 * 1024 + 1), content_type="text/csv")
    response = client.post(url("import", area), {"file": upload})
    assert "smaller than 2 MB" in response.content.decode()
    assert Relationship.objects.count() == 0


def test_two_people_editing_at_once_the_second_gets_the_form_again_not_an_overwrite(
    client, area, orgs, facilitator, make_data
):
    """Two facilitators open the same relationship; the first saves; the second's save would
    have replaced the first's unseen. It gets the form again, with its own changes kept and
    a clear message, and saving again then is deliberate."""
    import re

    from django.test import Client

    relationship = relationship_create(area, make_data())
    edit = url("edit", area, relationship_id=relationship.public_id)
    other = Client()
    colleague = MembershipFactory(area=area, role=Role.FACILITATOR_VCS).user
    colleague.full_name = "Cal Colleague"
    colleague.save()
    other.force_login(colleague)
    client.force_login(facilitator)

    def opened_version(page):
        return re.search(r'name="version" value="([^"]+)"', page.content.decode()).group(1)

    mine = opened_version(client.get(edit))
    theirs = opened_version(other.get(edit))
    assert other.post(edit, form_post(orgs, title="Their title", version=theirs)).status_code == 302

    refused = client.post(edit, form_post(orgs, title="My title", version=mine))
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "govuk-error-summary" in page
    assert "Cal Colleague saved changes to this relationship at" in page
    assert 'value="My title"' in page  # what I typed is kept
    relationship.refresh_from_db()
    assert relationship.title == "Their title"

    again = client.post(edit, form_post(orgs, title="My title", version=opened_version(refused)))
    assert again.status_code == 302
    relationship.refresh_from_db()
    assert relationship.title == "My title"


def test_form_without_vcs_organisations_says_how_to_add_them(client, area, framework_loaded):
    """A new area's relationship form showed an empty VCS list with no hint."""
    from toolkit.areas.tests.factories import CouncilFactory

    CouncilFactory(area=area, name="Testshire Council")
    facilitator = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL).user
    client.force_login(facilitator)
    page = client.get(url("create", area)).content.decode()
    assert "No voluntary and community organisations are recorded in this area yet" in page
    assert reverse("areas:organisation-create", args=[area.gss_code]) in page
    assert 'name="vcs_parties"' not in page
    participant = MembershipFactory(area=area, role=Role.VCS_PARTICIPANT).user
    register_settings_save(area, participants_may_edit=True)
    client.force_login(participant)
    page = client.get(url("create", area)).content.decode()
    assert "Ask a facilitator to add them first" in page


def test_form_with_vcs_organisations_lists_them(client, area, orgs, facilitator):
    client.force_login(facilitator)
    page = client.get(url("create", area)).content.decode()
    assert "No voluntary and community organisations" not in page
    assert 'name="vcs_parties"' in page and "Café Food Bank" in page


def test_a_long_vcs_list_is_a_plain_multiple_select_that_saves_several(
    client, area, orgs, facilitator
):
    """Issue 16: an area of hundreds of charities sent one checkbox each. Above PICKER_FROM
    the list is a multiple select (the picker's script enhances it: tests/browser), and the
    council side, still short, keeps its checkboxes."""
    from toolkit.areas.tests.factories import OrganisationFactory
    from toolkit.core.long_lists import PICKER_FROM

    client.force_login(facilitator)
    page = client.get(url("create", area)).content.decode()
    assert 'type="checkbox" value="' in page and "data-app-picker" not in page
    assert "long-list-picker.mjs" not in page
    more = OrganisationFactory.create_batch(PICKER_FROM, area=area)
    page = client.get(url("create", area)).content.decode()
    assert page.count('name="vcs_parties"') == 1
    assert 'name="vcs_parties" multiple' in page
    assert "data-app-picker" in page and "long-list-picker.mjs" in page
    assert "hold Ctrl" in page
    assert page.count('name="council_parties"') == 3, "three checkboxes on the council side"
    chosen = [orgs["cvs"], more[-1]]
    response = client.post(
        url("create", area), form_post(orgs, vcs_parties=[str(o.pk) for o in chosen])
    )
    assert response.status_code == 302
    saved = Relationship.objects.get(title="VCS partnership board")
    names = set(saved.parties.values_list("organisation__name", flat=True))
    assert {o.name for o in chosen} <= names
