"""Organisation identifiers in 360Giving org-id form (scheme prefix + registration number).
See the org-id.guide list; we validate the schemes councils meet in England and accept other
well-formed ids as they are published."""

import re

from django.core.exceptions import ValidationError

SCHEME_PATTERNS = {
    # Charity Commission for England and Wales: 6 or 7 digits.
    "GB-CHC": (re.compile(r"^\d{6,7}$"), "a charity number of 6 or 7 digits, like GB-CHC-1234567"),
    # Companies House: 8 characters, digits or a 2-letter prefix (SC, NI, RS, CE…) and 6 digits.
    "GB-COH": (
        re.compile(r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$"),
        "a company number of 8 characters, like GB-COH-01234567 or GB-COH-SC123456",
    ),
    # Office of the Scottish Charity Regulator.
    "GB-SC": (re.compile(r"^SC\d{6}$"), "a Scottish charity number, like GB-SC-SC012345"),
    # Charity Commission for Northern Ireland.
    "GB-NIC": (re.compile(r"^\d{5,6}$"), "a Northern Ireland charity number, like GB-NIC-100123"),
    # Mutuals Public Register (FCA): number with an optional letter suffix.
    "GB-MPR": (re.compile(r"^\d{1,6}[A-Z]{0,2}$"), "a mutuals register number, like GB-MPR-12345R"),
    # Local Authorities in England: the 3-letter register code.
    "GB-LAE": (re.compile(r"^[A-Z]{3,4}$"), "a 3-letter local authority code, like GB-LAE-TRF"),
}

GENERAL_PATTERN = re.compile(r"^[A-Z]{2}-[A-Z0-9]{2,6}-\S+$")


def org_id_normalise(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    scheme = "-".join(value.split("-")[:2]).upper()
    rest = value[len(scheme) + 1 :]
    if scheme in SCHEME_PATTERNS:
        return f"{scheme}-{rest.upper().replace(' ', '')}"
    return value


def org_id_validate(value: str) -> None:
    """Raise ValidationError with a message a person can act on."""
    if not value:
        return
    value = org_id_normalise(value)
    scheme = "-".join(value.split("-")[:2])
    if scheme in SCHEME_PATTERNS:
        pattern, example = SCHEME_PATTERNS[scheme]
        number = value[len(scheme) + 1 :]
        if not pattern.match(number):
            raise ValidationError(f"Enter {example}", code="invalid_org_id")
        return
    if not GENERAL_PATTERN.match(value):
        raise ValidationError(
            "Enter an identifier in org-id form: a scheme like GB-CHC or GB-COH, a hyphen, "
            "then the number, like GB-CHC-1234567",
            code="invalid_org_id",
        )
