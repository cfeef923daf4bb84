"""Rounds, links and responses: lifecycle, single use, idempotent submission, and that an
anonymous response cannot be traced back."""

import datetime

import pytest
from django.db import models
from django.utils import timezone

from toolkit.areas.models import Membership, Role, Side
from toolkit.areas.tests.factories import MembershipFactory, OrganisationFactory
from toolkit.rounds import services
from toolkit.rounds.models import (
    AssessmentKind,
    Identity,
    LinkKind,
    Participation,
    RespondentLink,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
)
from toolkit.rounds.sections import COMPLETED, _registry, register_section
from toolkit.rounds.services import RoundError
from toolkit.rounds.tests.factories import RoundFactory, confirmed_shared_link
from toolkit.rounds.tokens import member_resume_token, personal_resume_token, token_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def always_complete():
    """Replace the registered sections with one that is always complete."""
    saved = dict(_registry.sections)
    _registry.sections.clear()
    register_section("test", "Test", lambda r: True, lambda r: "/x/", lambda r: COMPLETED, order=1)
    yield
    _registry.sections.clear()
    _registry.sections.update(saved)


def test_round_create_keeps_the_current_content_version(framework_loaded):
    membership = MembershipFactory()
    round_ = services.round_create(
        area=membership.area,
        created_by=membership.user,
        name="Spring",
        assessment=AssessmentKind.QUICK,
        includes_mapping=False,
    )
    assert round_.status == RoundStatus.DRAFT
    assert round_.content_version == framework_loaded
    assert round_.identity == Identity.ANONYMOUS


def test_open_then_close_once(framework_loaded):
    round_ = RoundFactory(status=RoundStatus.DRAFT, opened_on=None)
    services.round_open(round_)
    assert round_.status == RoundStatus.OPEN and round_.opened_on == timezone.localdate()
    with pytest.raises(RoundError):
        services.round_open(round_)
    stale_copy = Round.objects.get(pk=round_.pk)
    services.round_close(round_)
    # A second facilitator closing at the same moment is told it is already closed.
    with pytest.raises(RoundError) as error:
        services.round_close(stale_copy)
    assert error.value.reason == "not_open"
    assert Round.objects.get(pk=round_.pk).closed_at is not None


def test_close_deletes_answers_not_sent(framework_loaded):
    round_ = RoundFactory()
    link = services.respondent_link_create(
        round_=round_, side=Side.VCS, kind=LinkKind.SIDE, size=20
    )
    started = services.response_start_from_link(link.token)
    services.round_close(round_)
    assert not Response.objects.filter(pk=started.response.pk).exists()


def test_link_token_is_stored_only_as_a_digest(framework_loaded):
    round_ = RoundFactory()
    created = services.respondent_link_create(
        round_=round_, side=Side.COUNCIL, kind="side", size=20
    )
    link = RespondentLink.objects.get(pk=created.link.pk)
    assert link.token_digest == token_hash(created.token)
    assert created.token not in str(RespondentLink.objects.filter(pk=link.pk).values().first())
    assert created.url.endswith(f"/respond/{created.token}/")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"revoked_at": timezone.now()}, "revoked"),
        ({"used": True, "kind": LinkKind.PERSONAL, "size": None}, "used"),
    ],
)
def test_unusable_links(framework_loaded, change, reason):
    created = services.respondent_link_create(
        round_=RoundFactory(), side="vcs", kind="side", size=20
    )
    RespondentLink.objects.filter(pk=created.link.pk).update(**change)
    with pytest.raises(RoundError) as error:
        services.response_start_from_link(created.token)
    assert error.value.reason == reason


@pytest.mark.parametrize(
    ("status", "reason"), [(RoundStatus.DRAFT, "draft"), (RoundStatus.CLOSED, "closed")]
)
def test_links_work_only_while_the_round_is_open(framework_loaded, status, reason):
    created = services.respondent_link_create(
        round_=RoundFactory(status=RoundStatus.DRAFT), side="vcs", kind="side", size=20
    )
    Round.objects.filter(pk=created.link.round_id).update(status=status, closed_at=timezone.now())
    with pytest.raises(RoundError) as error:
        services.response_start_from_link(created.token)
    assert error.value.reason == reason


def test_past_closing_date_stops_answers(framework_loaded):
    round_ = RoundFactory(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    assert not round_.is_accepting


def test_unknown_link():
    with pytest.raises(RoundError) as error:
        services.response_start_from_link("no-such-token")
    assert error.value.reason == "unknown"


def test_shared_link_gives_many_responses(framework_loaded):
    created = services.respondent_link_create(
        round_=RoundFactory(), side="vcs", kind="side", size=20
    )
    first = services.response_start_from_link(created.token)
    second = services.response_start_from_link(created.token)
    assert first.response.pk != second.response.pk
    assert first.response.side == Side.VCS
    assert first.response.link_id is None  # a shared link is never recorded on a response
    assert services.response_resume(first.token) == first.response


def test_personal_link_opened_twice_resumes_the_same_response(framework_loaded):
    created = services.respondent_link_create(
        round_=RoundFactory(), side="council", kind="personal"
    )
    first = services.response_start_from_link(created.token)
    second = services.response_start_from_link(created.token)
    assert first.response.pk == second.response.pk
    assert first.token == second.token == personal_resume_token(created.token)
    assert Response.objects.count() == 1


def test_two_submissions_of_a_personal_link_make_one_response(framework_loaded, always_complete):
    created = services.respondent_link_create(
        round_=RoundFactory(), side="council", kind="personal"
    )
    in_tab_one = services.response_start_from_link(created.token)
    in_tab_two = services.response_start_from_link(created.token)
    services.response_submit(in_tab_one.response)
    again = services.response_submit(in_tab_two.response)  # second tab, or a double click
    assert again.pk == in_tab_one.response.pk
    assert Response.objects.filter(status=ResponseStatus.SUBMITTED).count() == 1
    assert RespondentLink.objects.get(pk=created.link.pk).used
    with pytest.raises(RoundError) as error:
        services.response_start_from_link(created.token)
    assert error.value.reason == "used"


def test_double_submit_is_idempotent(framework_loaded, always_complete):
    created = confirmed_shared_link(RoundFactory(), "vcs")
    started = services.response_start_from_link(created.token)
    first = services.response_submit(started.response)
    second = services.response_submit(started.response)
    assert first.pk == second.pk
    assert first.submitted_on == timezone.localdate()
    assert Response.objects.filter(status=ResponseStatus.SUBMITTED).count() == 1
    assert services.response_resume(started.token) is None  # the resume link stops working


def test_cannot_submit_incomplete_answers(framework_loaded):
    created = services.respondent_link_create(
        round_=RoundFactory(), side="vcs", kind="side", size=20
    )
    started = services.response_start_from_link(created.token)
    with pytest.raises(RoundError) as error:
        services.response_submit(started.response)
    assert error.value.reason == "incomplete"


def _stored_values(instance) -> list[str]:
    return [str(v) for v in type(instance).objects.filter(pk=instance.pk).values().first().values()]


def test_anonymous_response_row_holds_no_user_ip_time_or_join_to_its_token(
    framework_loaded, always_complete
):
    round_ = RoundFactory(identity=Identity.ANONYMOUS)
    created = services.respondent_link_create(round_=round_, side="vcs", kind="personal")
    started = services.response_start_from_link(created.token)
    assert started.response.link_id == created.link.pk  # only while in progress
    sent = services.response_submit(started.response)

    fields = {f.name: f for f in Response._meta.concrete_fields}
    # No account, no IP address, no time of day: no datetime or IP field exists at all.
    assert not [
        f
        for f in fields.values()
        if isinstance(f, models.DateTimeField | models.TimeField | models.GenericIPAddressField)
    ]
    assert not any("ip" in name.split("_") for name in fields)
    row = Response.objects.filter(pk=sent.pk).values().first()
    assert row["user_id"] is None
    assert row["respondent_name"] == "" and row["organisation"] == ""
    assert isinstance(row["started_on"], datetime.date)
    # Nothing stored joins it back to the invite token or its link.
    assert row["link_id"] is None and row["resume_digest"] == ""
    secrets = {
        created.token,
        token_hash(created.token),
        started.token,
        token_hash(started.token),
        str(created.link.public_id),
    }
    assert not secrets & set(_stored_values(sent))
    link_values = set(_stored_values(RespondentLink.objects.get(pk=created.link.pk)))
    assert str(sent.public_id) not in link_values
    # The link records that it was used, not when (its updated_at did not move).
    link = RespondentLink.objects.get(pk=created.link.pk)
    assert link.used and link.updated_at == created.link.updated_at


def test_member_answers_anonymously_and_only_once(framework_loaded, always_complete):
    round_ = RoundFactory(identity=Identity.ANONYMOUS)
    membership = MembershipFactory(area=round_.area, role=Role.VCS_PARTICIPANT)
    started = services.response_start_for_member(round_, membership)
    assert started.token == member_resume_token(membership.user.pk, round_.pk)
    again = services.response_start_for_member(round_, membership)
    assert again.response.pk == started.response.pk
    assert started.response.side == Side.VCS and started.response.user_id is None

    sent = services.response_submit(started.response, member=membership.user)
    row = Response.objects.filter(pk=sent.pk).values().first()
    assert row["user_id"] is None and row["resume_digest"] == ""
    participation = Participation.objects.get(round=round_, user=membership.user)
    assert not any(
        isinstance(f, models.DateTimeField | models.DateField | models.ForeignKey)
        and f.related_model is Response
        for f in Participation._meta.concrete_fields
    )
    assert isinstance(participation.pk, type(participation.id))
    with pytest.raises(RoundError) as error:
        services.response_start_for_member(round_, membership)
    assert error.value.reason == "already"


def test_named_round_records_the_member(framework_loaded):
    round_ = RoundFactory(identity=Identity.NAMED)
    organisation = OrganisationFactory(area=round_.area, name="Harbour Food Bank")
    membership = MembershipFactory(
        area=round_.area, role=Role.VCS_PARTICIPANT, organisation=organisation
    )
    started = services.response_start_for_member(round_, membership)
    assert started.response.user == membership.user
    assert started.response.organisation == "Harbour Food Bank"


def test_named_round_link_respondent_gives_a_name(framework_loaded):
    round_ = RoundFactory(identity=Identity.NAMED)
    created = services.respondent_link_create(round_=round_, side="vcs", kind="side", size=20)
    started = services.response_start_from_link(
        created.token, respondent_name=" Ada ", organisation="Tenants' forum"
    )
    assert (started.response.respondent_name, started.response.organisation) == (
        "Ada",
        "Tenants' forum",
    )


def test_anonymous_round_ignores_names(framework_loaded):
    created = services.respondent_link_create(
        round_=RoundFactory(), side="vcs", kind="side", size=20
    )
    started = services.response_start_from_link(created.token, respondent_name="Ada")
    assert started.response.respondent_name == ""


def test_peer_reviewer_cannot_answer(framework_loaded):
    round_ = RoundFactory()
    reviewer = MembershipFactory(
        area=round_.area, role=Role.PEER_REVIEWER, ends_on=timezone.localdate()
    )
    with pytest.raises(RoundError):
        services.response_start_for_member(round_, Membership.objects.get(pk=reviewer.pk))
