"""Making, finding and revoking personal access tokens."""

import secrets
from datetime import timedelta

from django.utils import timezone

from toolkit.accounts.models import token_hash

from .models import ApiToken, Scope

TOKEN_PREFIX = "vcst_"  # noqa: S105 (a marker, not a secret)
EXPIRY_CHOICES = {30: "30 days", 90: "90 days", 180: "6 months", 365: "1 year"}


def api_token_create(
    user, *, name: str, scope: str = Scope.READ, expires_in_days: int = 90
) -> tuple[ApiToken, str]:
    """Make a token; returns the row and the plain token, which is never stored or shown
    again."""
    if expires_in_days not in EXPIRY_CHOICES:
        raise ValueError("Choose one of the offered expiry periods")
    if scope not in Scope.values:
        raise ValueError("Choose read only or read and write")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        prefix=plain[: len(TOKEN_PREFIX) + 6],
        token_digest=token_hash(plain),
        scope=scope,
        expires_at=timezone.now() + timedelta(days=expires_in_days),
    )
    return token, plain


def api_token_for(plain: str) -> ApiToken | None:
    """The usable token for a bearer value, or None (unknown, revoked, expired, or its user
    is no longer active). Records the day it was last used (a date, not a time)."""
    if not plain or not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(token_digest=token_hash(plain)).first()
    if token is None or not token.is_usable:
        return None
    today = timezone.localdate()
    if token.last_used_on != today:
        ApiToken.objects.filter(pk=token.pk).update(last_used_on=today)
        token.last_used_on = today
    return token


def api_token_revoke(token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token
