from django import forms
from django.utils import timezone

from .models import Organisation, OrganisationKind, Role


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    full_name = forms.CharField(label="Full name (optional)", max_length=150, required=False)
    role = forms.ChoiceField(label="Role", choices=Role.choices, widget=forms.RadioSelect)
    organisation = forms.ModelChoiceField(
        label="Department or organisation (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="None",
    )
    ends_on = forms.DateField(
        label="Access ends on (peer reviewers only)",
        required=False,
        help_text="For example, 31/3/2027",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            area=area, kind__in=[OrganisationKind.DEPARTMENT, OrganisationKind.VCS]
        ).select_related("parent")
        self.fields["email"].error_messages["required"] = "Enter the person's email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )
        self.fields["role"].error_messages["required"] = "Select the person's role"
        self.fields["ends_on"].error_messages["invalid"] = (
            "Enter the date access ends in the format day/month/year, like 31/3/2027"
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.PEER_REVIEWER:
            ends_on = cleaned.get("ends_on")
            if ends_on is None and "ends_on" not in self.errors:
                self.add_error("ends_on", "Enter the date a peer reviewer's access ends")
            elif ends_on is not None and ends_on < timezone.localdate():
                self.add_error("ends_on", "The date access ends must be today or in the future")
        return cleaned


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "parent",
            "org_id",
            "vcs_type",
            "annual_income",
            "is_marginalised_led",
            "neighbourhoods",
            "website",
            "description",
        ]
        labels = {
            "name": "Name",
            "kind": "What kind of organisation is it?",
            "parent": "Council (for a department)",
            "annual_income": "Latest annual income in pounds (optional)",
        }
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        self.fields["parent"].queryset = Organisation.objects.filter(
            area=area, kind=OrganisationKind.COUNCIL
        )
        self.fields["parent"].required = False
        self.fields["name"].error_messages["required"] = "Enter the organisation's name"
        self.fields["kind"].error_messages["required"] = "Select what kind of organisation it is"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == OrganisationKind.DEPARTMENT and not cleaned.get("parent"):
            self.add_error("parent", "Select the council this department belongs to")
        org_id = cleaned.get("org_id")
        if org_id:
            clash = Organisation.objects.filter(area=self.area, org_id=org_id)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("org_id", "Another organisation in this area has this identifier")
        return cleaned
