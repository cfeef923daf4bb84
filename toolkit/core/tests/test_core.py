import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "worker": "ok"},
    }


@pytest.mark.django_db
def test_healthz_degrades_but_answers_when_the_cache_fails(client, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"] == "error"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    from toolkit.core import health

    monkeypatch.setattr(health, "database_check", lambda: "error")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_security_txt(client):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Contact: mailto:" in response.content.decode()


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_logs_no_link_tokens(client, caplog):
    import logging

    from toolkit.core.logging import JsonFormatter, RequestIdFilter

    caplog.set_level(logging.INFO)
    caplog.set_level(logging.INFO, logger="toolkit.access")
    response = client.get("/respond/secret-token-123/")
    assert len(response["X-Request-ID"]) == 32
    given = client.get("/healthz", HTTP_X_REQUEST_ID="lb-0123456789")
    assert given["X-Request-ID"] == "lb-0123456789"
    log_filter, formatter = RequestIdFilter(), JsonFormatter()
    lines = []
    for record in caplog.records:
        log_filter.filter(record)
        lines.append(formatter.format(record))
    written = "\n".join(lines)
    assert "secret-token-123" not in written
    assert '"route": "core:healthz"' in written


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get(reverse("core:home"))
    csp = response["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'nonce-" in script_src
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_inline_script_carries_the_csp_nonce(client):
    response = client.get(reverse("core:home"))
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in response.content.decode()


@pytest.mark.django_db
def test_error_pages_use_the_service_design(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "govuk-footer" in response.content.decode()


def run_production(*args, **env_overrides):
    # Only the production variables set here: nothing from the test process leaks in.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 20 + "production-check-secret-key-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="toolkit.example.org",
        DATABASE_URL="sqlite:////tmp/check-deploy.sqlite3",
        SITE_URL="https://toolkit.example.org",
    )
    env.update(env_overrides)
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_production("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SITE_URL"])
def test_production_settings_fail_fast_without(missing):
    result = run_production("check", **{missing: None})
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_hsts_and_secure_cookies_in_production():
    result = run_production(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)",
    )
    assert result.stdout.split() == ["31536000", "True", "True"], result.stderr


def test_django_logs_only_through_the_redacting_handler():
    """Django's default "django" handlers (a debug console, mail to admins) would print records
    a second time without the redaction of link tokens. Every record goes through ours."""
    import logging

    from toolkit.core.logging import RequestIdFilter

    django_logger = logging.getLogger("django")
    ours = [h for h in django_logger.handlers if not type(h).__module__.startswith("_pytest")]
    assert django_logger.propagate is False
    assert len(ours) == 1
    assert [type(f) for f in ours[0].filters] == [RequestIdFilter]


def form_classes():
    """Every form class the service defines."""
    import importlib
    import pkgutil

    from django import forms

    import toolkit

    for info in pkgutil.walk_packages(toolkit.__path__, "toolkit."):
        if ".tests" in info.name or ".migrations" in info.name:
            continue
        if info.name.rsplit(".", 1)[-1] not in ("forms", "views"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield value


def test_no_required_radio_group_offers_a_blank_choice():
    """The organisation form showed the model's "- Select an option -" as a radio, selected."""
    from django import forms

    found = {form.__name__ for form in form_classes()}
    assert {"OrganisationForm", "RelationshipForm", "ReportForm"} <= found
    blank = [
        f"{form.__name__}.{name}"
        for form in form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field.widget, forms.RadioSelect)
        and field.required
        and any(value == "" for value, _label in field.choices)
    ]
    assert blank == []


def test_a_scrollable_table_is_a_region_named_by_its_caption():
    from django.template import Context, Template, TemplateSyntaxError

    table = Template(
        "{% load govuk %}{% scrollable_table %}<table class='govuk-table'>"
        "<caption class='govuk-table__caption'>Grants to <b>O'Brien</b> &amp; {{ who }}"
        "</caption><tr><td>1</td></tr></table>{% endscrollable_table %}"
    )
    html = table.render(Context({"who": "<Others>"}))
    assert html.startswith(
        '<div class="app-table-scroll" role="region" '
        'aria-label="Grants to O&#x27;Brien &amp; &lt;Others&gt;" tabindex="0"><table'
    )
    assert "&lt;Others&gt;</caption>" in html and html.endswith("</table></div>")
    labelled = Template(
        '{% load govuk %}{% scrollable_table "Changes" %}<table></table>{% endscrollable_table %}'
    )
    assert 'aria-label="Changes"' in labelled.render(Context())
    with pytest.raises(TemplateSyntaxError, match="needs a caption or a label"):
        Template(
            "{% load govuk %}{% scrollable_table %}<table></table>{% endscrollable_table %}"
        ).render(Context())


def test_every_date_field_is_as_wide_as_a_date():
    """The workshop's action form's due date ran the page's full width: a date input is
    GOV.UK's ten characters wide unless its form chose a width."""
    from toolkit.areas.models import Side
    from toolkit.core.templatetags.govuk import govuk_widget
    from toolkit.workshops.forms import ItemActionForm

    form = ItemActionForm(owners={Side.COUNCIL: [], Side.VCS: []})
    assert 'class="govuk-input govuk-input--width-10"' in govuk_widget(form["due_on"])
    form.fields["due_on"].widget.attrs["class"] = "govuk-input--width-20"
    widget = govuk_widget(form["due_on"])
    assert "govuk-input--width-20" in widget and "width-10" not in widget
