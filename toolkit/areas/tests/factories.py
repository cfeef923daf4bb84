import factory

from toolkit.accounts.tests.factories import UserFactory
from toolkit.areas.models import Area, Membership, Organisation, OrganisationKind, Role


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["gss_code"]

    gss_code = factory.Sequence(lambda n: f"E9{n:07d}")
    name = factory.Sequence(lambda n: f"Testshire {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    area = factory.SubFactory(AreaFactory)
    kind = OrganisationKind.VCS
    name = factory.Sequence(lambda n: f"Community Group {n}")


class CouncilFactory(OrganisationFactory):
    kind = OrganisationKind.COUNCIL
    name = factory.Sequence(lambda n: f"Testshire Council {n}")


class DepartmentFactory(OrganisationFactory):
    kind = OrganisationKind.DEPARTMENT
    name = factory.Sequence(lambda n: f"Department {n}")
    parent = factory.SubFactory(CouncilFactory, area=factory.SelfAttribute("..area"))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    area = factory.SubFactory(AreaFactory)
    role = Role.FACILITATOR_COUNCIL
