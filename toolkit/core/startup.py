"""What a web process does once it has loaded the application (config.wsgi, config.asgi)."""

import gc


def heap_freeze() -> None:
    """Load every view now, then move everything alive to the cyclic collector's permanent
    generation. What is loaded once (Django, the apps, their modules) lives as long as the
    process; left in the collected generations, every full collection walks all of it again,
    and those walks made much of the results pages' slow tail (issue 16, ADR 32). Frozen
    objects are still freed by reference counting when dropped."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view module, as a first request would)
    gc.collect()
    gc.freeze()
