"""How the relationship form offers an area's organisations as parties. A short list is
checkboxes (with a find box when scripts run: frontend/js/checkbox-filter.mjs); a long one, as
in an area with hundreds of charities, is the long-list picker (core.long_lists). ADR 26."""

from django import forms


class OrganisationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class FilterableCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that get a find box when scripts run (frontend/js/checkbox-filter.mjs)."""

    filter_noun = "organisations"
