"""GOV.UK Frontend markup for Django forms. Every form in the service renders its fields with
labels, hints, inline error messages and the right input classes without per-form templates;
the error summary at the top of the page comes from base.html."""

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


WIDGET_KINDS = {
    forms.RadioSelect: "radios",
    forms.CheckboxSelectMultiple: "checkboxes",
    forms.CheckboxInput: "checkbox",
    forms.Textarea: "textarea",
    forms.Select: "select",
    forms.SelectMultiple: "select",
    forms.FileInput: "file",
    forms.HiddenInput: "hidden",
}


def widget_kind(widget: forms.Widget) -> str:
    for widget_class in type(widget).__mro__:
        if widget_class in WIDGET_KINDS:
            return WIDGET_KINDS[widget_class]
    return "input"


# A date typed as day/month/year: GOV.UK's ten-character width, unless the form chose one.
DATE_WIDTH = "govuk-input--width-10"

INPUT_CLASSES = {
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
}


class ConfirmImportForm(forms.Form):
    """Confirms one preview of one uploaded file (core.imports): the file's SHA-256 and the
    preview's digest, so that only what was previewed can be applied."""

    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    digest = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
