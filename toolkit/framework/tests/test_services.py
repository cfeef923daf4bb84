"""framework_content_load: counts, idempotence, version conflicts and invalid files."""

import io
import shutil

import pytest

from toolkit.framework import models
from toolkit.framework.content_files import FrameworkContentError, content_dir
from toolkit.framework.services import ContentVersionConflict, framework_content_load

pytestmark = pytest.mark.django_db

EXPECTED_COUNTS = {
    "relationship_types": 5,
    "strategic_qualities": 7,
    "tool_steps": 3,
    "mapping_axes": 4,
    "spatial_scales": 3,
    "principles": 4,
    "elements": 13,
    "barriers": 13,
    "pressures": 2,
}


@pytest.fixture
def content_copy(tmp_path, settings):
    """A writable copy of the content files, used by the loader."""
    target = tmp_path / "content"
    shutil.copytree(content_dir(), target)
    settings.FRAMEWORK_CONTENT_DIR = target
    return target


def row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            models.ContentVersion,
            models.RelationshipType,
            models.StrategicQuality,
            models.ToolStep,
            models.MappingAxis,
            models.SpatialScale,
            models.Principle,
            models.Element,
            models.Barrier,
            models.Pressure,
            models.PracticeExample,
            models.PracticeExample.elements.through,
            models.Barrier.related_elements.through,
        )
    }


def test_load_creates_every_item():
    out = io.StringIO()
    result = framework_content_load(stdout=out)

    assert result.status == "created"
    assert {k: v for k, v in result.counts.items() if k != "practice_examples"} == EXPECTED_COUNTS
    version = models.ContentVersion.objects.get()
    assert version.version == result.version
    assert len(version.checksum) == 64
    assert version.source_date == "September 2022"
    assert [p["value"] for p in version.agreement_scale] == [1, 2, 3, 4, 5]
    assert models.Element.objects.count() == 13
    assert models.Barrier.objects.filter(kind="common").count() == 8
    assert models.Barrier.objects.filter(kind="policy").count() == 5
    assert models.PracticeExample.objects.filter(kind="case_study").count() == 5
    assert f"Framework content {result.version}: loaded" in out.getvalue()


def test_elements_belong_to_their_principles_in_order():
    framework_content_load()
    shared = models.Principle.objects.get(slug="shared-foundations")
    assert list(shared.elements.order_by("position").values_list("slug", flat=True)) == [
        "rebalancing-power",
        "recognition-of-value",
        "transparency",
        "consistency",
    ]


def test_practice_themes_are_linked():
    framework_content_load()
    barnet = models.PracticeExample.objects.get(slug="barnet-together-alliance")
    assert set(barnet.elements.values_list("slug", flat=True)) == set(barnet.themes["elements"])
    assert set(barnet.barriers.values_list("slug", flat=True)) == set(barnet.themes["barriers"])
    time = models.Element.objects.get(slug="time")
    assert time.barriers.filter(slug="short-term-horizons").exists()


def test_second_load_is_unchanged_and_creates_nothing():
    framework_content_load()
    before = row_counts()
    out = io.StringIO()

    result = framework_content_load(stdout=out)

    assert result.status == "unchanged"
    assert result.counts == {}
    assert row_counts() == before
    assert "unchanged" in out.getvalue()


def test_changed_content_under_the_same_version_is_refused(content_copy):
    framework_content_load()
    before = row_counts()
    path = content_copy / "framework.yaml"
    path.write_text(path.read_text().replace("Clear common goals", "Clear shared goals"))

    with pytest.raises(ContentVersionConflict) as excinfo:
        framework_content_load()

    assert "bump `version`" in str(excinfo.value)
    assert row_counts() == before


def test_a_new_version_loads_alongside_the_old(content_copy):
    first = framework_content_load()
    path = content_copy / "framework.yaml"
    text = path.read_text().replace(f'version: "{first.version}"', 'version: "2099.1-test"')
    path.write_text(text)

    second = framework_content_load()

    assert second.status == "created"
    assert models.ContentVersion.objects.count() == 2
    assert models.Element.objects.count() == 26
    assert models.Element.objects.filter(version__version="2099.1-test").count() == 13


def test_missing_field_names_the_file_and_item_and_saves_nothing(content_copy):
    path = content_copy / "principles.yaml"
    text = path.read_text()
    line = '        source_section: "Section 7, Principle One: Shared foundations – Transparency"\n'
    assert line in text
    path.write_text(text.replace(line, ""))

    with pytest.raises(FrameworkContentError) as excinfo:
        framework_content_load()

    message = str(excinfo.value)
    assert "principles.yaml" in message
    assert "'transparency'" in message
    assert "missing field `source_section`" in message
    assert models.ContentVersion.objects.count() == 0
    assert models.Element.objects.count() == 0


def test_duplicate_id_is_reported(content_copy):
    path = content_copy / "framework.yaml"
    path.write_text(path.read_text().replace("- id: ongoing\n", "- id: shaping\n"))

    with pytest.raises(FrameworkContentError) as excinfo:
        framework_content_load()

    assert "framework.yaml: relationship_types[1] (id 'shaping'): duplicate id" in str(
        excinfo.value
    )
    assert models.ContentVersion.objects.count() == 0


def test_broken_yaml_is_reported_with_the_file_name(content_copy):
    (content_copy / "practice.yaml").write_text("practice_examples:\n  - id: [unclosed\n")

    with pytest.raises(FrameworkContentError) as excinfo:
        framework_content_load()

    assert "practice.yaml: not valid YAML" in str(excinfo.value)
    assert models.ContentVersion.objects.count() == 0


def test_unknown_theme_reference_is_reported(content_copy):
    path = content_copy / "practice.yaml"
    path.write_text(
        path.read_text().replace(
            "elements: [structures, capacity, the-right-approach-to-funding]",
            "elements: [structures, capacity, no-such-element]",
        )
    )

    with pytest.raises(FrameworkContentError) as excinfo:
        framework_content_load()

    assert "(id 'barnet-together-alliance'): theme elements 'no-such-element' does not exist" in (
        str(excinfo.value)
    )


def test_failure_while_saving_rolls_back(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(models.Pressure.objects, "bulk_create", boom)

    with pytest.raises(RuntimeError):
        framework_content_load()

    assert models.ContentVersion.objects.count() == 0
    assert models.Element.objects.count() == 0
