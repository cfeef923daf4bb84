from django import template

from toolkit.core.forms import INPUT_CLASSES, widget_kind

register = template.Library()


@register.filter
def kind(bound_field) -> str:
    return widget_kind(bound_field.field.widget)


@register.simple_tag
def govuk_widget(bound_field):
    """Render a text-like widget with GOV.UK classes and the ids of its hint and error."""
    field_kind = widget_kind(bound_field.field.widget)
    classes = [INPUT_CLASSES.get(field_kind, "")]
    existing = bound_field.field.widget.attrs.get("class")
    if existing:
        classes.append(existing)
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        classes.append(f"{INPUT_CLASSES.get(field_kind, 'govuk-input')}--error")
        described_by.append(f"{bound_field.auto_id}-error")
    attrs = {"class": " ".join(c for c in classes if c)}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def first_error_anchor(bound_field) -> str:
    """Where the error summary should send the user: the first radio or checkbox of a group."""
    if widget_kind(bound_field.field.widget) in {"radios", "checkboxes"}:
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.inclusion_tag("govuk/pagination.html")
def govuk_pagination(page, label: str, querystring: str = ""):
    """GOV.UK pagination for a Django `Page`: previous and next, and numbered links with
    the first, last and neighbouring pages (gaps shown as …). `querystring` keeps filters."""
    prefix = f"?{querystring}&page=" if querystring else "?page="
    items = []
    if page.paginator.num_pages > 1:
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
            if number == page.paginator.ELLIPSIS:
                items.append({"ellipsis": True})
            else:
                items.append(
                    {
                        "number": number,
                        "href": f"{prefix}{number}",
                        "current": number == page.number,
                    }
                )
    return {
        "page": page,
        "label": label,
        "items": items,
        "previous": f"{prefix}{page.previous_page_number()}" if page.has_previous() else "",
        "next": f"{prefix}{page.next_page_number()}" if page.has_next() else "",
    }
