import factory
from django.utils import timezone

from toolkit.areas.models import Side
from toolkit.areas.tests.factories import AreaFactory
from toolkit.framework.testing import load_framework_for_tests
from toolkit.rounds.models import (
    AssessmentKind,
    LinkKind,
    RespondentLink,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
)
from toolkit.rounds.tokens import token_hash


class RoundFactory(factory.django.DjangoModelFactory):
    """An open full-assessment round, asked with the real framework content."""

    class Meta:
        model = Round

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Round {n}")
    status = RoundStatus.OPEN
    opened_on = factory.LazyFunction(timezone.localdate)
    content_version = factory.LazyFunction(load_framework_for_tests)
    assessment = AssessmentKind.FULL
    closed_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == RoundStatus.CLOSED else None
    )


class RespondentLinkFactory(factory.django.DjangoModelFactory):
    """`token` is the plain token of the link; only its digest is stored. A shared link is
    made for 50 people and already confirmed by the other side (`confirmed=False` for one
    still waiting)."""

    class Meta:
        model = RespondentLink
        exclude = ["token"]

    token = factory.Sequence(lambda n: f"respondent-token-{n}")
    round = factory.SubFactory(RoundFactory)
    side = Side.VCS
    kind = LinkKind.SIDE
    token_digest = factory.LazyAttribute(lambda o: token_hash(o.token))
    size = factory.LazyAttribute(lambda o: 50 if o.kind == LinkKind.SIDE else None)
    made_by_side = Side.COUNCIL
    confirmed_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.kind == LinkKind.SIDE and o.confirmed else None
    )

    class Params:
        confirmed = True


class ResponseFactory(factory.django.DjangoModelFactory):
    """A sent response (no user, no digests)."""

    class Meta:
        model = Response

    round = factory.SubFactory(RoundFactory)
    side = Side.COUNCIL
    status = ResponseStatus.SUBMITTED
    started_on = factory.LazyFunction(timezone.localdate)
    submitted_on = factory.LazyAttribute(
        lambda o: timezone.localdate() if o.status == ResponseStatus.SUBMITTED else None
    )


def confirmed_shared_link(round_, side, *, size: int = 20, label: str = ""):
    """A shared link made through the service (a `CreatedLink`, with its plain token) and
    confirmed as a facilitator of the other side would, so that its answers count."""
    from toolkit.rounds.services import respondent_link_create

    created = respondent_link_create(
        round_=round_, side=side, kind=LinkKind.SIDE, size=size, label=label
    )
    RespondentLink.objects.filter(pk=created.link.pk).update(confirmed_at=timezone.now())
    created.link.refresh_from_db()
    return created
