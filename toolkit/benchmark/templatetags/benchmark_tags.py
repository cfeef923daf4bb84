from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def spread(distribution):
    """'3.4 (middle half 3.1 to 3.8)' or the reason nothing is shown."""
    if distribution is None:
        return "Not shown: fewer than 10 areas"
    return (
        f"{distribution.median} (middle half {distribution.lower_quartile} to "
        f"{distribution.upper_quartile})"
    )


@register.filter
def shown(count):
    return "Fewer than 10" if count is None else count
