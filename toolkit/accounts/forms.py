from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from .models import User


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": (
            "Enter a correct email address and password. Passwords are case-sensitive."
        ),
        "inactive": "This account has been closed.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"


class ResetRequestForm(PasswordResetForm):
    """Django's form with the same wording as the sign-in page."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )


class AccountCreateForm(forms.Form):
    """For someone accepting an invitation who has no account yet."""

    full_name = forms.CharField(label="Full name", max_length=150)
    password = forms.CharField(
        label="Create a password",
        strip=False,
        help_text="At least 12 characters. A few unrelated words make a strong password.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label="Confirm your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["full_name"].error_messages["required"] = "Enter your full name"
        self.fields["password"].error_messages["required"] = "Create a password"
        self.fields["password_confirm"].error_messages["required"] = "Confirm your password"

    def clean_password(self):
        password = self.cleaned_data["password"]
        candidate = User(email=self.email, full_name=self.data.get("full_name", ""))
        password_validation.validate_password(password, candidate)
        return password

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("password")
            and cleaned.get("password_confirm")
            and cleaned["password"] != cleaned["password_confirm"]
        ):
            self.add_error("password_confirm", "The passwords do not match")
        return cleaned


class AccountDetailsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name"]
        labels = {"full_name": "Full name"}
