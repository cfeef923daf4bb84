"""Signing area bundles, so that a restore can tell a bundle this service made from one
somebody edited and re-checksummed. The signature is an HMAC-SHA256 of manifest.json, which
holds the SHA-256 of every other file, so it covers the whole bundle.

Keys come from BACKUP_SIGNING_KEYS (the first signs, every one verifies, so keys can be
rotated). Instances that exchange bundles share a key there; without it, each instance signs
with a key derived from its SECRET_KEY (verifying with its SECRET_KEY_FALLBACKS too) and
verifies only its own bundles."""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.utils.crypto import salted_hmac

SIGNATURE = "manifest.sig"
ALGORITHM = "HMAC-SHA256"


class SignatureProblem(Exception):
    """The signature is missing or does not verify; the message says why."""


def signing_keys() -> list[bytes]:
    configured = [k for k in getattr(settings, "BACKUP_SIGNING_KEYS", []) if k]
    if configured:
        return [k.encode() for k in configured]
    # Derived from SECRET_KEY, then from each of SECRET_KEY_FALLBACKS: bundles made before a
    # secret-key rotation still verify while the old key is kept as a fallback.
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [
        salted_hmac(
            "toolkit.portability.backup", "signing key", secret=secret, algorithm="sha256"
        ).digest()
        for secret in secrets
    ]


def key_id(key: bytes) -> str:
    """A short public name for a key, so a refusal can say which key signed the bundle."""
    return hashlib.sha256(b"bundle-key-id:" + key).hexdigest()[:12]


def _mac(key: bytes, manifest: bytes) -> str:
    return hmac.new(key, manifest, hashlib.sha256).hexdigest()


def manifest_sign(manifest: bytes) -> bytes:
    key = signing_keys()[0]
    document = {"algorithm": ALGORITHM, "key_id": key_id(key), "signature": _mac(key, manifest)}
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def manifest_verify(manifest: bytes, signature: bytes | None) -> None:
    """Raise SignatureProblem unless `signature` is a valid signature of `manifest` by one
    of this instance's keys."""
    if signature is None:
        raise SignatureProblem(
            "The bundle is not signed, so it cannot be shown to come from this service."
        )
    try:
        document = json.loads(signature)
        algorithm, signed_by, mac = document["algorithm"], document["key_id"], document["signature"]
    except (ValueError, UnicodeDecodeError, KeyError, TypeError):
        raise SignatureProblem("The bundle's signature file is not readable.") from None
    if algorithm != ALGORITHM:
        raise SignatureProblem(f"The bundle is signed with {algorithm!r}, not {ALGORITHM}.")
    for key in signing_keys():
        if hmac.compare_digest(_mac(key, manifest), str(mac)):
            return
    known = {key_id(k) for k in signing_keys()}
    if signed_by in known:
        raise SignatureProblem(
            "The bundle's manifest does not match its signature: it has been changed since "
            "it was made."
        )
    raise SignatureProblem(
        f"The bundle was signed with a key this instance does not hold (key {signed_by}). "
        "If it came from another instance, add that instance's key to BACKUP_SIGNING_KEYS; "
        "otherwise it may have been changed."
    )
