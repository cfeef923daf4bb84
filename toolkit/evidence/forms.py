import os
from decimal import Decimal

from django import forms
from django.conf import settings

from toolkit.core.long_lists import long_list_fit
from toolkit.core.spreadsheets import FileRejected, check_name, fingerprint, xlsx_check

from .models import ImportKind

MAX_UPLOAD_BYTES = getattr(settings, "EVIDENCE_UPLOAD_MAX_BYTES", 25 * 1024 * 1024)
ALLOWED = {
    ImportKind.CHARITIES: {".csv", ".json", ".txt"},
    ImportKind.GRANTS: {".csv", ".json", ".xlsx"},
    ImportKind.CONTRACTS: {".json"},
}
EXPECTED_KIND = {".csv": "csv", ".txt": "csv", ".json": "json", ".xlsx": "xlsx"}


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is in the file?", choices=ImportKind.choices, widget=forms.RadioSelect
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="Charities: the register subset CSV or an extract table (CSV, TXT or JSON). "
        "Grants: 360Giving CSV, JSON or XLSX. Contracts: an OCDS package (JSON). "
        f"Up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
    )

    def clean(self):
        data = super().clean()
        upload, kind = data.get("file"), data.get("kind")
        if not upload or not kind:
            return data
        extension = os.path.splitext(upload.name)[1].lower()
        if upload.size > MAX_UPLOAD_BYTES:
            self.add_error(
                "file", f"The file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"
            )
            return data
        if extension not in ALLOWED[kind]:
            allowed = ", ".join(sorted(ALLOWED[kind]))
            self.add_error("file", f"The selected file must be {allowed} for this kind of data")
            return data
        found = fingerprint(upload)
        try:
            check_name(upload.name, found, {e: EXPECTED_KIND[e] for e in ALLOWED[kind]})
            if found.kind == "xlsx":
                xlsx_check(upload)
            elif found.problem:
                raise FileRejected(found.problem)
        except FileRejected as exc:
            self.add_error("file", str(exc))
        upload.seek(0)
        return data


class ValueForm(forms.Form):
    invested = forms.DecimalField(
        label="Money invested (£)", min_value=Decimal("0.01"), max_digits=14, decimal_places=2
    )
    costs_avoided = forms.DecimalField(
        label="Council costs avoided (£)",
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        help_text="Spending that was not needed because of the work.",
    )
    value_created = forms.DecimalField(
        label="Other value created (£)",
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text="Optional. Only value you can put a defensible money figure on.",
    )
    assumptions = forms.CharField(
        label="Assumptions",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="How each figure was worked out, so others can check it.",
    )
    title = forms.CharField(
        label="What it is for (to save it)",
        max_length=200,
        required=False,
        help_text="For example, the programme or the year. Needed only to keep the result.",
    )
    relationship = forms.ModelChoiceField(
        label="Relationship (optional)",
        queryset=None,
        required=False,
        empty_label="Not for one relationship",
        to_field_name="public_id",  # database ids are never shown
    )

    def __init__(self, *args, relationships=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["relationship"]
        if hasattr(relationships, "model"):
            field.queryset = relationships
            long_list_fit(field, relationships.count(), "relationships")
        else:
            del self.fields["relationship"]

    def clean(self):
        cleaned = super().clean()
        if self.data.get("save") is not None and not cleaned.get("title", "").strip():
            self.add_error("title", "Enter what the calculation is for, to save it")
        return cleaned
