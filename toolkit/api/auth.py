"""Bearer authentication by personal access token, with rate limiting per token."""

from ninja.security import HttpBearer

from . import ratelimit
from .problems import ProblemError
from .services import api_token_for


class TokenAuth(HttpBearer):
    openapi_description = (
        "A personal access token made under Your account → API tokens, sent as "
        "`Authorization: Bearer <token>`."
    )

    def authenticate(self, request, token):
        found = api_token_for(token)
        if found is None:
            return None
        limit, window = ratelimit.current_rate()
        wait = ratelimit.hit(f"token:{found.pk}", limit=limit, window=window)
        if wait is not None:
            raise ProblemError(
                429,
                f"This token has made more than {limit} requests in {window} seconds. "
                f"Try again in {wait} seconds.",
                kind="rate-limited",
                headers={"Retry-After": str(wait)},
            )
        request.api_token = found
        return found
