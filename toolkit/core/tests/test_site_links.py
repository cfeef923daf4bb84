"""The header's and footer's links, reversed once (core.context_processors.site_links)."""

import pytest
from django.urls import reverse, set_script_prefix

from toolkit.core.context_processors import SITE_LINKS, site_links


def test_each_link_is_its_route_and_follows_the_script_prefix():
    assert site_links() == {name: reverse(route) for name, route in SITE_LINKS.items()}
    set_script_prefix("/toolkit/")
    try:
        assert site_links()["privacy"] == reverse("core:privacy")
        assert site_links()["privacy"].startswith("/toolkit/")
    finally:
        set_script_prefix("/")
    assert not site_links()["privacy"].startswith("/toolkit/")


@pytest.mark.django_db
def test_every_page_carries_the_links(client):
    page = client.get(reverse("core:accessibility")).content.decode()
    for name in ("home", "framework", "sign_in", "accessibility", "privacy", "cookies"):
        assert f'href="{site_links()[name]}"' in page, name
