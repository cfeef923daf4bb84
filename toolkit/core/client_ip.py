"""The client's IP address, for rate limits and sign-in lockouts (django-axes uses this too,
through AXES_CLIENT_IP_CALLABLE, so both count the same address).

X-Forwarded-For is trusted only when TRUSTED_PROXY_COUNT (the environment variable
AXES_PROXY_COUNT) says how many proxies in front of the service append to it: the client is
then the address that many places from the right, the one the outermost proxy saw. Addresses
further left were sent by the client and could be anything. Without proxies, REMOTE_ADDR."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    address = address.strip()
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            # Fewer addresses than proxies: the request skipped an outer proxy, and the
            # left-most address is the furthest one a trusted proxy recorded.
            found = _valid(hops[-proxies] if len(hops) >= proxies else hops[0])
            if found:
                return found
    return remote
