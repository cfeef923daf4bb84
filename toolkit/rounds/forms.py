from django import forms

from toolkit.areas.models import Side

from . import groups
from .models import (
    SHARED_LINK_MAX_SIZE,
    SHARED_LINK_MIN_SIZE,
    AssessmentKind,
    Identity,
    LinkKind,
    Round,
)

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class RoundForm(forms.Form):
    name = forms.CharField(
        label="Name of the round",
        max_length=200,
        help_text="For example, Principles self-assessment spring 2026",
    )
    assessment = forms.ChoiceField(
        label="Principles questions",
        choices=[
            (AssessmentKind.FULL, "Full questionnaire: statements on all 13 key elements"),
            (AssessmentKind.QUICK, "Quick check: about 10 questions, 5 minutes"),
            (AssessmentKind.NONE, "None: relationship mapping only"),
        ],
        widget=forms.RadioSelect,
        help_text="The quick check is the short version for lead members and senior officers.",
    )
    includes_mapping = forms.BooleanField(
        label="Also ask respondents to rate the area's relationships (mapping)", required=False
    )
    identity = forms.ChoiceField(
        label="Are answers anonymous?",
        choices=[
            (Identity.ANONYMOUS, "Anonymous: no one can tell who gave which answers"),
            (Identity.NAMED, "Named: respondents give their name, shown with their comments"),
        ],
        widget=forms.RadioSelect,
        help_text="Respondents are told this before they start.",
    )
    closes_on = forms.DateField(
        label="Closing date (optional)",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="Answers are taken until the end of this day. For example, 31/3/2026",
    )
    previous_round = forms.ModelChoiceField(
        label="Compare with an earlier round (optional)",
        queryset=Round.objects.none(),
        required=False,
        empty_label="None",
    )
    group_questions = forms.MultipleChoiceField(
        label="Ask who respondents are (optional)",
        choices=groups.CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Asked at the start; anyone may answer 'prefer not to say'. Results are "
        "shown by group only where every group has enough respondents.",
    )

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["previous_round"].queryset = Round.objects.filter(area=area).order_by(
            "-created_at"
        )
        self.fields["name"].error_messages["required"] = "Enter a name for the round"
        self.fields["assessment"].error_messages["required"] = (
            "Select which principles questions to ask, or none"
        )
        self.fields["identity"].error_messages["required"] = (
            "Select whether answers are anonymous or named"
        )
        self.fields["closes_on"].error_messages["invalid"] = (
            "Enter the closing date in the format day/month/year, like 31/3/2026"
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("assessment") == AssessmentKind.NONE and not cleaned.get("includes_mapping"):
            self.add_error(
                "assessment",
                "Select the principles questions, or also ask respondents to rate relationships",
            )
        return cleaned


class LinkForm(forms.Form):
    side = forms.ChoiceField(
        label="Which side is the link for?", choices=Side.choices, widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(
        label="What kind of link?",
        choices=[
            (LinkKind.SIDE, "Shared link: send the same link to many people"),
            (LinkKind.PERSONAL, "Personal link: for one person, works once"),
        ],
        widget=forms.RadioSelect,
    )
    size = forms.IntegerField(
        label="For a shared link: how many people will you send it to?",
        required=False,
        min_value=SHARED_LINK_MIN_SIZE,
        max_value=SHARED_LINK_MAX_SIZE,
        help_text="No more answers than this through the link are counted. Its answers count "
        "once a facilitator of the other side has confirmed the link.",
    )
    label = forms.CharField(
        label="Note for facilitators (optional)",
        max_length=100,
        required=False,
        help_text="For example, VCS Alliance mailing list. No one can see whether a personal "
        "link has been used, or which answers came through any link.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].error_messages["required"] = "Select which side the link is for"
        self.fields["kind"].error_messages["required"] = "Select what kind of link to make"
        self.fields["size"].widget.attrs.update({"class": "govuk-input--width-5"})
        between = f"from {SHARED_LINK_MIN_SIZE} to {SHARED_LINK_MAX_SIZE:,}"
        self.fields["size"].error_messages.update(
            {
                "invalid": f"Enter the number of people as a whole number, {between}",
                "min_value": f"Enter a number of people {between}",
                "max_value": f"Enter a number of people {between}",
            }
        )

    def clean(self):
        cleaned = super().clean()
        shared = cleaned.get("kind") == LinkKind.SIDE
        if shared and cleaned.get("size") is None and "size" not in self.errors:
            self.add_error("size", "Enter how many people you will send the shared link to")
        return cleaned


class RespondentNameForm(forms.Form):
    """Named rounds only."""

    respondent_name = forms.CharField(label="Your name", max_length=150)
    organisation = forms.CharField(
        label="Your organisation, department or role (optional)", max_length=200, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent_name"].error_messages["required"] = "Enter your name"
        self.fields["respondent_name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"


class GroupsForm(forms.Form):
    """The round's optional questions about who the respondent is, for their side."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question.key] = forms.ChoiceField(
                label=question.title,
                choices=question.choices,
                required=False,
                widget=forms.RadioSelect,
                help_text=question.hint,
            )
