import logging

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils import timezone

from toolkit.areas.models import Organisation, OrganisationKind, Role
from toolkit.core.email import email_send, text_render
from toolkit.core.links import absolute_url

from .models import User

logger = logging.getLogger(__name__)


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
    """Django's form with the same wording as the sign-in page, whose email is sent like every
    other (toolkit/core/email.py) with its link from toolkit/core/links.py: SITE_URL where it
    is set (production), not the Host header of whoever asked for the reset."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )

    def save(self, *args, request=None, **kwargs):
        self.request = request
        return super().save(*args, request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        path = reverse(
            "accounts:password-reset-confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        try:
            email_send(
                to=context["email"],
                subject=text_render(subject_template_name, context),
                template_name=email_template_name,
                context={**context, "link": absolute_url(path, getattr(self, "request", None))},
            )
        except Exception:  # as Django's own form: the page must not say whether it was sent
            logger.exception("Failed to send a password-reset email to %s", context["user"].pk)


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
