from django import forms

from .models import Scope
from .services import EXPIRY_CHOICES


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the token is for, like ‘Council dashboard’. Only you see it.",
    )
    scope = forms.ChoiceField(
        label="What can the token do?",
        choices=[
            (Scope.READ, "Read only: read the data of your areas"),
            (
                Scope.WRITE,
                "Read and write: also add and change relationships, and the action plan "
                "(actions and their progress updates)",
            ),
        ],
        widget=forms.RadioSelect,
        help_text="Either way it can see and do only what your role in each area allows.",
    )
    expires_in_days = forms.TypedChoiceField(
        label="When should it stop working?",
        choices=[(str(days), label) for days, label in EXPIRY_CHOICES.items()],
        coerce=int,
        widget=forms.RadioSelect,
        initial="90",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter a name for the token"
        self.fields["scope"].error_messages["required"] = (
            "Select whether the token can only read, or read and write"
        )
        self.fields["expires_in_days"].error_messages["required"] = (
            "Select when the token should stop working"
        )
