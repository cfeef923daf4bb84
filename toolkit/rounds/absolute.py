"""Absolute URLs of the service's pages, for links people copy or are sent (respondent invite
links, "come back later" links). One rule everywhere:

- SITE_URL set (production must set it: emails are built without a request): that address;
- SITE_URL unset or left at the local default: the address the request came to, so a copied
  link works wherever the service is running (another host or port, a tunnel, a container);
- no request (emails, commands) and no SITE_URL: the local default.

Emails built elsewhere (toolkit.accounts invitations) follow the same rule with no request.
"""

from django.conf import settings

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def configured_site_url() -> str:
    """SITE_URL without its trailing slash, or "" when unset or left at the local default."""
    site = (getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return "" if site == DEFAULT_SITE_URL else site


def absolute_url(path: str, request=None) -> str:
    """The absolute URL of `path` (as given by reverse())."""
    site = configured_site_url()
    if site:
        return site + path
    if request is not None:
        return request.build_absolute_uri(path)
    return DEFAULT_SITE_URL + path
