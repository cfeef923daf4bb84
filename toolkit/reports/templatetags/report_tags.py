from django import template

register = template.Library()


@register.filter
def report_cells(row, part) -> list[str]:
    """The council, VCS and together texts of a principles row, as the pages show them."""
    return part.cells(row)
