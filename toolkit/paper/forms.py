"""The screen on which a facilitator types in one paper form: every item of the paper
questionnaire (questionnaire.py), labelled with its code, in the form's order. Field names
are the codes, so an error sits next to the item it is about and nothing typed is lost when
the page comes back with errors."""

from __future__ import annotations

from django import forms

from toolkit.assessment.models import NONE, OTHER
from toolkit.mapping.models import DONT_KNOW

from .questionnaire import OTHER_CODE, PaperQuestionnaire

DONT_KNOW_CHOICE = "dont-know"
BARRIERS, PRESSURES, OTHER_TEXT = "barriers", "pressures", "other_text"


def axis_name(code: str) -> str:
    return code.replace(".", "_")


class PilePlanForm(forms.Form):
    side = forms.ChoiceField(label="Whose forms are they?", widget=forms.RadioSelect, choices=[])
    count = forms.IntegerField(
        label="How many forms are on the pile?",
        min_value=1,
        max_value=1000,
        help_text="Count them before you start. No more forms than this can be typed in.",
        error_messages={
            "required": "Enter how many forms are on the pile",
            "invalid": "Enter how many forms are on the pile as a number, like 8",
            "min_value": "A pile holds at least 1 form",
            "max_value": "A pile holds at most 1,000 forms",
        },
    )

    def __init__(self, *args, sides, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].choices = sides
        self.fields["side"].error_messages["required"] = "Select whose forms they are"


class PaperEntryForm(forms.Form):
    def __init__(self, *args, questionnaire: PaperQuestionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = q = questionnaire
        if q.named:
            self.fields["respondent_name"] = forms.CharField(
                label="Name written on the form", max_length=150, required=False
            )
            self.fields["organisation"] = forms.CharField(
                label="Organisation written on the form", max_length=200, required=False
            )
        for rel in q.relationships:
            for axis in rel.axes:
                choices = [(str(v), f"{v}: {label}") for v, label in axis.points]
                choices.append((str(DONT_KNOW), "Don’t know"))
                self.fields[axis_name(axis.code)] = forms.ChoiceField(
                    label=f"{axis.code} {axis.question}",
                    choices=choices,
                    required=False,
                    widget=forms.RadioSelect,
                )
            self.fields[axis_name(rel.scales_code)] = forms.MultipleChoiceField(
                label=f"{rel.scales_code} Where does it work? (optional)",
                choices=q.scales,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        agreement = [(str(v), label) for v, label in q.agreement]
        for s in q.statements:
            self.fields[s.code] = forms.ChoiceField(
                label=f"{s.code} {s.question.text}",
                choices=[*agreement, (DONT_KNOW_CHOICE, "Don’t know or left blank")],
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"{s.code}: select the answer ticked on the form, or Don’t "
                    "know if it was left blank"
                },
            )
        if q.has_principles:
            self.fields[BARRIERS] = forms.MultipleChoiceField(
                label="Barriers ticked on the form",
                choices=[(b.slug, f"{b.code} {b.title}") for b in q.barriers]
                + [(OTHER, f"{OTHER_CODE} Other"), (NONE, "B-none None of these")],
                widget=forms.CheckboxSelectMultiple,
                help_text="If none is ticked, select None of these.",
                error_messages={"required": "Select the barriers ticked, or None of these"},
            )
            self.fields[OTHER_TEXT] = forms.CharField(
                label=f"{OTHER_CODE} The other barrier, as written on the form",
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[PRESSURES] = forms.MultipleChoiceField(
                label="Pressures ticked on the form",
                choices=[(p.slug, f"{p.code} {p.title}") for p in q.pressures]
                + [(NONE, "P-none None of these")],
                widget=forms.CheckboxSelectMultiple,
                help_text="If none is ticked, select None of these.",
                error_messages={"required": "Select the pressures ticked, or None of these"},
            )

    def relationship_groups(self):
        """For the template: each relationship with its bound fields."""
        return [
            (
                rel,
                [self[axis_name(a.code)] for a in rel.axes],
                self[axis_name(rel.scales_code)],
            )
            for rel in self.questionnaire.relationships
        ]

    def statement_fields(self):
        return [self[s.code] for s in self.questionnaire.statements]

    def clean(self):
        cleaned = super().clean()
        for rel in self.questionnaire.relationships:
            names = [axis_name(a.code) for a in rel.axes]
            given = [n for n in names if cleaned.get(n)]
            if given or cleaned.get(axis_name(rel.scales_code)):
                for axis, name in zip(rel.axes, names, strict=True):
                    if not cleaned.get(name) and name not in self.errors:
                        self.add_error(
                            name,
                            f"{axis.code}: select the box ticked on the form, or Don’t know. "
                            f"A relationship with any answer needs all {len(names)}",
                        )
        for field in (BARRIERS, PRESSURES):
            ticked = cleaned.get(field) or []
            if NONE in ticked and len(ticked) > 1:
                self.add_error(field, "Select None of these only if nothing else is ticked")
        if OTHER in (cleaned.get(BARRIERS) or []) and not cleaned.get(OTHER_TEXT, "").strip():
            self.add_error(OTHER_TEXT, "Type the other barrier as written on the form")
        return cleaned

    def answers(self) -> dict:
        """What the form says, in the terms of the services that save online answers."""
        data, q = self.cleaned_data, self.questionnaire
        ratings = {}
        for rel in q.relationships:
            values = {a.field: data.get(axis_name(a.code)) for a in rel.axes}
            if all(values.values()):
                ratings[rel.relationship.pk] = (
                    rel.relationship,
                    {field: int(v) for field, v in values.items()},
                    data.get(axis_name(rel.scales_code)) or [],
                )
        statements = [
            (s.question, None if data[s.code] == DONT_KNOW_CHOICE else int(data[s.code]))
            for s in q.statements
        ]
        return {
            "respondent_name": data.get("respondent_name", ""),
            "organisation": data.get("organisation", ""),
            "ratings": list(ratings.values()),
            "statements": statements,
            "barriers": data.get(BARRIERS) or [],
            "other_text": data.get(OTHER_TEXT, ""),
            "pressures": data.get(PRESSURES) or [],
        }
