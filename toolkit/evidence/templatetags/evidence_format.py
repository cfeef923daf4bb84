from django import template

from toolkit.evidence.value import pounds_text

register = template.Library()


@register.filter
def pounds(value) -> str:
    """£1,234 (pence shown only when there are any), a loss as −£65,000."""
    return pounds_text(value)


@register.filter
def percent(share) -> str:
    if share is None or share.percent is None:
        return "–"
    return f"{share.percent}%"
