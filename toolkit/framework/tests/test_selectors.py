"""Selectors, exercised with factory-built content."""

import pytest

from toolkit.framework import selectors
from toolkit.framework.models import ContentVersion, PracticeExample
from toolkit.framework.tests.factories import (
    BarrierFactory,
    ContentVersionFactory,
    ElementFactory,
    PracticeExampleFactory,
)

pytestmark = pytest.mark.django_db


def test_current_version_is_the_latest_loaded():
    assert selectors.current_version() is None
    ContentVersionFactory(version="1")
    newest = ContentVersionFactory(version="2")
    assert selectors.current_version() == newest


def test_content_version_is_read_once_and_forgotten_when_any_version_is_saved(
    django_assert_num_queries,
):
    version = ContentVersionFactory(version="1", source_citation="First")
    with django_assert_num_queries(1):
        assert selectors.content_version(version.pk).source_citation == "First"
    with django_assert_num_queries(0):
        assert selectors.content_version(version.pk) is selectors.content_version(version.pk)
    # A saved version (in tests, possibly one reusing a rolled-back id) is never served stale.
    version.source_citation = "Second"
    version.save()
    with django_assert_num_queries(1):
        assert selectors.content_version(version.pk).source_citation == "Second"
    version.delete()
    with pytest.raises(ContentVersion.DoesNotExist):
        selectors.content_version(version.pk)


def test_quick_check_elements():
    version = ContentVersionFactory()
    quick = ElementFactory(version=version, quick_check="We do this well.")
    ElementFactory(version=version, principle=quick.principle)
    assert list(selectors.quick_check_elements(version)) == [quick]


def test_practice_for_elements_puts_case_studies_first():
    version = ContentVersionFactory()
    element = ElementFactory(version=version)
    example = PracticeExampleFactory(version=version, elements=[element], position=1)
    case_study = PracticeExampleFactory(
        version=version, elements=[element], kind=PracticeExample.Kind.CASE_STUDY, position=2
    )
    PracticeExampleFactory(version=version)  # not themed on the element

    assert list(selectors.practice_for_elements(version, [element.slug])) == [case_study, example]


def test_practice_examples_filter_by_barrier_theme():
    version = ContentVersionFactory()
    barrier = BarrierFactory(version=version, slug="local-history")
    helps = PracticeExampleFactory(version=version, barriers=[barrier])
    PracticeExampleFactory(version=version)

    assert list(selectors.practice_examples(version, theme="local-history")) == [helps]


def test_items_are_scoped_to_their_version():
    old, new = ContentVersionFactory(), ContentVersionFactory()
    ElementFactory(version=old, slug="time")
    current = ElementFactory(version=new, slug="time")
    assert selectors.elements(new).filter(slug="time").first() == current
