"""The content files themselves: counts, ids, citations and survey statements. No database."""

from collections import Counter

import pytest

from toolkit.framework.content_files import COLLECTIONS, SLUG_RE

EXPECTED_ELEMENTS = {
    "shared-foundations": [
        "rebalancing-power",
        "recognition-of-value",
        "transparency",
        "consistency",
    ],
    "relational-culture": ["mindset-shift-for-councils", "change-within-the-vcs"],
    "effective-structures": ["structures", "mechanisms", "senior-leadership", "the-right-scale"],
    "capacity-and-resources": ["time", "capacity", "the-right-approach-to-funding"],
}


def ids(items):
    return [item["id"] for item in items]


def all_items(content):
    """Every item with an id, at any depth, as (path, item)."""
    for name in COLLECTIONS:
        for item in content.data[name]:
            yield name, item
    for element in content.elements():
        yield "elements", element


def test_version_and_source(content):
    assert content.version
    source = content.data["source"]
    assert " ".join(source["title"].split()) == (
        "Research report into the state of strategic relationships between councils and their "
        "local voluntary and community sector"
    )
    assert source["publisher"] == "Local Government Association; researched and drafted by Locality"
    assert source["date"] == "September 2022"


def test_relationship_types(content):
    types = content.data["relationship_types"]
    assert ids(types) == ["shaping", "ongoing", "neighbourhood", "commissioning", "delivery"]
    assert all(len(t["examples"]) >= 2 for t in types)


def test_seven_strategic_qualities_each_with_a_question(content):
    qualities = content.data["strategic_qualities"]
    assert len(qualities) == 7
    assert all(q["prompt"].endswith("?") for q in qualities)
    assert qualities[0]["prompt"] == "Is it set up to achieve well-defined common goals?"


def test_three_tool_steps(content):
    steps = content.data["tool_steps"]
    assert ids(steps) == ["evaluate", "map", "action-plan"]
    assert [s["number"] for s in steps] == [1, 2, 3]
    assert steps[2]["title"] == "Create a joint action plan"


def test_four_mapping_axes_with_five_points(content):
    axes = content.data["mapping_axes"]
    assert ids(axes) == [
        "strategic-transactional",
        "proactive-reactive",
        "financial-investment",
        "time-investment",
    ]
    for axis in axes:
        assert [p["value"] for p in axis["scale_points"]] == [1, 2, 3, 4, 5]
        assert axis["low_label"] and axis["high_label"]
        assert "don't know" in axis["dont_know"].lower()


def test_three_spatial_scales_with_regional_kinds(content):
    scales = content.data["spatial_scales"]
    assert ids(scales) == ["neighbourhood", "whole-place", "region"]
    assert ids(scales[2]["kinds"]) == [
        "combined-authority",
        "integrated-care-system",
        "funding-geographies",
    ]


def test_four_principles_with_thirteen_elements(content):
    principles = content.data["principles"]
    assert {p["id"]: ids(p["elements"]) for p in principles} == EXPECTED_ELEMENTS
    assert [p["title"] for p in principles] == [
        "Shared foundations",
        "Relational culture",
        "Effective structures",
        "Capacity and resources",
    ]
    assert len(content.elements()) == 13


def test_every_element_has_statements_and_good_practice(content):
    for element in content.elements():
        assert 2 <= len(element["statements"]) <= 3, element["id"]
        assert element["good_looks_like"], element["id"]


def test_statement_ids_are_unique(content):
    statement_ids = [s["id"] for e in content.elements() for s in e["statements"]]
    assert len(statement_ids) == len(set(statement_ids))
    assert all(SLUG_RE.match(s) for s in statement_ids)


def test_quick_check_covers_about_ten_elements(content):
    quick = [e["id"] for e in content.elements() if e.get("quick_check")]
    assert 8 <= len(quick) <= 12


def test_barriers_are_eight_common_and_five_policy(content):
    barriers = content.data["barriers"]
    assert len(barriers) == 13
    assert Counter(b["kind"] for b in barriers) == {"common": 8, "policy": 5}


def test_pressures(content):
    assert ids(content.data["pressures"]) == ["cost-of-living-crisis", "climate-emergency"]


def test_five_case_studies(content):
    case_studies = [p for p in content.data["practice_examples"] if p["kind"] == "case_study"]
    assert sorted(p["title"] for p in case_studies) == [
        "Calderdale",
        "Derby",
        "Hackney",
        "Malvern Hills",
        "South Gloucestershire",
    ]
    for study in case_studies:
        assert study["context"] and study["what_they_did"] and study["lessons"]


def test_named_examples_are_in_the_library(content):
    library = ids(content.data["practice_examples"])
    for expected in (
        "barnet-together-alliance",
        "kent-full-cost-recovery",
        "hackney-community-infrastructure-grants",
        "locality-local-economic-impact",
        "oldham-innovation-partnership",
        "hackney-systems-thinking",
    ):
        assert expected in library


def test_south_gloucestershire_figures_as_in_the_research(content):
    example = next(
        p
        for p in content.data["practice_examples"]
        if p["id"] == "south-gloucestershire-value-of-vcs"
    )
    figures = " ".join(example["key_figures"])
    assert "£165,000" in figures
    assert "£1.095 million" in figures


def test_locality_figure(content):
    example = next(
        p for p in content.data["practice_examples"] if p["id"] == "locality-local-economic-impact"
    )
    assert "£2.50" in " ".join(example["key_figures"])
    assert "£1" in " ".join(example["key_figures"])


def test_every_example_links_to_existing_elements(content):
    element_ids = set(ids(content.elements()))
    barrier_ids = set(ids(content.data["barriers"]))
    for example in content.data["practice_examples"]:
        assert example["themes"]["elements"], example["id"]
        assert set(example["themes"]["elements"]) <= element_ids
        assert set(example["themes"].get("barriers", [])) <= barrier_ids


def test_every_element_has_at_least_one_practice_idea(content):
    themed = {
        e for example in content.data["practice_examples"] for e in example["themes"]["elements"]
    }
    assert themed == set(ids(content.elements()))


@pytest.mark.parametrize("collection", [*COLLECTIONS, "elements"])
def test_ids_are_unique_slugs(content, collection):
    collection_ids = [item["id"] for name, item in all_items(content) if name == collection]
    assert collection_ids
    assert len(collection_ids) == len(set(collection_ids))
    assert all(SLUG_RE.match(i) for i in collection_ids)


def test_every_item_cites_a_section(content):
    for name, item in all_items(content):
        section = item.get("source_section", "")
        assert section.startswith("Section "), (name, item["id"])
