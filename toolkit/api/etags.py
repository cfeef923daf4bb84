"""Strong ETags over a resource's JSON representation, and the If-Match rules for writes:
no If-Match (or "*", which would match any version) is 428, a stale one 412, never a silent
overwrite."""

from __future__ import annotations

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder

from .problems import ProblemError


def etag_for(representation) -> str:
    """The quoted strong ETag of a JSON-able representation (stable key order)."""
    body = json.dumps(representation, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


def version_etag(public_id, version: int) -> str:
    """The strong ETag of a resource that keeps its own version counter (actions). The
    counter moves on with every change, so the tag does; the service's own version check,
    not this tag, is what refuses a writer who lost a race."""
    return f'"{public_id}-v{version}"'


def parse_if_match(header: str | None) -> list[str] | None:
    """The entity tags of an If-Match header, or None when there is none. Weak tags never
    match (RFC 9110 strong comparison)."""
    if header is None or not header.strip():
        return None
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def if_match_check(header: str | None, current: str) -> None:
    tags = parse_if_match(header)
    if tags is None or "*" in tags:
        # "*" would match any version: that is a blind overwrite, which this API never allows.
        raise ProblemError(
            428,
            "Send the resource's ETag in an If-Match header, so that you do not overwrite "
            "someone else's change. GET the resource first to find its ETag.",
            kind="if-match-required",
        )
    if current in tags:
        return
    raise ProblemError(
        412,
        "The resource has changed since you read it (its ETag is different). GET it again, "
        "apply your change to the current version and send it with the new ETag.",
        kind="stale",
        headers={"ETag": current},
    )
