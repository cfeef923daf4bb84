"""factory_boy factories for places. Codes are fictional-looking but well formed."""

import factory

from toolkit.places.models import CombinedAuthority, LocalAuthority


class CombinedAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CombinedAuthority
        django_get_or_create = ("gss_code",)

    gss_code = factory.Sequence(lambda n: f"E4790{n:04d}")
    la_code = factory.Sequence(lambda n: f"Z{n % 26 + 65:c}CA")
    name = factory.Sequence(lambda n: f"Example Combined Authority {n}")
    official_name = factory.LazyAttribute(lambda o: o.name)
    authority_type = CombinedAuthority.AuthorityType.COMBINED_AUTHORITY
    region = "North West"


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    """A unitary authority by default; use CountyFactory / DistrictFactory for two tiers."""

    class Meta:
        model = LocalAuthority
        django_get_or_create = ("gss_code",)

    gss_code = factory.Sequence(lambda n: f"E0690{n:04d}")
    la_code = factory.Sequence(lambda n: f"Z{n // 26 % 26 + 65:c}{n % 26 + 65:c}")
    name = factory.Sequence(lambda n: f"Exampleshire {n}")
    official_name = factory.LazyAttribute(lambda o: f"{o.name} Council")
    authority_type = LocalAuthority.AuthorityType.UNITARY
    region = "North West"
    county = None
    combined_authority = None


class CountyFactory(LocalAuthorityFactory):
    gss_code = factory.Sequence(lambda n: f"E1090{n:04d}")
    official_name = factory.LazyAttribute(lambda o: f"{o.name} County Council")
    authority_type = LocalAuthority.AuthorityType.COUNTY


class DistrictFactory(LocalAuthorityFactory):
    gss_code = factory.Sequence(lambda n: f"E0790{n:04d}")
    official_name = factory.LazyAttribute(lambda o: f"{o.name} District Council")
    authority_type = LocalAuthority.AuthorityType.DISTRICT
    county = factory.SubFactory(CountyFactory)
    region = factory.SelfAttribute("county.region")
