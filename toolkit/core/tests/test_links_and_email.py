"""Every absolute link is built by toolkit/core/links.py, and every email is plain text sent
as 8-bit UTF-8 (toolkit/core/email.py). Seen by a tester: links in emails pointed at port 8000
whatever the server ran on, the console email broke them across lines with quoted-printable
"=", the password-reset email used the request's Host even where SITE_URL was set, and the
plain-text invitation printed O&#x27;Brien."""

import io
import re

import pytest
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.test import override_settings
from django.urls import reverse

from toolkit.accounts.tests.factories import UserFactory
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.core.links import absolute_url

DEV_HOST = "127.0.0.1:8123"  # make run PORT=8123
INVITE_LINK = re.compile(r"https?://[^\s]+/account/invitations/[A-Za-z0-9_-]+/")


@override_settings(SITE_URL="https://toolkit.example.org/")
def test_site_url_wins_over_the_request(rf):
    request = rf.get("/", HTTP_HOST="elsewhere.example")
    assert absolute_url("/a/", request) == "https://toolkit.example.org/a/"
    assert absolute_url("/a/") == "https://toolkit.example.org/a/"


@override_settings(SITE_URL="")
def test_without_site_url_links_follow_the_request_then_the_make_run_default(rf):
    assert absolute_url("/a/", rf.get("/", HTTP_HOST=DEV_HOST)) == f"http://{DEV_HOST}/a/"
    assert absolute_url("/a/", rf.get("/", HTTP_HOST=DEV_HOST, secure=True)).startswith("https:")
    assert absolute_url("/a/") == "http://127.0.0.1:8000/a/"
    with pytest.raises(ValueError):
        absolute_url("a/")


def invite(client, **fields):
    facilitator = MembershipFactory(role=Role.FACILITATOR_COUNCIL)
    facilitator.user.full_name = "Dara O'Brien"
    facilitator.user.save()
    client.force_login(facilitator.user)
    url = reverse("people:invite", args=[facilitator.area.gss_code])
    data = {"email": "siobhan@example.org", "role": Role.VCS_PARTICIPANT, **fields}
    return client.post(url, data, HTTP_HOST=DEV_HOST)


@pytest.mark.django_db
@override_settings(SITE_URL="")
def test_invitation_links_follow_the_port_the_server_runs_on(client, mailoutbox):
    assert invite(client).status_code == 302
    (link,) = INVITE_LINK.findall(mailoutbox[0].body)
    assert link.startswith(f"http://{DEV_HOST}/account/invitations/")


@pytest.mark.django_db
@override_settings(SITE_URL="")
def test_email_bytes_keep_the_link_whole_and_names_unescaped(client, mailoutbox):
    invite(client, full_name="Siobhán O'Brien")
    message = mailoutbox[0]
    raw = message.message().as_bytes()
    assert b"Content-Transfer-Encoding: 8bit" in raw
    body = raw.split(b"\n\n", 1)[1]
    assert b"=\n" not in body  # no quoted-printable soft line breaks
    text = body.decode("utf-8")
    assert "Dara O'Brien has invited you" in text and "&#x27;" not in text
    assert "Council–VCS" in text  # UTF-8 as it is, not =E2=80=93
    (link,) = INVITE_LINK.findall(text)
    # What a person copies from the console in development: the link on one line, whole.
    console = io.StringIO()
    ConsoleBackend(stream=console).send_messages([message])
    assert any(line.strip() == link for line in console.getvalue().splitlines())


@pytest.mark.django_db
@override_settings(SITE_URL="https://toolkit.example.org")
def test_password_reset_link_uses_site_url_not_the_host_header(client, mailoutbox):
    user = UserFactory(email="person@example.org")
    client.post(reverse("accounts:password-reset"), {"email": user.email}, HTTP_HOST="evil.example")
    (message,) = mailoutbox
    links = re.findall(r"\S+/account/password-reset/\S+", message.body)
    assert links and all(link.startswith("https://toolkit.example.org/") for link in links)
    assert b"Content-Transfer-Encoding: 8bit" in message.message().as_bytes()


@pytest.mark.django_db
@override_settings(SITE_URL="")
def test_password_reset_link_follows_the_request_in_development(client, mailoutbox):
    user = UserFactory(email="person@example.org")
    client.post(reverse("accounts:password-reset"), {"email": user.email}, HTTP_HOST=DEV_HOST)
    assert f"http://{DEV_HOST}/account/password-reset/" in mailoutbox[0].body


@override_settings(SITE_URL="")
def test_security_txt_addresses_follow_the_request(client):
    body = client.get("/.well-known/security.txt", HTTP_HOST=DEV_HOST).content.decode()
    assert f"Canonical: http://{DEV_HOST}/.well-known/security.txt" in body
    assert f"Policy: http://{DEV_HOST}/accessibility/" in body
