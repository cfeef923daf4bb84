from django import forms

from .services import confirmation_matches


class DeleteAreaForm(forms.Form):
    confirm = forms.CharField(label="Type the area's name to confirm", max_length=200)

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        self.fields["confirm"].help_text = f"Type {area.name}"
        self.fields["confirm"].error_messages["required"] = (
            "Type the area's name to confirm you want to delete it"
        )

    def clean_confirm(self):
        typed = self.cleaned_data["confirm"]
        if not confirmation_matches(self.area, typed):
            raise forms.ValidationError(
                f"The name you typed does not match. Type {self.area.name} exactly"
            )
        return typed
