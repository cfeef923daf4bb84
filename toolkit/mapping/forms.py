from django import forms

from toolkit.register.models import Relationship, Scale, Status

DONT_KNOW_VALUE = "0"


class ChooseForm(forms.Form):
    """Which of the round's relationships the respondent knows (or none of them)."""

    relationships = forms.MultipleChoiceField(
        label="Which of these relationships do you know well enough to rate?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    none = forms.BooleanField(label="I do not know any of these relationships", required=False)

    def __init__(self, *args, relationships, **kwargs):
        super().__init__(*args, **kwargs)
        self.relationship_list = list(relationships)
        self.fields["relationships"].choices = [
            (str(r.public_id), r.title) for r in self.relationship_list
        ]

    def clean(self):
        cleaned = super().clean()
        chosen, none = cleaned.get("relationships"), cleaned.get("none")
        if not chosen and not none:
            self.add_error(
                "relationships",
                "Select the relationships you know, or select that you do not know any of them",
            )
        elif chosen and none:
            self.add_error(
                "relationships",
                "Select the relationships you know, or that you do not know any, not both",
            )
        return cleaned

    def chosen(self) -> list[Relationship]:
        wanted = set(self.cleaned_data.get("relationships") or [])
        return [r for r in self.relationship_list if str(r.public_id) in wanted]


class RatingForm(forms.Form):
    """One relationship: the four axes (required: a point or "I don't know"), the scales it
    works at and a comment (both optional), and whether the comment may be shown."""

    scales = forms.MultipleChoiceField(
        label="Where does it work? (optional)",
        required=False,
        choices=Scale.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    comment = forms.CharField(
        label="Anything you want to add about this relationship? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    share_comment = forms.BooleanField(
        label="You can show my comment in the results", required=False
    )

    def __init__(self, *args, axes, **kwargs):
        super().__init__(*args, **kwargs)
        self.axes = axes  # [(field name, framework MappingAxis)]
        for name, axis in axes:
            choices = [(str(p["value"]), p["label"]) for p in axis.scale_points]
            choices.append((DONT_KNOW_VALUE, "I don't know"))
            self.fields[name] = forms.ChoiceField(
                label=axis.question, choices=choices, widget=forms.RadioSelect
            )
            self.fields[name].error_messages["required"] = (
                f"{axis.question.removesuffix('?')}? Select an answer, or I don't know"
            )
        self.order_fields([name for name, _ in axes] + ["scales", "comment", "share_comment"])

    def axis_rows(self):
        """For the template: each axis with its bound field and labelled points."""
        rows = []
        for name, axis in self.axes:
            bound = self[name]
            value = str(bound.value() or "")
            points = [
                {
                    "id": f"id_{name}_{index}",
                    "value": str(p["value"]),
                    "label": p["label"],
                    "description": p.get("description", ""),
                    "checked": value == str(p["value"]),
                }
                for index, p in enumerate(axis.scale_points)
            ]
            rows.append(
                {
                    "name": name,
                    "axis": axis,
                    "field": bound,
                    "points": points,
                    "dont_know": {
                        "id": f"id_{name}_{len(points)}",
                        "value": DONT_KNOW_VALUE,
                        "checked": value == DONT_KNOW_VALUE,
                    },
                }
            )
        return rows


class RoundRelationshipsForm(forms.Form):
    relationships = forms.MultipleChoiceField(
        label="Relationships to rate in this round",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, relationships, **kwargs):
        super().__init__(*args, **kwargs)
        self.relationship_list = list(relationships)
        self.fields["relationships"].choices = [
            (str(r.public_id), r.title) for r in self.relationship_list
        ]
        self.fields["relationships"].error_messages["required"] = (
            "Select at least one relationship to rate"
        )

    def clean_relationships(self):
        value = self.cleaned_data["relationships"]
        if not value:
            raise forms.ValidationError("Select at least one relationship to rate")
        return value

    def chosen(self) -> list[Relationship]:
        wanted = set(self.cleaned_data.get("relationships") or [])
        return [r for r in self.relationship_list if str(r.public_id) in wanted]


ACTIVE = Status.ACTIVE
