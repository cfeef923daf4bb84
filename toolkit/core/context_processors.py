import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# The links every page's header and footer carry, by the names base.html reads them by.
SITE_LINKS = {
    "home": "core:home",
    "framework": "framework:index",
    "areas": "areas:home",
    "national": "benchmark:national",
    "account": "accounts:settings",
    "sign_in": "accounts:sign-in",
    "sign_out": "accounts:sign-out",
    "accessibility": "core:accessibility",
    "privacy": "core:privacy",
    "cookies": "core:cookies",
}


@functools.cache
def _site_links(urlconf, script_prefix: str) -> dict[str, str]:
    return {name: reverse(route, urlconf=urlconf) for name, route in SITE_LINKS.items()}


def site_links() -> dict[str, str]:
    """The header's and footer's links, reversed once per URL configuration and script prefix
    rather than on every page: they were about a tenth of a respondent's question page."""
    return _site_links(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def service(request):
    return {"service_name": settings.SERVICE_NAME, "site_links": site_links()}
