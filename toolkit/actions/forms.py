from django import forms
from django.utils import timezone

from toolkit.areas.scopes import GrantScope
from toolkit.core.long_lists import long_list_fit
from toolkit.framework import selectors as framework_selectors
from toolkit.register.models import Relationship

from .models import ActionStatus, FindingKind
from .selectors import owner_choices
from .services import ActionData, action_problems

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_HINT = "For example, 31/3/2027"


def _date_field(label, *, required=False, help_text=DATE_HINT):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
    )


def _progress_field(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the progress as a number from 0 to 100",
            "invalid": "Enter the progress as a number from 0 to 100",
            "min_value": "Progress must be 0 or more",
            "max_value": "Progress must be 100 or less",
        },
    )


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        if membership.organisation_id:
            return (
                f"{membership.user.full_name or membership.user.email} ({membership.organisation})"
            )
        return membership.user.full_name or membership.user.email


class ActionForm(forms.Form):
    """One action. `version` is the version of the action the editor started from; the
    service refuses the save if someone else has saved since."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label="Action", max_length=200)
    what_will_change = forms.CharField(
        label="What will change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the council and the sector will do differently, and how you will know.",
    )
    why = forms.CharField(
        label="Why (the findings it answers)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    element_slug = forms.ChoiceField(label="Key element it answers (optional)", required=False)
    barrier_slug = forms.ChoiceField(label="Barrier it answers (optional)", required=False)
    relationship = forms.ModelChoiceField(
        label="Relationship it answers (optional)",
        queryset=Relationship.objects.none(),
        required=False,
        empty_label="None",
        to_field_name="public_id",
    )
    answers_gap = forms.BooleanField(
        label="It answers a gap between the council's and the sector's views", required=False
    )
    council_owner = OwnerChoiceField(
        label="Council owner", queryset=None, required=False, empty_label="Not yet chosen"
    )
    vcs_owner = OwnerChoiceField(
        label="VCS owner", queryset=None, required=False, empty_label="Not yet chosen"
    )
    due_on = _date_field("Due date (optional)")
    status = forms.ChoiceField(
        label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect
    )
    progress = _progress_field("Progress, as a percentage")
    practice_slug = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, area, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        from toolkit.areas.models import Membership

        self.area = area
        version = version or framework_selectors.current_version()
        elements = framework_selectors.elements(version) if version else []
        barriers = framework_selectors.barriers(version) if version else []
        self.fields["element_slug"].choices = [("", "None")] + [(e.slug, e.title) for e in elements]
        self.fields["barrier_slug"].choices = [("", "None")] + [(b.slug, b.title) for b in barriers]
        relationship = self.fields["relationship"]
        relationship.queryset = Relationship.objects.filter(area=area).order_by("title")
        long_list_fit(relationship, relationship.queryset.count(), "relationships")
        owners = owner_choices(area)
        for name, side in (("council_owner", "council"), ("vcs_owner", "vcs")):
            self.fields[name].queryset = Membership.objects.filter(
                pk__in=[m.pk for m in owners[side]]
            ).select_related("user", "organisation")
        self.fields["title"].error_messages["required"] = "Enter what the action is"
        self.fields["status"].error_messages["required"] = "Select the action's status"
        self.fields["due_on"].error_messages["invalid"] = (
            "Enter the due date in the format day/month/year, like 31/3/2027"
        )

    @classmethod
    def initial_for(cls, action) -> dict:
        from toolkit.areas.models import Membership

        def membership(user):
            if user is None:
                return None
            return Membership.objects.filter(area=action.area, user=user).first()

        return {
            "version": action.version,
            "title": action.title,
            "what_will_change": action.what_will_change,
            "why": action.why,
            "element_slug": action.element_slug,
            "barrier_slug": action.barrier_slug,
            "relationship": action.relationship.public_id if action.relationship else None,
            "answers_gap": action.answers_gap,
            "council_owner": membership(action.council_owner),
            "vcs_owner": membership(action.vcs_owner),
            "due_on": action.due_on,
            "status": action.status,
            "progress": action.progress,
            "practice_slug": action.practice_slug,
        }

    def data_for_service(self) -> ActionData:
        c = self.cleaned_data
        return ActionData(
            title=c["title"].strip(),
            what_will_change=c["what_will_change"].strip(),
            why=c["why"].strip(),
            element_slug=c["element_slug"],
            barrier_slug=c["barrier_slug"],
            practice_slug=c.get("practice_slug", "")[:80],
            relationship=c["relationship"],
            answers_gap=c["answers_gap"],
            council_owner=c["council_owner"].user if c["council_owner"] else None,
            vcs_owner=c["vcs_owner"].user if c["vcs_owner"] else None,
            due_on=c["due_on"],
            status=c["status"],
            progress=c["progress"],
        )

    def clean(self):
        """The choices above offer only what the rules allow; the rules themselves are
        ``action_problems``, shared with the API."""
        cleaned = super().clean()
        if not self.errors:
            for name, message in action_problems(self.area, self.data_for_service()):
                self.add_error(name, message)
        return cleaned


class UpdateForm(forms.Form):
    note = forms.CharField(
        label="What has happened",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A short note for the plan's history. It is dated today.",
    )
    status = forms.ChoiceField(
        label="Status now", choices=ActionStatus.choices, widget=forms.RadioSelect
    )
    progress = _progress_field("Progress now, as a percentage")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = "Enter what has happened"
        self.fields["status"].error_messages["required"] = "Select the action's status now"


class GrantForm(forms.Form):
    email = forms.EmailField(
        label="Reviewer's email address",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    full_name = forms.CharField(
        label="Reviewer's full name (optional)", max_length=150, required=False
    )
    scopes = forms.MultipleChoiceField(
        label="What can they read?",
        choices=GrantScope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. They cannot change anything except their own findings.",
    )
    ends_on = _date_field("Access ends on", required=True)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["email"]
            del self.fields["full_name"]
        else:
            self.fields["email"].error_messages |= {
                "required": "Enter the reviewer's email address",
                "invalid": "Enter an email address in the correct format, like name@example.org",
            }
        self.fields["scopes"].error_messages["required"] = "Select what the reviewer can read"
        self.fields["ends_on"].error_messages |= {
            "required": "Enter the date access ends",
            "invalid": "Enter the date access ends in the format day/month/year, like 31/3/2027",
        }

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if ends_on < timezone.localdate():
            raise forms.ValidationError("The date access ends must be today or in the future")
        return ends_on


class FindingForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of finding is it?", choices=FindingKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label="Finding, in a sentence", max_length=200)
    text = forms.CharField(
        label="Explain the finding",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you saw, and the evidence for it.",
    )
    element_slug = forms.ChoiceField(label="Key element it is about (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        version = framework_selectors.current_version()
        elements = framework_selectors.elements(version) if version else []
        self.fields["element_slug"].choices = [("", "None")] + [(e.slug, e.title) for e in elements]
        self.fields["kind"].error_messages["required"] = "Select what kind of finding it is"
        self.fields["title"].error_messages["required"] = "Enter the finding in a sentence"
        self.fields["text"].error_messages["required"] = "Explain the finding"
