import factory

from toolkit.areas.models import OrganisationKind, Side
from toolkit.areas.tests.factories import AreaFactory, OrganisationFactory
from toolkit.framework.testing import load_framework_for_tests
from toolkit.register.models import (
    Lead,
    Relationship,
    RelationshipParty,
    RelationshipQuality,
    RelationshipTypeLink,
)


class RelationshipFactory(factory.django.DjangoModelFactory):
    """A relationship with a council-side and a VCS party and a main type (shaping)."""

    class Meta:
        model = Relationship
        skip_postgeneration_save = True

    area = factory.SubFactory(AreaFactory)
    reference = factory.Sequence(lambda n: f"T-{n:05d}")
    title = factory.Sequence(lambda n: f"Relationship {n}")
    content_version = factory.LazyFunction(load_framework_for_tests)

    @factory.post_generation
    def with_rows(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        council = OrganisationFactory(area=obj.area, kind=OrganisationKind.DEPARTMENT)
        vcs = OrganisationFactory(area=obj.area, kind=OrganisationKind.VCS)
        RelationshipParty.objects.create(relationship=obj, organisation=council, side=Side.COUNCIL)
        RelationshipParty.objects.create(relationship=obj, organisation=vcs, side=Side.VCS)
        RelationshipTypeLink.objects.create(relationship=obj, type_slug="shaping", is_main=True)
        RelationshipQuality.objects.create(
            relationship=obj, quality_slug="common-goals", present=True, evidence="Agreed plan"
        )


class LeadFactory(factory.django.DjangoModelFactory):
    """A council lead without an account, for a relationship of its own."""

    class Meta:
        model = Lead

    relationship = factory.SubFactory(RelationshipFactory)
    area = factory.SelfAttribute("relationship.area")
    side = Side.COUNCIL
    name = factory.Sequence(lambda n: f"Lead Person {n}")
    job_title = "Commissioning manager"
