"""Zero axe-core violations on error pages that no link leads to, so the crawler never sees
them. Each page is made by the code that makes it in production and served to the browser at
an address of the live server (so that its stylesheet loads from there as usual)."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from playwright.sync_api import expect

from toolkit.core.middleware import DatabaseUnavailableMiddleware

from .support import DESKTOP, PHONE, axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serve(page, url, response):
    """Answer `url` in this page with a Django response made outside the live server."""
    headers = dict(response.items())
    page.route(
        url,
        lambda route: route.fulfill(
            status=response.status_code, headers=headers, body=response.content
        ),
    )


def database_dropped(request):
    """The response DatabaseUnavailableMiddleware gives when the database drops mid-view."""
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    return middleware.process_exception(
        request, OperationalError("server closed the connection unexpectedly")
    )


@pytest.mark.parametrize(("viewport", "javascript"), [(DESKTOP, True), (PHONE, False)])
def test_database_unavailable_page_has_no_axe_violations(
    live_server, new_page, viewport, javascript
):
    factory = RequestFactory()
    shown = {
        # A page being read: "reload the page".
        "/areas/": database_dropped(factory.get("/areas/")),
        # A form being sent: what was typed is kept in a "Try again" form.
        "/respond/answers/x/assessment/questions/1/": database_dropped(
            factory.post(
                "/respond/answers/x/assessment/questions/1/",
                {"value": "4", "comment": "We meet monthly", "action": "continue"},
            )
        ),
    }
    page = new_page(viewport=viewport, javascript=javascript)
    for path, response in shown.items():
        assert response.status_code == 503
        serve(page, live_server.url + path, response)
        answer = page.goto(live_server.url + path)
        assert answer.status == 503
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Sorry, the service is unavailable"
        )
        # The stylesheet came from the live server: the page is styled like every other.
        assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontWeight") in (
            "700",
            "bold",
        )
        violations = axe_violations(page)
        assert not violations, f"{path}: {describe(violations)}"
    assert page.get_by_role("button", name="Try again").is_visible()
