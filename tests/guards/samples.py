"""Sample values for URL keyword arguments, made inside a given area, and the lists of public
and account-level URLs. Each app declares its own in `toolkit/<app>/tests/url_guards.py`
(AREA_KWARG_SAMPLES, PUBLIC_URLS, ACCOUNT_LEVEL_URLS); they are merged here. A new area-scoped
URL with a new keyword argument makes the isolation test fail until a sample exists: that is
deliberate, so that no URL escapes it."""

import importlib
import pkgutil

import toolkit

AREA_KWARG_SAMPLES: dict = {}
PUBLIC_URLS: set[str] = set()
ACCOUNT_LEVEL_URLS: set[str] = set()

for app in pkgutil.iter_modules(toolkit.__path__):
    try:
        module = importlib.import_module(f"toolkit.{app.name}.tests.url_guards")
    except ModuleNotFoundError as error:
        if error.name not in (f"toolkit.{app.name}.tests", f"toolkit.{app.name}.tests.url_guards"):
            raise
        continue
    for name, sample in getattr(module, "AREA_KWARG_SAMPLES", {}).items():
        assert name not in AREA_KWARG_SAMPLES, f"URL kwarg {name} has two samples"
        AREA_KWARG_SAMPLES[name] = sample
    PUBLIC_URLS |= set(getattr(module, "PUBLIC_URLS", ()))
    ACCOUNT_LEVEL_URLS |= set(getattr(module, "ACCOUNT_LEVEL_URLS", ()))


def path_kwargs_for(route, area) -> dict:
    values = {}
    for name in route.kwargs:
        if name == "area_code":
            values[name] = area.gss_code
        elif name in AREA_KWARG_SAMPLES:
            values[name] = AREA_KWARG_SAMPLES[name](area)
        else:
            raise LookupError(
                f"URL {route.name} ({route.pattern}) takes '{name}': add a sample that creates "
                "one in the given area to AREA_KWARG_SAMPLES in the app's tests/url_guards.py."
            )
    return values
