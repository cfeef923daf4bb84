import factory
from django.utils import timezone

from toolkit.rounds.tests.factories import RoundFactory
from toolkit.workshops.models import AgendaItem, ItemKind, Workshop


class WorkshopFactory(factory.django.DjangoModelFactory):
    """A planned workshop on an open round of its area."""

    class Meta:
        model = Workshop

    round = factory.SubFactory(RoundFactory)
    area = factory.LazyAttribute(lambda o: o.round.area)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    held_on = factory.LazyFunction(timezone.localdate)
    council_people = 10
    vcs_people = 10


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """A barrier on the agenda (no relationship or figures needed)."""

    class Meta:
        model = AgendaItem

    workshop = factory.SubFactory(WorkshopFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = ItemKind.BARRIER
    barrier_slug = "local-history"
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class RelationshipItemFactory(AgendaItemFactory):
    """A relationship on the agenda, titled as the relationship (pass `relationship`)."""

    kind = ItemKind.RELATIONSHIP
    barrier_slug = ""
    title = factory.LazyAttribute(lambda o: o.relationship.title)
