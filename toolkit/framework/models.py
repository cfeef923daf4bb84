"""The research's framework content, loaded from the versioned YAML files in ``content/``.

Every item belongs to one ``ContentVersion`` and is identified within it by ``slug`` (the
stable ``id`` in the YAML). Other apps should refer to framework items by slug (and, where it
matters, the version they were answered against), never by database id: a new content version
creates new rows.

Loaded by ``services.framework_content_load``; read through ``selectors``.
"""

from django.db import models


class ContentVersion(models.Model):
    version = models.CharField(max_length=50, unique=True)
    checksum = models.CharField(
        max_length=64, help_text="SHA-256 of the content files (names and bytes), in name order."
    )
    source_title = models.CharField(max_length=300)
    source_publisher = models.CharField(max_length=200)
    source_date = models.CharField(max_length=50)
    source_citation = models.CharField(max_length=100, default="LGA/Locality (2022)")
    agreement_scale = models.JSONField(
        default=list, help_text="Points of the agreement scale used for element statements."
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-id"]
        get_latest_by = ["loaded_at", "id"]

    def __str__(self):
        return self.version


class FrameworkItem(models.Model):
    """Fields every framework item shares."""

    version = models.ForeignKey(ContentVersion, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=80, help_text="Stable id from the content files.")
    title = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)
    source_section = models.CharField(max_length=300)

    class Meta:
        abstract = True
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "slug"], name="%(app_label)s_%(class)s_unique_slug"
            )
        ]

    def __str__(self):
        return self.title


class RelationshipType(FrameworkItem):
    summary = models.TextField()
    detail = models.TextField(blank=True)
    examples = models.JSONField(default=list)

    class Meta(FrameworkItem.Meta):
        pass


class StrategicQuality(FrameworkItem):
    summary = models.TextField()
    prompt = models.CharField(max_length=300)

    class Meta(FrameworkItem.Meta):
        verbose_name_plural = "strategic qualities"


class ToolStep(FrameworkItem):
    number = models.PositiveSmallIntegerField()
    summary = models.TextField()
    involves = models.JSONField(default=list)

    class Meta(FrameworkItem.Meta):
        pass


class MappingAxis(FrameworkItem):
    question = models.CharField(max_length=200)
    summary = models.TextField()
    low_label = models.CharField(max_length=100)
    high_label = models.CharField(max_length=100)
    scale_points = models.JSONField(
        default=list, help_text='[{"value": 1..5, "label": ..., "description": ...}]'
    )
    dont_know = models.TextField(blank=True)

    class Meta(FrameworkItem.Meta):
        verbose_name_plural = "mapping axes"


class SpatialScale(FrameworkItem):
    summary = models.TextField()
    kinds = models.JSONField(default=list, help_text='[{"id": ..., "title": ..., "summary": ...}]')

    class Meta(FrameworkItem.Meta):
        pass


class Principle(FrameworkItem):
    number = models.PositiveSmallIntegerField()
    summary = models.TextField()
    description = models.TextField(blank=True)

    class Meta(FrameworkItem.Meta):
        pass


class Element(FrameworkItem):
    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="elements")
    summary = models.TextField()
    description = models.TextField(blank=True)
    good_looks_like = models.JSONField(default=list)
    statements = models.JSONField(default=list, help_text='[{"id": ..., "text": ...}]')
    quick_check = models.TextField(
        blank=True, help_text="Statement for the short version; blank if not in it."
    )

    class Meta(FrameworkItem.Meta):
        pass


class Barrier(FrameworkItem):
    class Kind(models.TextChoices):
        COMMON = "common", "Common barrier"
        POLICY = "policy", "Policy barrier"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    summary = models.TextField()
    related_elements = models.ManyToManyField(Element, blank=True, related_name="barriers")

    class Meta(FrameworkItem.Meta):
        pass


class Pressure(FrameworkItem):
    summary = models.TextField()

    class Meta(FrameworkItem.Meta):
        pass


class PracticeExample(FrameworkItem):
    class Kind(models.TextChoices):
        CASE_STUDY = "case_study", "Case study"
        EXAMPLE = "example", "Example"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    place = models.CharField(max_length=200, blank=True)
    summary = models.TextField()
    context = models.TextField(blank=True)
    what_they_did = models.JSONField(default=list)
    lessons = models.JSONField(default=list)
    key_figures = models.JSONField(default=list)
    themes = models.JSONField(
        default=dict, help_text='As in the file: {"elements": [...], "barriers": [...], ...}'
    )
    elements = models.ManyToManyField(Element, blank=True, related_name="practice_examples")
    barriers = models.ManyToManyField(Barrier, blank=True, related_name="practice_examples")
    relationship_types = models.ManyToManyField(
        RelationshipType, blank=True, related_name="practice_examples"
    )

    class Meta(FrameworkItem.Meta):
        pass
