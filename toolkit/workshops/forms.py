from django import forms

from toolkit.areas.models import FACILITATOR_ROLES, Membership, Side
from toolkit.rounds.forms import DATE_FORMATS, RespondentNameForm
from toolkit.rounds.models import Round

from .models import PEOPLE_MAX, PEOPLE_MIN, ItemKind, TargetBand


class WorkshopForm(forms.Form):
    round = forms.ModelChoiceField(
        label="Which round is the workshop about?",
        queryset=Round.objects.none(),
        empty_label=None,
        help_text="People in the room answer this round on their phones, and the room talks "
        "about its results.",
    )
    title = forms.CharField(
        label="Name of the workshop",
        max_length=200,
        help_text="For example, Joint workshop on the spring mapping",
    )
    held_on = forms.DateField(
        label="Date",
        input_formats=DATE_FORMATS,
        help_text="For example, 24/3/2026",
    )
    facilitator = forms.ModelChoiceField(
        label="Who is facilitating?", queryset=Membership.objects.none(), empty_label=None
    )
    council_people = forms.IntegerField(
        label="How many people from the council side are coming?",
        min_value=PEOPLE_MIN,
        max_value=PEOPLE_MAX,
        help_text="The council side's link to answer counts no more answers than this.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    vcs_people = forms.IntegerField(
        label="How many people from the voluntary and community sector are coming?",
        min_value=PEOPLE_MIN,
        max_value=PEOPLE_MAX,
        help_text="The sector's link to answer counts no more answers than this.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = Round.objects.filter(area=area).order_by("-created_at")
        self.fields["facilitator"].queryset = (
            Membership.objects.active()
            .filter(area=area, role__in=FACILITATOR_ROLES)
            .select_related("user")
            .order_by("user__full_name")
        )
        self.fields["facilitator"].label_from_instance = lambda m: (
            f"{m.user.full_name or m.user.email} ({m.get_role_display().lower()})"
        )
        messages = {
            "round": "Select the round the workshop is about",
            "title": "Enter a name for the workshop",
            "held_on": "Enter the date of the workshop",
            "facilitator": "Select who is facilitating",
            "council_people": "Enter how many people from the council side are coming",
            "vcs_people": "Enter how many people from the sector are coming",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        self.fields["held_on"].error_messages["invalid"] = (
            "Enter the date in the format day/month/year, like 24/3/2026"
        )
        for name in ("council_people", "vcs_people"):
            self.fields[name].error_messages["min_value"] = (
                f"Enter a number of {PEOPLE_MIN} or more"
            )
            self.fields[name].error_messages["max_value"] = (
                f"Enter a number of {PEOPLE_MAX:,} or fewer"
            )
            self.fields[name].error_messages["invalid"] = "Enter a whole number, like 12"


class AddItemForm(forms.Form):
    """One kind of item at a time: the page shows one of these per kind the round asks."""

    kind = forms.ChoiceField(choices=ItemKind.choices, widget=forms.HiddenInput)
    value = forms.ChoiceField(label="Add to the agenda", choices=())

    def __init__(self, *args, kind: str, choices, label: str, **kwargs):
        super().__init__(*args, initial={"kind": kind}, prefix=kind, **kwargs)
        self.fields["value"].choices = [(c.value, c.label) for c in choices]
        self.fields["value"].label = label
        self.fields["value"].error_messages["required"] = "Choose what to add"
        self.fields["value"].error_messages["invalid_choice"] = "Choose what to add from the list"


TARGET_HELP = "1 to 5, like 4 or 3.5. Leave both empty for no target."


class ItemRecordForm(forms.Form):
    said = forms.CharField(
        label="What was said",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
    )
    agreed = forms.CharField(
        label="What was agreed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
    )
    target_strategic = forms.DecimalField(
        label="Target: how strategic (5) or transactional (1) both sides want it to be",
        required=False,
        min_value=1,
        max_value=5,
        max_digits=2,
        decimal_places=1,
        help_text=TARGET_HELP,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "decimal"}),
    )
    target_proactive = forms.DecimalField(
        label="Target: how proactive (5) or reactive (1) both sides want it to be",
        required=False,
        min_value=1,
        max_value=5,
        max_digits=2,
        decimal_places=1,
        help_text=TARGET_HELP,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "decimal"}),
    )
    target_band = forms.ChoiceField(
        label="Target: the band both sides want it to reach",
        required=False,
        choices=[("", "No target"), *TargetBand.choices],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind != ItemKind.RELATIONSHIP:
            del self.fields["target_strategic"], self.fields["target_proactive"]
        if kind != ItemKind.ELEMENT:
            del self.fields["target_band"]
        for name in ("target_strategic", "target_proactive"):
            if name in self.fields:
                field = self.fields[name]
                field.error_messages["invalid"] = "Enter a number from 1 to 5, like 4 or 3.5"
                field.error_messages["min_value"] = "Enter a number from 1 to 5"
                field.error_messages["max_value"] = "Enter a number from 1 to 5"
                field.error_messages["max_decimal_places"] = "Enter no more than one decimal place"
                field.error_messages["max_digits"] = "Enter a number from 1 to 5"


class ItemActionForm(forms.Form):
    title = forms.CharField(label="The action", max_length=200)
    council_owner = forms.ModelChoiceField(
        label="Owner on the council side", queryset=Membership.objects.none()
    )
    vcs_owner = forms.ModelChoiceField(
        label="Owner on the sector side", queryset=Membership.objects.none()
    )
    due_on = forms.DateField(
        label="Due date (optional)",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="For example, 30/9/2026",
    )

    def __init__(self, *args, owners: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name, side in (("council_owner", Side.COUNCIL), ("vcs_owner", Side.VCS)):
            field = self.fields[name]
            field.queryset = Membership.objects.filter(pk__in=[m.pk for m in owners[side]])
            field.label_from_instance = lambda m: (
                f"{m.user.full_name or m.user.email}"
                + (f", {m.organisation.name}" if m.organisation else "")
            )
            field.empty_label = "Select an owner"
        self.fields["title"].error_messages["required"] = "Enter what the action is"
        self.fields["council_owner"].error_messages["required"] = (
            "Select who owns it on the council side"
        )
        self.fields["vcs_owner"].error_messages["required"] = (
            "Select who owns it on the sector side"
        )
        self.fields["due_on"].error_messages["invalid"] = (
            "Enter the date in the format day/month/year, like 30/9/2026"
        )


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label="Enter the code on the screen",
        max_length=20,
        help_text="6 letters and numbers, for example ACD 479",
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-10 app-join-code",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].error_messages["required"] = "Enter the code on the screen"


class JoinSideForm(forms.Form):
    side = forms.ChoiceField(
        label="Which side are you on?",
        choices=[
            (Side.COUNCIL, "The council"),
            (Side.VCS, "The voluntary and community sector"),
        ],
        widget=forms.RadioSelect,
        help_text="Your answers are counted with your side's.",
    )

    def __init__(self, *args, named: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].error_messages["required"] = "Select the side you are on"
        if named:  # the same questions as a named round's own start page
            self.fields.update(RespondentNameForm().fields)
