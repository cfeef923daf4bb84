"""How the relationship form offers an area's organisations as parties. A short list is
checkboxes (with a find box when scripts run: frontend/js/checkbox-filter.mjs); a long one, as
in an area with hundreds of charities, is a plain multiple select that scripts turn into a
search with an accessible autocomplete and a list of those chosen
(frontend/js/organisation-picker.mjs). ADR 26."""

from django import forms

# Above this many organisations a list of checkboxes is too long to read or send: the
# field becomes the picker.
PICKER_FROM = 60

PARTY_FIELDS = ("council_parties", "vcs_parties")

PICKER_HINT = (
    "To choose more than one, hold Ctrl (Cmd on a Mac) and select each, or hold Shift and use "
    "the arrow keys."
)
PICKER_SCRIPT_HINT = "Type part of a name, then choose it from the list. Choose as many as needed."


class OrganisationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class FilterableCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that get a find box when scripts run (frontend/js/checkbox-filter.mjs)."""

    filter_noun = "organisations"


class OrganisationPicker(forms.SelectMultiple):
    """A multiple select that works as it is without scripts; frontend/js/organisation-picker.mjs
    hides it behind a search box and keeps its selected options as the form's answer.
    govuk/field.html writes it with its options inline (a widget template per option is slow
    for hundreds)."""

    picker_noun = "organisations"
    size = 10  # options in view at once

    def __init__(self, field_hint: str):
        super().__init__()
        # What the hint says once scripts have turned the select into a search.
        self.script_hint = f"{field_hint} {PICKER_SCRIPT_HINT}".strip()


def party_field_fit(field: OrganisationChoiceField, organisations: int) -> None:
    """Gives a party field the picker when it offers more than PICKER_FROM organisations."""
    if organisations <= PICKER_FROM:
        return
    hint = str(field.help_text)
    field.widget = OrganisationPicker(hint)
    field.widget.choices = field.choices
    field.help_text = f"{hint} {PICKER_HINT}".strip()
