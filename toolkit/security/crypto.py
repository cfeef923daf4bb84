"""Authenticator secrets are encrypted at rest with Fernet (AES-128-CBC with HMAC-SHA256, from
the `cryptography` package), so that a copy of the database or a backup does not let anyone
make someone's security codes.

Keys come from settings.TWO_FACTOR_ENCRYPTION_KEYS (the TWO_FACTOR_ENCRYPTION_KEY environment
variable, comma-separated): the first key encrypts, and every key decrypts, so that a key can
be rotated by putting the new one first, running `manage.py rotate_two_factor_key`, then
removing the old one. Keys derived from SECRET_KEY and SECRET_KEY_FALLBACKS always decrypt too
(and the first of them encrypts when no key is set, as in development and tests). Any long
random string is a key: it goes through HMAC-SHA256 to make the 32 bytes Fernet needs.

The same machinery (`fernet_for`: a purpose label and the key materials, the first of which
encrypts) encrypts the respondents' rows in area backups with the backup keys
(toolkit.portability.sealing), so a key is never used for two purposes."""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

DERIVATION_LABEL = b"toolkit.security.two-factor-secret"


class SecretUnreadable(Exception):
    """No configured key decrypts the stored secret (a key was removed too early)."""


def _fernet_key(material: str | bytes, label: bytes = DERIVATION_LABEL) -> bytes:
    if isinstance(material, str):
        material = material.encode()
    digest = hmac.new(label, material, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest)


@lru_cache(maxsize=16)
def fernet_for(label: bytes, materials: tuple[str | bytes, ...]) -> MultiFernet:
    """A Fernet for one purpose (`label`) from key materials: the first encrypts, every one
    decrypts. Raises ValueError without any material."""
    if not materials:
        raise ValueError("No key material.")
    return MultiFernet([Fernet(_fernet_key(material, label)) for material in materials])


def key_materials() -> tuple[str, ...]:
    """Every key, the one that encrypts first, without repeats."""
    configured = [key for key in getattr(settings, "TWO_FACTOR_ENCRYPTION_KEYS", []) if key]
    derived = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return tuple(dict.fromkeys([*configured, *(key for key in derived if key)]))


def _multi_fernet(materials: tuple[str, ...]) -> MultiFernet:
    if not materials:
        raise SecretUnreadable("No key to encrypt two-factor secrets: set SECRET_KEY.")
    return fernet_for(DERIVATION_LABEL, materials)


def _fernet() -> MultiFernet:
    return _multi_fernet(key_materials())


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable("No configured key decrypts this two-factor secret.") from error


def rotate(token: str) -> str:
    """The same secret encrypted again with the first key."""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable("No configured key decrypts this two-factor secret.") from error
