from django import forms


class CodeForm(forms.Form):
    """The 6-digit code from an authenticator app. The check itself is in services, which
    adds its message to the field."""

    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code shown in your authenticator app, like 123456.",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].error_messages["required"] = (
            "Enter the 6-digit code from your authenticator app"
        )
