"""Every URL pattern of the project, with a way to build a concrete path for each one in a
given area. Used by the guard tests so that a new URL is covered the moment it is added."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name
    pattern: str
    callback: object
    kwargs: tuple[str, ...]

    @property
    def is_area_scoped(self) -> bool:
        return "area_code" in self.kwargs


def routes() -> list[Route]:
    found = []

    # Keyword arguments captured by an include's prefix (such as area_code) count too.
    def walk(resolver, prefix, namespace, captured):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or namespace
                if namespace and entry.namespace:
                    ns = f"{namespace}:{entry.namespace}"
                walk(
                    entry,
                    prefix + str(entry.pattern),
                    ns,
                    captured + tuple(entry.pattern.converters),
                )
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
                pattern = prefix + str(entry.pattern)
                found.append(
                    Route(
                        name=name,
                        pattern=pattern,
                        callback=entry.callback,
                        kwargs=captured + tuple(entry.pattern.converters),
                    )
                )

    walk(get_resolver(), "", "", ())
    return found
