"""Reading a user's personal access tokens."""

from .models import ApiToken


def tokens_for_user(user):
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_for_user(user, public_id) -> ApiToken | None:
    return ApiToken.objects.filter(user=user, public_id=public_id).first()
