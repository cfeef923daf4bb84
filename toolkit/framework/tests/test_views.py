"""The public framework pages: signed out, every page works, shows titles and citations."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from toolkit.framework import models

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "framework:index",
    "framework:types",
    "framework:qualities",
    "framework:steps",
    "framework:mapping",
    "framework:principles",
    "framework:barriers",
    "framework:practice",
]


class PageStructure(HTMLParser):
    """Collects headings, tables and links to check the page structure."""

    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.th_without_scope = 0
        self.empty_links = 0
        self._link_text: list[str] | None = None
        self._in_main = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self._in_main = True
        if not self._in_main:
            return
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th" and "scope" not in attrs:
            self.th_without_scope += 1
        elif tag == "a":
            self._link_text = []

    def handle_data(self, data):
        if self._link_text is not None:
            self._link_text.append(data)

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main = False
        if tag == "a" and self._link_text is not None:
            if not "".join(self._link_text).strip():
                self.empty_links += 1
            self._link_text = None


def structure(response):
    parser = PageStructure()
    parser.feed(response.content.decode())
    return parser


def all_urls(version):
    urls = [reverse(name) for name in LIST_PAGES]
    urls += [
        reverse("framework:principle", args=[p.slug])
        for p in models.Principle.objects.filter(version=version)
    ]
    urls += [
        reverse("framework:practice-example", args=[p.slug])
        for p in models.PracticeExample.objects.filter(version=version)
    ]
    return urls


def test_every_page_works_signed_out_and_is_well_structured(client, framework_content):
    for url in all_urls(framework_content):
        response = client.get(url)
        assert response.status_code == 200, url
        page = structure(response)
        assert page.headings.count(1) == 1, url
        assert page.headings[0] == 1, url
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, (url, page.headings)
        assert page.tables == page.captions, url
        assert page.th_without_scope == 0, url
        assert page.empty_links == 0, url
        assert b"govuk-breadcrumbs" in response.content, url
        assert b"app-citation" in response.content, url


def test_index_shows_the_content_version_and_principles(client, framework_content):
    response = client.get(reverse("framework:index"))
    assert framework_content.version in response.text
    for title in ("Shared foundations", "Relational culture", "Effective structures"):
        assert title in response.text


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("framework:types", models.RelationshipType),
        ("framework:qualities", models.StrategicQuality),
        ("framework:steps", models.ToolStep),
        ("framework:mapping", models.MappingAxis),
        ("framework:mapping", models.SpatialScale),
        ("framework:principles", models.Principle),
        ("framework:barriers", models.Barrier),
        ("framework:barriers", models.Pressure),
        ("framework:practice", models.PracticeExample),
    ],
)
def test_list_pages_show_every_item_with_its_citation(client, framework_content, name, model):
    text = client.get(reverse(name)).text
    for item in model.objects.filter(version=framework_content):
        assert item.title in text.replace("&#x27;", "'"), item.slug
        assert f"Source: LGA/Locality (2022), {item.source_section}" in text, item.slug


def test_principle_page_shows_elements_statements_and_ideas(client, framework_content):
    text = client.get(reverse("framework:principle", args=["shared-foundations"])).text
    for element in models.Element.objects.filter(principle__slug="shared-foundations"):
        assert element.title in text
        assert f"Source: LGA/Locality (2022), {element.source_section}" in text
        for statement in element.statements:
            assert statement["text"].replace('"', "&quot;") in text
    assert "In the quick check" in text
    assert reverse("framework:practice-example", args=["derby"]) in text


def test_practice_filters_by_kind(client, framework_content):
    response = client.get(reverse("framework:practice"), {"kind": "case_study"})
    titles = [e.title for e in response.context["examples"]]
    assert sorted(titles) == [
        "Calderdale",
        "Derby",
        "Hackney",
        "Malvern Hills",
        "South Gloucestershire",
    ]
    assert "5 examples: case studies" in response.text


def test_practice_filters_by_theme(client, framework_content):
    response = client.get(reverse("framework:practice"), {"theme": "time"})
    slugs = {e.slug for e in response.context["examples"]}
    assert "derby" in slugs
    assert all("time" in e.themes["elements"] for e in response.context["examples"])

    response = client.get(reverse("framework:practice"), {"theme": "commercialisation"})
    assert "barnet-together-alliance" in {e.slug for e in response.context["examples"]}


def test_practice_ignores_unknown_filters(client, framework_content):
    response = client.get(reverse("framework:practice"), {"kind": "nope", "theme": "<script>"})
    assert response.status_code == 200
    assert len(response.context["examples"]) == models.PracticeExample.objects.count()
    assert "<script>" not in response.text


def test_south_gloucestershire_figures_are_shown(client, framework_content):
    url = reverse("framework:practice-example", args=["south-gloucestershire-value-of-vcs"])
    text = client.get(url).text
    assert "£165,000" in text
    assert "£1.095 million" in text


@pytest.mark.parametrize(
    "url",
    ["/framework/principles/no-such-thing/", "/framework/practice/no-such-thing/"],
)
def test_unknown_slug_is_404(client, framework_content, url):
    assert client.get(url).status_code == 404


def test_pages_404_before_content_is_loaded_but_index_explains(client):
    response = client.get(reverse("framework:index"))
    assert response.status_code == 200
    assert "has not been loaded yet" in response.text
    assert client.get(reverse("framework:types")).status_code == 404


def test_pages_show_the_latest_version(client, framework_content):
    newer = models.ContentVersion.objects.create(
        version="2099.1", checksum="0" * 64, source_title="t", source_publisher="p", source_date="d"
    )
    models.RelationshipType.objects.create(
        version=newer, slug="shaping", title="Newer shaping", summary="s", source_section="S"
    )
    text = client.get(reverse("framework:types")).text
    assert "Newer shaping" in text
    assert "Ongoing relationships" not in text


def test_signed_in_users_see_the_pages_too(client, framework_content, django_user_model):
    user = django_user_model.objects.create_user(
        email="reader@example.org", password="a long enough password"
    )
    client.force_login(user)
    assert client.get(reverse("framework:principles")).status_code == 200


@pytest.mark.parametrize(
    ("name", "args", "max_queries"),
    [
        ("framework:index", [], 4),
        ("framework:principles", [], 4),
        ("framework:principle", ["effective-structures"], 6),
        ("framework:barriers", [], 5),
        ("framework:practice", [], 10),
        ("framework:practice-example", ["calderdale"], 6),
    ],
)
def test_query_counts_are_bounded(
    client, framework_content, django_assert_max_num_queries, name, args, max_queries
):
    with django_assert_max_num_queries(max_queries):
        assert client.get(reverse(name, args=args)).status_code == 200


def test_practice_query_count_does_not_grow_with_filters(
    client, framework_content, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        client.get(reverse("framework:practice"), {"kind": "example", "theme": "capacity"})
