from django import forms

from .models import Organisation, OrganisationKind


class OrganisationForm(forms.ModelForm):
    # Declared, not generated from the model: a generated field adds a blank choice
    # ("- Select an option -"), which radios show as an option, selected.
    kind = forms.ChoiceField(
        label="What kind of organisation is it?",
        choices=OrganisationKind.choices,
        widget=forms.RadioSelect,
    )

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
            "parent": "Council (for a department)",
            "annual_income": "Latest annual income in pounds (optional)",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

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
