"""factory_boy factories for the framework models, for tests that need a few items without
loading the real content."""

import factory
from factory.django import DjangoModelFactory

from toolkit.framework import models


class ContentVersionFactory(DjangoModelFactory):
    class Meta:
        model = models.ContentVersion
        django_get_or_create = ("version",)

    version = factory.Sequence(lambda n: f"test.{n}")
    checksum = factory.Sequence(lambda n: f"{n:064x}")
    source_title = "Research report into the state of strategic relationships"
    source_publisher = "Local Government Association; researched and drafted by Locality"
    source_date = "September 2022"
    source_citation = "LGA/Locality (2022)"
    agreement_scale = factory.LazyFunction(
        lambda: [
            {"value": v, "label": label}
            for v, label in enumerate(
                ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"], start=1
            )
        ]
    )


class FrameworkItemFactory(DjangoModelFactory):
    class Meta:
        abstract = True

    version = factory.SubFactory(ContentVersionFactory)
    slug = factory.Sequence(lambda n: f"item-{n}")
    title = factory.Sequence(lambda n: f"Item {n}")
    position = factory.Sequence(lambda n: n)
    source_section = "Section 6: A typology of strategic council-VCS relationships"


class RelationshipTypeFactory(FrameworkItemFactory):
    class Meta:
        model = models.RelationshipType

    summary = "A type of relationship."
    examples = factory.LazyFunction(lambda: ["An example"])


class StrategicQualityFactory(FrameworkItemFactory):
    class Meta:
        model = models.StrategicQuality

    summary = "A quality of a strategic relationship."
    prompt = "Does it have this quality?"


class ToolStepFactory(FrameworkItemFactory):
    class Meta:
        model = models.ToolStep

    number = factory.Sequence(lambda n: n + 1)
    summary = "A step."
    involves = factory.LazyFunction(lambda: ["Do something"])


class MappingAxisFactory(FrameworkItemFactory):
    class Meta:
        model = models.MappingAxis

    question = "How much?"
    summary = "An axis."
    low_label = "Low"
    high_label = "High"
    scale_points = factory.LazyFunction(
        lambda: [{"value": v, "label": f"Point {v}", "description": "…"} for v in range(1, 6)]
    )
    dont_know = "Choose don't know if you cannot judge."


class SpatialScaleFactory(FrameworkItemFactory):
    class Meta:
        model = models.SpatialScale

    summary = "A scale."
    kinds = factory.LazyFunction(list)


class PrincipleFactory(FrameworkItemFactory):
    class Meta:
        model = models.Principle

    number = factory.Sequence(lambda n: n + 1)
    summary = "A principle."
    source_section = "Section 7, Principle One: Shared foundations"


class ElementFactory(FrameworkItemFactory):
    class Meta:
        model = models.Element

    principle = factory.SubFactory(PrincipleFactory, version=factory.SelfAttribute("..version"))
    summary = "An element."
    good_looks_like = factory.LazyFunction(lambda: ["Something good"])
    statements = factory.LazyAttribute(
        lambda o: [
            {"id": f"{o.slug}-one", "text": "A first statement."},
            {"id": f"{o.slug}-two", "text": "A second statement."},
        ]
    )
    quick_check = ""
    source_section = "Section 7, Principle One: Shared foundations – Rebalancing power"


class BarrierFactory(FrameworkItemFactory):
    class Meta:
        model = models.Barrier

    kind = models.Barrier.Kind.COMMON
    summary = "A barrier."
    source_section = "Section 6: Common barriers to strategic working"


class PressureFactory(FrameworkItemFactory):
    class Meta:
        model = models.Pressure

    summary = "A pressure."


class PracticeExampleFactory(FrameworkItemFactory):
    class Meta:
        model = models.PracticeExample
        skip_postgeneration_save = True

    kind = models.PracticeExample.Kind.EXAMPLE
    place = "Somewhere"
    summary = "An example."
    themes = factory.LazyFunction(dict)

    @factory.post_generation
    def elements(self, create, extracted, **kwargs):
        if create and extracted:
            self.elements.set(extracted)

    @factory.post_generation
    def barriers(self, create, extracted, **kwargs):
        if create and extracted:
            self.barriers.set(extracted)
