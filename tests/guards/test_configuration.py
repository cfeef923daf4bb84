"""Every environment variable the settings read is documented in .env.example (the README
and docs/deployment.md point operators there), so no setting is a secret of the code."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READS = re.compile(
    r"""(?:\benv|\benv_bool|\benv_list|\brequired|environ\.get|environ\[|getenv)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
)
# Read by tools rather than by the service's own settings.
NOT_SERVICE_SETTINGS = {"DJANGO_SETTINGS_MODULE"}


def variables_read() -> set[str]:
    found = set()
    for path in [*(ROOT / "config").rglob("*.py")]:
        found |= set(READS.findall(path.read_text()))
    return found - NOT_SERVICE_SETTINGS


def documented() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_the_settings_read_the_variables_this_test_looks_for():
    names = variables_read()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "STORAGE_BACKEND"} <= names


def test_every_variable_the_settings_read_is_in_env_example():
    missing = sorted(variables_read() - documented())
    assert not missing, f"add these to .env.example with a comment: {missing}"
