"""How the relationship form offers an area's organisations as parties. A short list is
checkboxes (with a find box when scripts run: frontend/js/checkbox-filter.mjs); a long one, as
in an area with hundreds of charities, is the long-list picker (core.long_lists). ADR 26."""

from django import forms

from toolkit.core.long_lists import long_list_fit


class OrganisationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class FilterableCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that get a find box when scripts run (frontend/js/checkbox-filter.mjs)."""

    filter_noun = "organisations"


def party_field_fit(field: OrganisationChoiceField, organisations: int) -> None:
    """Gives a party field the picker when it offers too many organisations to tick."""
    long_list_fit(field, organisations, "organisations")
