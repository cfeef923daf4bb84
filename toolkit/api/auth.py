"""Bearer authentication by personal access token, with two rate limits: requests per token
(API_RATE_LIMIT), and failed authentications per client address (API_AUTH_FAILURE_RATE_LIMIT),
so that guessing tokens, or a script with a revoked one, gets 429 rather than 401 forever.

An address that has used up its failures gets 429 before its token is even looked up, whether
the token is good or not: otherwise a right guess would still show as a 200."""

from ninja.security import HttpBearer

from toolkit.core import ratelimit
from toolkit.core.client_ip import client_ip

from .problems import ProblemError
from .services import api_token_for

PER_KEY_SCOPE = "api"  # counted per token id
FAILURE_SCOPE = "api-auth-failure"


def token_rate() -> ratelimit.Rate:
    return ratelimit.rate_setting("API_RATE_LIMIT", "120/60")


def failure_rate() -> ratelimit.Rate:
    return ratelimit.rate_setting("API_AUTH_FAILURE_RATE_LIMIT", "30/60")


def _rate_limited(detail: str, wait: int) -> ProblemError:
    return ProblemError(
        429,
        f"{detail} Try again in {wait} seconds.",
        kind="rate-limited",
        headers={"Retry-After": str(wait)},
    )


class TokenAuth(HttpBearer):
    openapi_description = (
        "A personal access token made under Your account → API tokens, sent as "
        "`Authorization: Bearer <token>`."
    )

    def __call__(self, request):
        address = client_ip(request)
        rate = failure_rate()
        wait = ratelimit.exceeded(FAILURE_SCOPE, address, limit=rate.limit, window=rate.window)
        if wait is not None:
            raise self._too_many_failures(rate, wait)
        found = super().__call__(request)  # None: missing, malformed or unusable token
        if found is None:
            wait = ratelimit.hit(FAILURE_SCOPE, address, limit=rate.limit, window=rate.window)
            if wait is not None:
                raise self._too_many_failures(rate, wait)
        return found

    @staticmethod
    def _too_many_failures(rate: ratelimit.Rate, wait: int) -> ProblemError:
        return _rate_limited(
            f"Too many requests from your address without a valid token ({rate.limit} in "
            f"{rate.window} seconds).",
            wait,
        )

    def authenticate(self, request, token):
        found = api_token_for(token)
        if found is None:
            return None
        rate = token_rate()
        wait = ratelimit.hit(PER_KEY_SCOPE, str(found.pk), limit=rate.limit, window=rate.window)
        if wait is not None:
            raise _rate_limited(
                f"This token has made more than {rate.limit} requests in {rate.window} seconds.",
                wait,
            )
        request.api_token = found
        return found
