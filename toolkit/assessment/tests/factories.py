import factory

from toolkit.assessment.models import BarrierAnswer, ElementAnswer, PressureAnswer
from toolkit.rounds.tests.factories import ResponseFactory


class ElementAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElementAnswer

    response = factory.SubFactory(ResponseFactory)
    element_slug = "transparency"
    statement_id = factory.Sequence(lambda n: f"transparency-statement-{n}")
    value = 4


class BarrierAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BarrierAnswer

    response = factory.SubFactory(ResponseFactory)
    barrier_slug = "local-history"


class PressureAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressureAnswer

    response = factory.SubFactory(ResponseFactory)
    pressure_slug = "climate-emergency"
