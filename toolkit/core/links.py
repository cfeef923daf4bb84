"""Absolute links to the service's own pages: every link that leaves a page (emails,
respondent links people copy, printed by commands, security.txt) is built here, one way.

- SITE_URL set (production must set it: an email is often built where the request's Host
  cannot be trusted, or where there is no request): that address.
- SITE_URL empty (development): the address the request came to, so a link follows the host
  and port the server actually runs on (another port, a container, a tunnel).
- Neither (a command in development): the address the command was told the service runs at
  (`create_area --site-url`), else the one `make run` serves on by default."""

from django.conf import settings

DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    """SITE_URL without a trailing slash, or "" when it is not set."""
    return (getattr(settings, "SITE_URL", "") or "").rstrip("/")


def absolute_url(path: str, request=None, *, runs_at: str = "") -> str:
    """The absolute URL of `path` (a path as reverse() gives it, starting with "/").
    `runs_at`: where the service runs, for a command in development (no SITE_URL, no
    request)."""
    if not path.startswith("/"):
        raise ValueError(f"absolute_url needs a path that starts with '/': {path!r}")
    site = site_url()
    if site:
        return site + path
    if request is not None:
        return request.build_absolute_uri(path)
    return (runs_at.rstrip("/") or DEVELOPMENT_SITE_URL) + path
