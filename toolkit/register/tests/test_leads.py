"""Who to talk to (issue 18, item 1): a council lead and a VCS lead for each relationship and
organisation, handed over in one step when someone leaves, found in a searchable directory
that only the area's members see, and carried in the register's file both ways."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from toolkit.areas.models import Role, Side
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.register import leads
from toolkit.register.importing import register_import
from toolkit.register.leads import LeadValue
from toolkit.register.models import Handover, Lead, Relationship, RelationshipChange
from toolkit.register.services import relationship_create
from toolkit.register.tests.factories import LeadFactory
from toolkit.register.transfer import register_file


@pytest.fixture
def council_member(area):
    return MembershipFactory(area=area, role=Role.COUNCIL_PARTICIPANT, user__full_name="Priya Shah")


@pytest.fixture
def vcs_member(area):
    return MembershipFactory(area=area, role=Role.VCS_PARTICIPANT, user__full_name="Tom Okafor")


@pytest.fixture
def relationship(area, make_data):
    return relationship_create(area, make_data())


def _history(relationship):
    return [
        (change.source, [(c["field"], c["before"], c["after"]) for c in change.changes])
        for change in relationship.changes.order_by("id")
        if not change.created
    ]


# --- setting leads ---------------------------------------------------------------------------


def test_leads_are_a_member_or_someone_named_and_each_change_is_in_the_history(
    relationship, council_member, facilitator
):
    changes = leads.leads_set(
        relationship,
        {
            Side.COUNCIL: LeadValue(member=council_member, job_title="Commissioner"),
            Side.VCS: LeadValue(name="  Jo   Bloggs ", job_title="Chief officer"),
        },
        user=facilitator,
    )

    assert changes == [
        {"field": "Council lead", "before": "", "after": "Priya Shah, Commissioner"},
        {"field": "VCS lead", "before": "", "after": "Jo Bloggs, Chief officer"},
    ]
    council, vcs = Lead.objects.filter(relationship=relationship).order_by("side")
    assert (council.member, council.name) == (council_member, "Priya Shah")
    assert (vcs.member, vcs.name) == (None, "Jo Bloggs")
    assert _history(relationship) == [
        (
            "form",
            [
                ("Council lead", "", "Priya Shah, Commissioner"),
                ("VCS lead", "", "Jo Bloggs, Chief officer"),
            ],
        )
    ]
    # Saving the same leads again changes nothing and records nothing.
    same = {
        Side.COUNCIL: LeadValue(member=council_member, job_title="Commissioner"),
        Side.VCS: LeadValue(name="Jo Bloggs", job_title="Chief officer"),
    }
    assert leads.leads_set(relationship, same, user=facilitator) == []
    assert len(_history(relationship)) == 1
    # None removes a lead; a side not given is left alone.
    leads.leads_set(relationship, {Side.VCS: None}, user=facilitator)
    assert list(Lead.objects.filter(relationship=relationship).values_list("side", flat=True)) == [
        "council"
    ]


def test_an_organisation_has_leads_too(orgs, council_member):
    leads.leads_set(orgs["cvs"], {Side.COUNCIL: LeadValue(member=council_member)})
    assert Lead.objects.get(organisation=orgs["cvs"]).member == council_member


@pytest.mark.parametrize(
    ("side", "role", "problem"),
    [
        (Side.VCS, Role.COUNCIL_PARTICIPANT, "Choose a VCS-side member"),
        (Side.COUNCIL, Role.VCS_PARTICIPANT, "Choose a council-side member"),
        (Side.COUNCIL, Role.PEER_REVIEWER, "Choose a council-side member"),
    ],
)
def test_a_member_leads_only_for_their_own_side(relationship, area, side, role, problem):
    ends = timezone.localdate() + datetime.timedelta(days=9)
    member = MembershipFactory(area=area, role=role, ends_on=ends)
    with pytest.raises(leads.LeadInvalid) as refused:
        leads.leads_set(relationship, {side: LeadValue(member=member)})
    assert problem in str(refused.value)
    assert not Lead.objects.exists()


def test_a_member_of_another_area_cannot_lead(relationship):
    stranger = MembershipFactory(area=AreaFactory(), role=Role.COUNCIL_PARTICIPANT)
    with pytest.raises(leads.LeadInvalid, match="Choose a member of this area"):
        leads.leads_set(relationship, {Side.COUNCIL: LeadValue(member=stranger)})


# --- handover --------------------------------------------------------------------------------


def test_a_handover_moves_every_role_of_the_leaving_person_in_one_step(
    area, orgs, make_data, council_member, facilitator
):
    first = relationship_create(area, make_data(title="Board"))
    second = relationship_create(area, make_data(title="Forum"))
    for target in (first, second, orgs["cvs"]):
        leads.leads_set(target, {Side.COUNCIL: LeadValue(member=council_member)})
    newcomer = MembershipFactory(
        area=area, role=Role.COUNCIL_PARTICIPANT, user__full_name="Ade Bello"
    )
    roles = leads.roles_of(area, leads.person_key(council_member, ""))
    assert [leads.lead_subject(r) for r in roles] == ["Board", "Forum", "Testshire CVS"]
    membership = facilitator.memberships.get()
    successors = {
        str(roles[0].public_id): LeadValue(member=newcomer),
        str(roles[1].public_id): LeadValue(name="Sam Reid", job_title="Interim lead"),
        str(roles[2].public_id): LeadValue(member=newcomer),
    }

    made = leads.handover_apply(
        area, leads.person_key(council_member, ""), successors, membership=membership
    )

    assert made.leaving == "Priya Shah"
    assert made.moves == [
        {"what": "Board", "side": "Council lead", "to": "Ade Bello"},
        {"what": "Forum", "side": "Council lead", "to": "Sam Reid, Interim lead"},
        {"what": "Testshire CVS", "side": "Council lead", "to": "Ade Bello"},
    ]
    assert not Lead.objects.filter(member=council_member).exists()
    assert _history(first)[-1] == ("handover", [("Council lead", "Priya Shah", "Ade Bello")])
    assert _history(second)[-1] == (
        "handover",
        [("Council lead", "Priya Shah", "Sam Reid, Interim lead")],
    )


def test_a_handover_with_a_role_left_out_moves_nothing(
    area, relationship, orgs, council_member, facilitator
):
    for target in (relationship, orgs["cvs"]):
        leads.leads_set(target, {Side.COUNCIL: LeadValue(member=council_member)})
    key = leads.person_key(council_member, "")
    roles = leads.roles_of(area, key)
    membership = facilitator.memberships.get()
    only_one = {str(roles[0].public_id): LeadValue(name="Sam Reid")}

    with pytest.raises(leads.LeadInvalid) as refused:
        leads.handover_apply(area, key, only_one, membership=membership)
    assert refused.value.problems == {str(roles[1].public_id): ["Choose who takes over this role"]}
    with pytest.raises(leads.LeadInvalid, match="someone other than the person leaving"):
        leads.handover_apply(
            area,
            key,
            {str(r.public_id): LeadValue(member=council_member) for r in roles},
            membership=membership,
        )
    assert Lead.objects.filter(member=council_member).count() == 2
    assert not Handover.objects.exists()


def test_only_a_facilitator_hands_over(area, relationship, council_member):
    leads.leads_set(relationship, {Side.COUNCIL: LeadValue(name="Jo Bloggs")})
    with pytest.raises(leads.HandoverError):
        leads.handover_apply(area, "n:jo bloggs", {}, membership=council_member)


def test_people_who_have_left_are_flagged_until_handed_over(area, relationship, council_member):
    leads.leads_set(relationship, {Side.COUNCIL: LeadValue(member=council_member)})
    assert [p.has_left for p in leads.people_with_roles(area)] == [False]
    council_member.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    council_member.save()
    assert [(p.name, p.has_left) for p in leads.people_with_roles(area)] == [("Priya Shah", True)]


# --- the directory ---------------------------------------------------------------------------


def directory_url(area, **query):
    path = reverse("register:directory", args=[area.gss_code])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_directory_is_searchable_without_scripts(
    client, area, orgs, make_data, council_member, facilitator
):
    board = relationship_create(area, make_data(title="Partnership board"))
    relationship_create(area, make_data(title="Youth forum"))
    leads.leads_set(board, {Side.COUNCIL: LeadValue(member=council_member, job_title="Chief")})
    leads.leads_set(orgs["foodbank"], {Side.VCS: LeadValue(name="Jo Bloggs")})
    client.force_login(facilitator)

    everything = client.get(directory_url(area)).content.decode()
    by_person = client.get(directory_url(area, q="priya")).content.decode()
    by_title = client.get(directory_url(area, q="Chief")).content.decode()
    organisations = client.get(directory_url(area, kind="organisations", q="jo")).content.decode()

    assert "Partnership board" in everything and "Youth forum" in everything
    assert "Partnership board" in by_person and "Youth forum" not in by_person
    assert "Partnership board" in by_title and "Youth forum" not in by_title
    assert "Café Food Bank" in organisations and "Jo Bloggs" in organisations
    assert "Testshire CVS" not in organisations


def test_the_directory_reads_a_bounded_number_of_queries(
    client, area, orgs, make_data, facilitator, django_assert_max_num_queries
):
    for n in range(60):
        relationship = relationship_create(area, make_data(title=f"Relationship {n:02d}"))
        leads.leads_set(
            relationship,
            {Side.COUNCIL: LeadValue(name=f"Person {n}"), Side.VCS: LeadValue(name="Jo Bloggs")},
        )
    client.force_login(facilitator)
    with django_assert_max_num_queries(14):
        response = client.get(directory_url(area))
    assert response.content.decode().count("Jo Bloggs") == 50  # one page


def test_facilitators_name_someone_new_and_hand_over_through_the_pages(
    client, area, relationship, council_member, facilitator
):
    client.force_login(facilitator)
    page = reverse("register:leads", args=[area.gss_code, relationship.public_id])

    response = client.post(
        page,
        {
            "council_person": leads.person_key(council_member, ""),
            "council_job_title": "Commissioner",
            "vcs_person": "new",
            "vcs_name": "Jo Bloggs",
            "vcs_job_title": "Chief officer",
        },
    )
    assert response.status_code == 302
    assert [str(lead) for lead in Lead.objects.order_by("side")] == ["Priya Shah", "Jo Bloggs"]

    handover = reverse("register:handover", args=[area.gss_code]) + "?person=n:jo+bloggs"
    form = client.get(handover)
    assert "Hand over Jo Bloggs’s lead roles" in form.content.decode()
    lead = Lead.objects.get(name="Jo Bloggs")
    response = client.post(
        handover,
        {"new_name": "Ama Mensah", "new_job_title": "Director", f"role_{lead.public_id}": "new"},
    )
    assert response.status_code == 302
    assert Lead.objects.get(side=Side.VCS).name == "Ama Mensah"
    assert RelationshipChange.objects.filter(source="handover").count() == 1


def test_a_participant_reads_the_directory_but_cannot_change_or_hand_over(
    client, area, relationship, council_member
):
    client.force_login(council_member.user)
    assert client.get(directory_url(area)).status_code == 200
    leads_page = reverse("register:leads", args=[area.gss_code, relationship.public_id])
    assert client.get(leads_page).status_code == 403
    assert client.get(reverse("register:handover", args=[area.gss_code])).status_code == 403


# --- the register's file ---------------------------------------------------------------------


def test_export_then_import_into_an_empty_area_gives_the_same_leads(
    area, orgs, make_data, council_member, vcs_member
):
    board = relationship_create(area, make_data(title="Board"))
    forum = relationship_create(area, make_data(title="Forum"))
    leads.leads_set(
        board,
        {
            Side.COUNCIL: LeadValue(member=council_member, job_title="Commissioner"),
            Side.VCS: LeadValue(name="Jo Bloggs", job_title="Chief officer"),
        },
    )
    leads.leads_set(forum, {Side.VCS: LeadValue(member=vcs_member)})

    def snapshot():
        return sorted(
            (lead.relationship.reference, lead.side, lead.member_id, lead.name, lead.job_title)
            for lead in Lead.objects.select_related("relationship")
        )

    before = snapshot()
    for fmt in ("csv", "xlsx"):
        content = register_file(area, fmt)
        assert register_import(area, f"again.{fmt}", content).unchanged == 2
        Relationship.objects.filter(area=area).delete()
        result = register_import(area, f"register.{fmt}", content)
        assert result.ok, result.problems
        assert snapshot() == before


def test_a_file_without_lead_columns_leaves_the_leads_alone(area, orgs, relationship):
    leads.leads_set(relationship, {Side.VCS: LeadValue(name="Jo Bloggs")})
    header = "Reference,Name,Council parties,VCS parties,Main type"
    row = f"{relationship.reference},New name,Testshire Council,Testshire CVS,Shaping"
    result = register_import(area, "r.csv", f"{header}\r\n{row}\r\n".encode())
    assert result.ok, result.problems
    assert Lead.objects.get().name == "Jo Bloggs"


def test_leads_in_a_file_are_checked_and_previewed(area, orgs, council_member, vcs_member):
    header = (
        "Reference,Name,Council parties,VCS parties,Main type,Council lead,"
        "Council lead's job title,VCS lead,VCS lead's job title"
    )
    good = "R-1,Board,Testshire Council,Testshire CVS,Shaping,priya shah,Chief,Jo Bloggs,"
    wrong_side = "R-2,Forum,Testshire Council,Testshire CVS,Shaping,Tom Okafor,,,Director"

    result = register_import(area, "r.csv", f"{header}\r\n{good}\r\n{wrong_side}\r\n".encode())

    assert not result.ok
    assert [(p.row, p.column, p.fix) for p in result.problems] == [
        (3, "Council lead", "Choose a council-side member, or someone without an account"),
        (3, "VCS lead", "Add the lead's name"),
    ]
    result = register_import(area, "r.csv", f"{header}\r\n{good}\r\n".encode())
    assert result.ok, result.problems
    council, vcs = Lead.objects.order_by("side")
    assert (council.member, council.job_title) == (council_member, "Chief")
    assert (vcs.member, vcs.name) == (None, "Jo Bloggs")


def test_lead_factory_makes_a_named_lead(db):
    lead = LeadFactory()
    assert lead.relationship.area == lead.area and lead.member is None
