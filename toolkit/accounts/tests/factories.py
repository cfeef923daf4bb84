from datetime import timedelta

import factory
from django.utils import timezone

from toolkit.accounts.models import Invitation, User, token_hash

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class InvitationFactory(factory.django.DjangoModelFactory):
    """`token` is the plain token of the link; only its digest is stored."""

    class Meta:
        model = Invitation
        exclude = ["token"]

    token = factory.Sequence(lambda n: f"test-token-{n}")
    area = factory.SubFactory("toolkit.areas.tests.factories.AreaFactory")
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = "council_participant"
    token_digest = factory.LazyAttribute(lambda o: token_hash(o.token))
    invited_by = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
