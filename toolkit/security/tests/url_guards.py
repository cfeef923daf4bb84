"""What the URL guard tests (tests/guards) need to know about this app's URLs."""

from toolkit.areas.tests.factories import MembershipFactory

AREA_KWARG_SAMPLES = {
    # A member of the given area with two-factor sign-in on, whose reset must be refused to
    # anyone who does not facilitate that area.
    "member_id": lambda area: _member_with_two_factor(area),
}
PUBLIC_URLS = {
    "security:sign-in-code",
    "security:sign-in-recovery",
    "security:sign-in-setup",
}
ACCOUNT_LEVEL_URLS = {
    "security:setup",
    "security:recovery-codes",
    "security:replace-app",
    "security:keep-alive",
}


def _member_with_two_factor(area):
    import pyotp
    from django.utils import timezone

    from toolkit.security.models import TOTPDevice

    membership = MembershipFactory(area=area)
    TOTPDevice.objects.create(
        user=membership.user, secret=pyotp.random_base32(), confirmed_at=timezone.now()
    )
    return membership.public_id
