import datetime

import factory
from django.utils import timezone

from toolkit.actions.models import Action, Finding, FindingKind, Plan, ReviewGrant
from toolkit.areas.scopes import ALL_SCOPES
from toolkit.areas.tests.factories import AreaFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ["area"]

    area = factory.SubFactory(AreaFactory)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    area = factory.SubFactory(AreaFactory)
    plan = factory.SubFactory(PlanFactory, area=factory.SelfAttribute("..area"))
    title = factory.Sequence(lambda n: f"Action {n}")


class ReviewGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewGrant

    area = factory.SubFactory(AreaFactory)
    email = factory.Sequence(lambda n: f"reviewer{n}@example.org")
    scopes = factory.LazyFunction(lambda: sorted(ALL_SCOPES))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    area = factory.SubFactory(AreaFactory)
    kind = FindingKind.RECOMMENDATION
    title = factory.Sequence(lambda n: f"Finding {n}")
    text = "What the reviewers saw."
