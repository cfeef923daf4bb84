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
