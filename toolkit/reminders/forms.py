from django import forms

from toolkit.areas.models import Side

from .models import EmailPreference
from .respondents import MAX_ADDRESSES, AddressError, addresses_parse


class LinkEmailForm(forms.Form):
    side = forms.ChoiceField(
        label="Which side are these people on?", choices=Side.choices, widget=forms.RadioSelect
    )
    addresses = forms.CharField(
        label="Email addresses",
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=f"One address a line, up to {MAX_ADDRESSES}. Each person gets their own "
        "personal link. We keep an address only until that person sends their answers or the "
        "round closes, to remind them; no one can see it, or whether they have answered.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].error_messages["required"] = "Select which side these people are on"
        self.fields["addresses"].error_messages["required"] = "Enter at least one email address"

    def clean_addresses(self):
        try:
            return addresses_parse(self.cleaned_data["addresses"])
        except AddressError as error:
            raise forms.ValidationError(error.message) from error


class EmailPreferenceForm(forms.ModelForm):
    class Meta:
        model = EmailPreference
        fields = ["action_emails", "weekly_digest"]
