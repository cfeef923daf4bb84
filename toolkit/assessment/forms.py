from django import forms

from .models import NONE, OTHER

DONT_KNOW = "dont-know"


class AgreementForm(forms.Form):
    value = forms.ChoiceField(choices=[], widget=forms.RadioSelect)
    comment = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)
    share_comment = forms.BooleanField(required=False)

    def __init__(self, *args, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].choices = [(str(v), label) for v, label in scale] + [
            (DONT_KNOW, "Don’t know")
        ]
        self.fields["value"].error_messages["required"] = (
            "Select how far you agree with the statement, or select Don’t know"
        )
        self.fields["comment"].error_messages["max_length"] = (
            "Your comment must be 2,000 characters or fewer"
        )

    def value_radios(self) -> list[tuple[str, str, str, bool]]:
        """The scale's radios as (id, value, label, checked), for the question page to draw
        without the widget's subwidgets, which cost a tenth of a page every respondent loads
        again and again. Ids as RadioSelect gives them (id_value_0…)."""
        field = self["value"]
        current = field.value()
        current = None if current is None else str(current)
        return [
            (f"{field.auto_id}_{index}", value, label, value == current)
            for index, (value, label) in enumerate(self.fields["value"].choices)
        ]

    def cleaned_value(self) -> int | None:
        raw = self.cleaned_data["value"]
        return None if raw == DONT_KNOW else int(raw)


class TickForm(forms.Form):
    """Checkboxes with "None of these" (and optionally "Other" with a description)."""

    items = forms.MultipleChoiceField(choices=[], widget=forms.CheckboxSelectMultiple)
    other_text = forms.CharField(required=False, max_length=1000, widget=forms.Textarea)
    share_text = forms.BooleanField(required=False)

    def __init__(self, *args, choices, allow_other: bool, required_message: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_other = allow_other
        extra = [(OTHER, "Other")] if allow_other else []
        self.fields["items"].choices = list(choices) + extra + [(NONE, "None of these")]
        self.fields["items"].error_messages["required"] = required_message

    def clean(self):
        cleaned = super().clean()
        items = cleaned.get("items") or []
        if NONE in items and len(items) > 1:
            self.add_error("items", "Select None of these only if nothing else applies")
        if self.allow_other and OTHER in items and not cleaned.get("other_text", "").strip():
            self.add_error("other_text", "Describe the other barrier")
        return cleaned
