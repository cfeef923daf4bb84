"""When a form's list of choices is too long to read, and what it becomes (ADR 26).

Up to PICKER_FROM choices a field keeps its ordinary control. Above it, a field of many
choices (the relationship form's organisations) is a plain multiple select, and a field of one
choice (the relationship an action or a calculation answers, in an area of a thousand) is a
plain select; either way frontend/js/long-list-picker.mjs turns it into a search with alphagov's
accessible autocomplete when scripts run, and the select stays the form's answer."""

from django import forms

# Above this many choices a list is too long to read or send as checkboxes, or to scroll
# through in a select.
PICKER_FROM = 60

SCRIPT_HINT_MANY = "Type part of a name, then choose it from the list. Choose as many as needed."
SCRIPT_HINT_ONE = "Type part of a name, then choose it from the list."


class ManyPicker(forms.SelectMultiple):
    """A multiple select that works as it is without scripts; the picker script hides it
    behind a search box and keeps its selected options as the form's answer.
    govuk/field.html writes it with its options inline (a widget template per option is slow
    for hundreds)."""

    size = 10  # options in view at once

    def __init__(self, noun: str, field_hint: str):
        super().__init__()
        self.picker_noun = noun
        # What the hint says once scripts have turned the select into a search.
        self.script_hint = f"{field_hint} {SCRIPT_HINT_MANY}".strip()


class OnePicker(forms.Select):
    """A select that the picker script turns into a search box for one choice."""

    def __init__(self, noun: str, field_hint: str):
        super().__init__(
            attrs={
                "data-app-pick-one": noun,
                "data-app-picker-hint": f"{field_hint} {SCRIPT_HINT_ONE}".strip(),
            }
        )


def long_list_fit(field: forms.ChoiceField, count: int, noun: str) -> None:
    """Gives `field` the picker when it offers more than PICKER_FROM choices."""
    if count <= PICKER_FROM:
        return
    hint = str(field.help_text)
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        field.widget = ManyPicker(noun, hint)
        field.help_text = (
            f"{hint} To choose more than one, hold Ctrl (Cmd on a Mac) and select each, or hold "
            "Shift and use the arrow keys."
        ).strip()
    else:
        field.widget = OnePicker(noun, hint)
        # With scripts, text that names none of the choices is sent as it is (the picker).
        field.error_messages["invalid_choice"] = (
            f"Choose one of the {noun} from the list, or leave the box empty"
        )
    field.widget.choices = field.choices


def form_has_picker(form: forms.BaseForm) -> bool:
    """Whether the page must load the picker script for `form`."""
    return any(isinstance(f.widget, ManyPicker | OnePicker) for f in form.fields.values())
