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


class RecoveryCodeForm(forms.Form):
    """One of the person's recovery codes. Checked in services, like CodeForm."""

    code = forms.CharField(
        label="Recovery code",
        help_text="One of the 12-character codes you saved when you set up two-factor sign-in, "
        "like abcd-efgh-jkmn. Each code works once.",
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
                "class": "govuk-input--width-20",
            }
        ),
        error_messages={"required": "Enter one of your recovery codes"},
    )


class PasswordConfirmForm(forms.Form):
    """The person's password again, before something that changes how they sign in."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not correct")
        return password
