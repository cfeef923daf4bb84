from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pounds(value) -> str:
    """£1,234 (pence shown only when there are any)."""
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


@register.filter
def percent(share) -> str:
    if share is None or share.percent is None:
        return "–"
    return f"{share.percent}%"
