import html
import re

from django import forms, template
from django.utils.html import format_html, strip_tags

from toolkit.core.forms import DATE_WIDTH, INPUT_CLASSES, widget_kind
from toolkit.core.long_lists import form_has_picker

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
    if isinstance(bound_field.field.widget, forms.DateInput) and "--width-" not in (existing or ""):
        classes.append(DATE_WIDTH)
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


CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.DOTALL)


class ScrollableTableNode(template.Node):
    def __init__(self, nodelist, label):
        self.nodelist, self.label = nodelist, label

    def render(self, context):
        table = self.nodelist.render(context)
        if self.label is not None:
            label = self.label.resolve(context)
        else:
            found = CAPTION.search(table)
            label = " ".join(html.unescape(strip_tags(found.group(1))).split()) if found else ""
        if not label:
            raise template.TemplateSyntaxError(
                'A scrollable table needs a caption or a label: {% scrollable_table "…" %}'
            )
        return format_html(
            '<div class="app-table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
            label,
            table,  # a SafeString: rendered, and so escaped, by the template
        )


@register.tag
def scrollable_table(parser, token):
    """{% scrollable_table %}<table class="govuk-table">…</table>{% endscrollable_table %}: on
    a narrow screen a wide table scrolls sideways inside its own box, not the page (WCAG 1.4.10
    lets a data table scroll; the page must not). The box is a region named by the table's
    caption (or by `{% scrollable_table "label" %}`) and focusable, so keyboard users can
    scroll it; its shadows show there is more to see (app-table-scroll in frontend/scss)."""
    bits = token.split_contents()
    label = parser.compile_filter(bits[1]) if len(bits) > 1 else None
    nodelist = parser.parse(("endscrollable_table",))
    parser.delete_first_token()
    return ScrollableTableNode(nodelist, label)


@register.filter
def has_picker(form) -> bool:
    """Whether a page must load the long-list picker script for `form` (core.long_lists)."""
    return form_has_picker(form)
