from django import forms

from toolkit.areas.models import Organisation, OrganisationKind, Side
from toolkit.core.long_lists import long_list_fit

from . import leads
from .judgements import JudgementData
from .models import Judgement, MeetingFrequency, RegionKind, Scale, Status, Structure
from .party_fields import FilterableCheckboxes, OrganisationChoiceField
from .services import (
    QualityAnswer,
    RelationshipData,
    judgement_problems,
    relationship_data_build,
    relationship_problems,
)
from .vocabulary import Vocabulary


def add_quality_fields(form: forms.Form, vocab: Vocabulary) -> list[tuple]:
    """A tick and a 'why' for each of the seven qualities, named as
    ``services.judgement_problems`` names its problems; returns (quality, tick field name,
    why field name) in the framework's order."""
    fields = []
    for slug, quality in vocab.qualities.items():
        present = f"quality_{slug}"
        evidence = f"evidence_{slug}"
        form.fields[present] = forms.BooleanField(
            label=f"It has this quality: {quality.title.lower()}", required=False
        )
        form.fields[evidence] = forms.CharField(
            label=f"Why? What is the evidence for {quality.title.lower()}?",
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        fields.append((quality, present, evidence))
    return fields


class RelationshipForm(forms.Form):
    """The whole relationship on one page, grouped under headings by the template. The rules
    are ``services.relationship_problems``, shared with the bulk import."""

    # When an edit was opened (services.relationship_version): a save made by someone else
    # since is shown to the person, not overwritten unseen.
    version = forms.CharField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(
        label="Name of the relationship",
        max_length=200,
        help_text="What people call it, like ‘VCS partnership board’ or ‘Home care contract’.",
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    council_parties = OrganisationChoiceField(
        label="Council side",
        required=False,
        queryset=Organisation.objects.none(),
        widget=FilterableCheckboxes,
        help_text="The council and the departments or service areas taking part. Select none "
        "for a relationship between VCS organisations.",
    )
    vcs_parties = OrganisationChoiceField(
        label="Voluntary and community sector side",
        required=False,
        queryset=Organisation.objects.none(),
        widget=FilterableCheckboxes,
        help_text="Organisations taking part, or the forum, alliance or network that represents "
        "many.",
    )
    main_type = forms.ChoiceField(
        label="Main type",
        widget=forms.RadioSelect,
        help_text="The type that best describes the relationship.",
    )
    types = forms.MultipleChoiceField(
        label="Other types it blends (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Many relationships blend types. Select any others that apply.",
    )
    structures = forms.MultipleChoiceField(
        label="Structures it runs through (optional)",
        required=False,
        choices=Structure.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    meeting_frequency = forms.ChoiceField(
        label="How often do the parties meet? (optional)",
        required=False,
        choices=MeetingFrequency.choices,
        widget=forms.RadioSelect,
    )
    scale = forms.ChoiceField(
        label="Scale (optional)",
        required=False,
        choices=Scale.choices,
        widget=forms.RadioSelect,
        help_text="Where it works: in one or a few neighbourhoods, across the whole council "
        "area, or across a wider region.",
    )
    neighbourhoods = forms.CharField(
        label="Neighbourhoods or wards (for a neighbourhood relationship)",
        required=False,
        max_length=300,
    )
    region_kind = forms.ChoiceField(
        label="Kind of region (for a regional relationship)",
        required=False,
        choices=RegionKind.choices,
        widget=forms.RadioSelect,
    )
    judgement = forms.ChoiceField(
        label="Is the relationship strategic? (optional until you have discussed it)",
        required=False,
        choices=Judgement.choices,
        widget=forms.RadioSelect,
    )
    judgement_reasoning = forms.CharField(
        label="Why? (needed when you give a judgement)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    started_on = forms.DateField(
        label="Start date (optional)",
        required=False,
        help_text="For example, 1/4/2021",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    status = forms.ChoiceField(
        label="Status", choices=Status.choices, widget=forms.RadioSelect, initial=Status.ACTIVE
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    FIELD_FOR_PROBLEM = {"parties": "vcs_parties"}

    def __init__(self, *args, area, vocab: Vocabulary, **kwargs):
        super().__init__(*args, **kwargs)
        self.vocab = vocab
        organisations = Organisation.objects.filter(area=area).order_by("name")
        self.fields["council_parties"].queryset = organisations.filter(
            kind__in=[OrganisationKind.COUNCIL, OrganisationKind.DEPARTMENT]
        ).order_by("kind", "name")
        self.fields["vcs_parties"].queryset = organisations.filter(kind=OrganisationKind.VCS)
        vcs_count = self.fields["vcs_parties"].queryset.count()
        # The template says how to add them instead of showing an empty list.
        self.no_vcs_organisations = vcs_count == 0
        long_list_fit(self.fields["vcs_parties"], vcs_count, "organisations")
        council_parties = self.fields["council_parties"]
        long_list_fit(council_parties, council_parties.queryset.count(), "organisations")
        type_choices = [(slug, item.title) for slug, item in vocab.types.items()]
        self.fields["main_type"].choices = type_choices
        self.fields["types"].choices = type_choices
        self.fields["title"].error_messages["required"] = "Enter a name for the relationship"
        self.fields["main_type"].error_messages["required"] = "Select the relationship's main type"
        self.fields["started_on"].error_messages["invalid"] = (
            "Enter the start date as day/month/year, like 1/4/2021"
        )
        self.quality_fields = add_quality_fields(self, vocab)
        # Fields in page order (the error summary follows it).
        order = [
            "title",
            "description",
            "council_parties",
            "vcs_parties",
            "main_type",
            "types",
            "structures",
            "meeting_frequency",
            "scale",
            "neighbourhoods",
            "region_kind",
        ]
        for _quality, present, evidence in self.quality_fields:
            order += [present, evidence]
        order += ["judgement", "judgement_reasoning", "started_on", "status", "notes"]
        self.order_fields(order)

    @property
    def quality_rows(self):
        return [(q, self[p], self[e]) for q, p, e in self.quality_fields]

    @classmethod
    def initial_from(cls, data: RelationshipData) -> dict:
        initial = {
            "title": data.title,
            "description": data.description,
            "council_parties": [p for p in data.parties if p.kind != OrganisationKind.VCS],
            "vcs_parties": [p for p in data.parties if p.kind == OrganisationKind.VCS],
            "main_type": data.main_type,
            "types": [t for t in data.types if t != data.main_type],
            "structures": data.structures,
            "meeting_frequency": data.meeting_frequency,
            "scale": data.scale,
            "neighbourhoods": data.neighbourhoods,
            "region_kind": data.region_kind,
            "judgement": data.judgement,
            "judgement_reasoning": data.judgement_reasoning,
            "started_on": data.started_on.strftime("%-d/%-m/%Y") if data.started_on else None,
            "status": data.status,
            "notes": data.notes,
        }
        for slug, answer in data.qualities.items():
            initial[f"quality_{slug}"] = answer.present
            initial[f"evidence_{slug}"] = answer.evidence
        return initial

    def to_data(self) -> RelationshipData:
        c = self.cleaned_data
        return relationship_data_build(
            c,
            parties=[*c.get("council_parties", []), *c.get("vcs_parties", [])],
            main_type=c.get("main_type", ""),
            types=c.get("types", []),
            qualities={
                q.slug: QualityAnswer(bool(c.get(p)), c.get(e, ""))
                for q, p, e in self.quality_fields
            },
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        for key, message in relationship_problems(self.to_data(), self.vocab):
            self.add_error(self.FIELD_FOR_PROBLEM.get(key, key), message)
        started = cleaned.get("started_on")
        if started and started.year < 1900:
            self.add_error("started_on", "Enter a start date after 1900")
        return cleaned


class SideJudgementForm(forms.Form):
    """One side's own judgement of a relationship (``register.judgements``): the same
    questions as the joint judgement, under the same rules."""

    judgement = forms.ChoiceField(
        label="Does your side think the relationship is strategic? (optional until you have "
        "discussed it)",
        required=False,
        choices=Judgement.choices,
        widget=forms.RadioSelect,
    )
    judgement_reasoning = forms.CharField(
        label="Why? (needed when you give a judgement)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, vocab: Vocabulary, **kwargs):
        super().__init__(*args, **kwargs)
        self.vocab = vocab
        self.quality_fields = add_quality_fields(self, vocab)
        order = []
        for _quality, present, evidence in self.quality_fields:
            order += [present, evidence]
        self.order_fields([*order, "judgement", "judgement_reasoning"])

    @property
    def quality_rows(self):
        return [(q, self[p], self[e]) for q, p, e in self.quality_fields]

    @staticmethod
    def initial_from(data: JudgementData | None) -> dict:
        if data is None:
            return {}
        initial = {"judgement": data.judgement, "judgement_reasoning": data.judgement_reasoning}
        for slug, answer in data.qualities.items():
            initial[f"quality_{slug}"] = answer.present
            initial[f"evidence_{slug}"] = answer.evidence
        return initial

    def to_data(self) -> JudgementData:
        c = self.cleaned_data
        return JudgementData(
            c.get("judgement", ""),
            c.get("judgement_reasoning", ""),
            {
                q.slug: QualityAnswer(bool(c.get(p)), c.get(e, ""))
                for q, p, e in self.quality_fields
            },
        )

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            data = self.to_data()
            for key, message in judgement_problems(
                data.judgement, data.judgement_reasoning, data.qualities, self.vocab
            ):
                self.add_error(key, message)
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV file (.csv) or Excel workbook (.xlsx) made from the template, up to 2 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["required"] = "Select a CSV or Excel file to import"
        self.fields["file"].error_messages["empty"] = "The selected file is empty"

    def clean_file(self):
        from .importing import MAX_UPLOAD_BYTES

        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The selected file must be a CSV or an Excel (.xlsx) file")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 2 MB")
        return upload


class SettingsForm(forms.Form):
    participants_may_edit = forms.BooleanField(
        label="Council and VCS participants may add and change relationships", required=False
    )


NEW_PERSON = "new"


class LeadsForm(forms.Form):
    """The council lead and the VCS lead of one relationship or organisation: a member of
    the area, someone already named as a lead, or someone new without an account. The rules
    are ``leads.lead_problems``, shared with the import and the handover."""

    def __init__(self, *args, area, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        for side, label in ((Side.COUNCIL, "Council lead"), (Side.VCS, "VCS lead")):
            lead = current.get(side)
            choices = leads.successor_choices(area, side)
            if lead is not None:
                key = leads.person_key(lead.member, lead.name)
                if key not in dict(choices):  # a member who has left, until handed over
                    choices.append((key, f"{lead.display_name} (no longer a member)"))
                self.initial.setdefault(f"{side}_person", key)
                self.initial.setdefault(f"{side}_job_title", lead.job_title)
            self.fields[f"{side}_person"] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", "No lead named"), *choices, (NEW_PERSON, "Someone new, named below")],
            )
            self.fields[f"{side}_name"] = forms.CharField(
                label=f"Name of someone new without an account ({label.lower()})",
                required=False,
                max_length=leads.NAME_MAX,
            )
            self.fields[f"{side}_job_title"] = forms.CharField(
                label=f"Job title ({label.lower()}, optional)",
                required=False,
                max_length=leads.JOB_TITLE_MAX,
            )

    def clean(self):
        cleaned = super().clean()
        self.values = {}
        for side in (Side.COUNCIL, Side.VCS):
            choice = cleaned.get(f"{side}_person", "")
            job_title = cleaned.get(f"{side}_job_title", "")
            if not choice:
                self.values[side] = None
                continue
            if choice == NEW_PERSON:
                if not cleaned.get(f"{side}_name", "").strip():
                    self.add_error(f"{side}_name", "Enter the name of the new person")
                    continue
                value = leads.LeadValue(name=cleaned[f"{side}_name"], job_title=job_title)
            else:
                value = leads.value_for_choice(self.area, choice, job_title=job_title)
            for problem in leads.lead_problems(self.area, side, value):
                self.add_error(f"{side}_person", problem)
            self.values[side] = value
        return cleaned


class HandoverForm(forms.Form):
    """Who takes over each lead role of someone who is leaving: one choice per role, and
    one new person without an account who can take any of them."""

    new_name = forms.CharField(
        label="Name of someone new without an account (optional)",
        required=False,
        max_length=leads.NAME_MAX,
        help_text="Choose ‘The new person named here’ for each role they take over.",
    )
    new_job_title = forms.CharField(
        label="Their job title (optional)", required=False, max_length=leads.JOB_TITLE_MAX
    )

    def __init__(self, *args, area, person_key: str, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.area, self.roles = area, roles
        by_side = {side: leads.successor_choices(area, side, leaving=person_key) for side in Side}
        self.role_fields = []
        for lead in roles:
            name = f"role_{lead.public_id}"
            self.fields[name] = forms.ChoiceField(
                label=f"{leads.SIDE_LABELS[lead.side]} for {leads.lead_subject(lead)}",
                choices=[
                    ("", "Choose who takes over"),
                    *by_side[lead.side],
                    (NEW_PERSON, "The new person named here"),
                ],
                error_messages={"required": "Choose who takes over this role"},
            )
            self.role_fields.append(name)
        self.order_fields(["new_name", "new_job_title", *self.role_fields])

    def clean(self):
        cleaned = super().clean()
        self.successors = {}
        new = None
        if cleaned.get("new_name", "").strip():
            new = leads.LeadValue(
                name=cleaned["new_name"], job_title=cleaned.get("new_job_title", "")
            )
        for lead in self.roles:
            choice = cleaned.get(f"role_{lead.public_id}", "")
            if choice == NEW_PERSON:
                if new is None:
                    self.add_error("new_name", "Enter the name of the new person")
                self.successors[str(lead.public_id)] = new
            elif choice:
                self.successors[str(lead.public_id)] = leads.value_for_choice(self.area, choice)
        return cleaned

    @property
    def role_bound_fields(self):
        return [self[name] for name in self.role_fields]

    def field_for(self, lead_id: str) -> str:
        return f"role_{lead_id}"
