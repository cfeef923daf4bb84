"""Reminders and digests (issue 18, part 3): sent by the worker's task, each at most once,
as text and HTML (Django's locmem backend), never logging an address, and an outbox that
says what was sent, when and to how many, with no address of anyone."""

import datetime
import logging

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from toolkit.actions.models import ActionStatus, EventKind, PlanEvent
from toolkit.actions.tests.factories import ActionFactory
from toolkit.areas.models import Role, Side
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.reminders import respondents, sending
from toolkit.reminders.models import EmailPreference, LinkAddress, OutboxEntry, OutboxKind
from toolkit.reminders.services import email_preference_set, reminders_run
from toolkit.reminders.tasks import reminders_send
from toolkit.rounds import services as round_services
from toolkit.rounds.sections import COMPLETED, _registry, register_section
from toolkit.rounds.tests.factories import RoundFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)  # a Monday


@pytest.fixture
def always_complete():
    saved = dict(_registry.sections)
    _registry.sections.clear()
    register_section("test", "Test", lambda r: True, lambda r: "/x/", lambda r: COMPLETED, order=1)
    yield
    _registry.sections.clear()
    _registry.sections.update(saved)


@pytest.fixture
def round_(framework_loaded):
    return RoundFactory(
        name="Winter round",
        area=AreaFactory(name="Eastmere (test)"),
        closes_on=TODAY + datetime.timedelta(days=10),
    )


def facilitator(area, role=Role.FACILITATOR_COUNCIL):
    return MembershipFactory(area=area, role=role)


def html_of(message) -> str:
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return html


def send_links(round_, addresses, side=Side.VCS):
    return respondents.personal_links_email(
        round_, side=side, addresses=addresses, membership=facilitator(round_.area)
    )


def test_personal_links_go_to_each_address_as_text_and_html(round_, mailoutbox):
    result = send_links(round_, ["a@example.org", "b@example.org"])
    assert (result.sent, result.failed, result.reminders) == (2, 0, True)
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", "b@example.org"]
    first, second = mailoutbox
    for message in mailoutbox:
        assert "Winter round" in message.subject
        assert "/respond/" in message.body and "/respond/" in html_of(message)
        assert "<a href=" in html_of(message) and "<a href" not in message.body
        raw = message.message().as_bytes()
        assert raw.count(b"Content-Transfer-Encoding: 8bit") == 2  # both parts whole
    assert first.body.split("/respond/")[1][:20] != second.body.split("/respond/")[1][:20]
    assert LinkAddress.objects.count() == 2
    (entry,) = OutboxEntry.objects.all()
    assert (entry.kind, entry.recipients, entry.side, entry.round) == (
        OutboxKind.LINKS,
        2,
        Side.VCS,
        round_,
    )


def test_no_address_is_kept_for_a_round_without_a_closing_date(framework_loaded, mailoutbox):
    round_ = RoundFactory(closes_on=None)
    result = send_links(round_, ["a@example.org"])
    assert result.sent == 1 and not result.reminders
    assert len(mailoutbox) == 1 and not LinkAddress.objects.exists()


def test_two_reminders_at_most_each_once_however_often_the_worker_runs(round_, mailoutbox):
    send_links(round_, ["a@example.org"])
    mailoutbox.clear()
    closes = round_.closes_on
    reminders_run(closes - datetime.timedelta(days=8))  # too early
    assert mailoutbox == []
    first_day = closes - datetime.timedelta(days=7)
    reminders_run(first_day)
    reminders_run(first_day)  # the worker runs twice
    assert len(mailoutbox) == 1
    assert "closes on" in mailoutbox[0].subject and "reminder 1 of 2" in mailoutbox[0].body
    assert "reminder 1 of 2" in html_of(mailoutbox[0])
    reminders_run(closes - datetime.timedelta(days=2))
    reminders_run(closes - datetime.timedelta(days=1))
    reminders_run(closes)
    assert len(mailoutbox) == 2 and "reminder 2 of 2" in mailoutbox[1].body
    # The address is not kept once the last reminder has gone; the row only counts.
    assert LinkAddress.objects.get().email == ""
    kinds = list(OutboxEntry.objects.order_by("id").values_list("kind", "recipients"))
    assert kinds == [("links", 1), ("link_reminder", 1), ("link_reminder", 1)]


def test_a_claimed_reminder_is_not_sent_by_a_second_worker(round_, mailoutbox):
    send_links(round_, ["a@example.org"])
    address = LinkAddress.objects.get()
    day = round_.closes_on - datetime.timedelta(days=7)
    assert respondents._claim(address, day)
    assert not respondents._claim(address, day)  # the same row, as the other worker read it


def test_sending_the_answers_deletes_the_address_and_stops_reminders(
    round_, mailoutbox, always_complete
):
    created = round_services.respondent_link_create(
        round_=round_, side=Side.COUNCIL, kind="personal"
    )
    LinkAddress.objects.create(link=created.link, email="c@example.org", last_sent_on=TODAY)
    started = round_services.response_start_from_link(created.token)
    round_services.response_submit(started.response)
    assert not LinkAddress.objects.exists()
    reminders_run(round_.closes_on - datetime.timedelta(days=2))
    assert mailoutbox == []


def test_withdrawn_links_and_closed_rounds_lose_their_addresses(round_, mailoutbox):
    send_links(round_, ["a@example.org", "b@example.org"])
    first = LinkAddress.objects.order_by("pk").first()
    round_services.respondent_link_revoke(first.link)
    assert reminders_run(TODAY).addresses_deleted == 1
    round_.closes_on = TODAY - datetime.timedelta(days=1)
    round_.save()
    assert reminders_run(TODAY).addresses_deleted == 1
    assert not LinkAddress.objects.exists()


def test_a_failed_email_logs_no_address_and_withdraws_its_link(
    round_, mailoutbox, monkeypatch, caplog
):
    def refuse(**kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(sending, "email_send", refuse)
    with caplog.at_level(logging.DEBUG):
        result = send_links(round_, ["secret.person@example.org"])
    assert (result.sent, result.failed) == (0, 1)
    assert "secret.person" not in caplog.text and "could not be sent" in caplog.text
    assert not LinkAddress.objects.exists()
    assert round_.links.get().revoked_at is not None


def test_unanswered_counts_by_side_only_once_enough_links_were_sent(round_, mailoutbox):
    send_links(round_, ["a@example.org", "b@example.org"])
    by_side = {row.side: row for row in respondents.unanswered_by_side(round_)}
    assert by_side[Side.VCS].emailed == 2 and by_side[Side.VCS].unanswered is None
    send_links(round_, [f"p{i}@example.org" for i in range(4)])
    by_side = {row.side: row for row in respondents.unanswered_by_side(round_)}
    assert (by_side[Side.VCS].emailed, by_side[Side.VCS].unanswered) == (6, 6)
    assert by_side[Side.COUNCIL].emailed == 0


# --- action owners ----------------------------------------------------------------------------


def owned_action(area, due_on, **fields):
    council = MembershipFactory(area=area, role=Role.COUNCIL_PARTICIPANT).user
    vcs = MembershipFactory(area=area, role=Role.VCS_PARTICIPANT).user
    return ActionFactory(
        area=area,
        title="Open the grants panel",
        council_owner=council,
        vcs_owner=vcs,
        due_on=due_on,
        **fields,
    )


def test_owners_hear_once_when_an_action_is_due_and_once_when_overdue(mailoutbox):
    area = AreaFactory(name="Westmere (test)")
    action = owned_action(area, TODAY + datetime.timedelta(days=3))
    reminders_run(TODAY)
    reminders_run(TODAY)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [action.council_owner.email, action.vcs_owner.email]
    )
    assert all(m.subject.startswith("Due ") for m in mailoutbox)
    assert "Open the grants panel" in mailoutbox[0].body
    assert "Open the grants panel" in html_of(mailoutbox[0])
    mailoutbox.clear()
    reminders_run(TODAY + datetime.timedelta(days=4))
    reminders_run(TODAY + datetime.timedelta(days=5))
    assert len(mailoutbox) == 2 and all(m.subject.startswith("Overdue") for m in mailoutbox)
    entries = OutboxEntry.objects.filter(area=area).order_by("id")
    assert [(e.kind, e.recipients) for e in entries] == [("action_due", 2), ("action_overdue", 2)]


def test_done_actions_opted_out_owners_and_former_members_get_nothing(mailoutbox):
    area = AreaFactory()
    owned_action(area, TODAY, status=ActionStatus.DONE)
    action = owned_action(area, TODAY - datetime.timedelta(days=1))
    email_preference_set(action.council_owner, action_emails=False, weekly_digest=True)
    action.vcs_owner.memberships.update(ends_on=TODAY - datetime.timedelta(days=30))
    reminders_run(TODAY)
    assert mailoutbox == []


def test_weekly_digest_once_a_week_to_owners_of_areas_that_changed(mailoutbox):
    area = AreaFactory(name="Northmere (test)")
    action = owned_action(area, None)
    PlanEvent.objects.create(
        area=area,
        kind=EventKind.ACTION_UPDATE,
        action=action,
        summary="Progress: panel booked",
        at=timezone.make_aware(datetime.datetime(2026, 12, 3, 10)),
    )
    email_preference_set(action.vcs_owner, action_emails=True, weekly_digest=False)
    quiet = AreaFactory()
    owned_action(quiet, None)
    reminders_run(TODAY)
    reminders_run(TODAY + datetime.timedelta(days=1))  # same week
    (message,) = mailoutbox
    assert message.to == [action.council_owner.email]
    assert "Progress: panel booked" in message.body and "Progress: panel booked" in html_of(message)
    assert "Northmere" in message.subject
    reminders_run(TODAY + datetime.timedelta(days=7))  # next week: nothing changed since
    assert len(mailoutbox) == 1


def test_the_worker_task_runs_the_reminders(round_, mailoutbox):
    send_links(round_, ["a@example.org"])
    result = reminders_send.enqueue()
    assert result.return_value["addresses_deleted"] == 0


def test_send_reminders_queues_the_task(framework_loaded, mailoutbox, capsys):
    round_ = RoundFactory(closes_on=timezone.localdate() + datetime.timedelta(days=3))
    send_links(round_, ["a@example.org"])
    LinkAddress.objects.update(last_sent_on=timezone.localdate() - datetime.timedelta(days=1))
    call_command("send_reminders")
    call_command("send_reminders")
    assert "Reminders queued" in capsys.readouterr().out
    assert [m.subject.startswith("Reminder") for m in mailoutbox] == [False, True]


def test_withdrawn_links_are_not_counted_as_unanswered(round_, mailoutbox):
    send_links(round_, [f"p{i}@example.org" for i in range(6)])
    round_services.respondent_link_revoke(LinkAddress.objects.first().link)
    by_side = {row.side: row for row in respondents.unanswered_by_side(round_)}
    assert by_side[Side.VCS].unanswered == 5


# --- pages ------------------------------------------------------------------------------------


def test_outbox_shows_what_was_sent_and_to_how_many_never_an_address(client, round_, mailoutbox):
    send_links(round_, [f"p{i}@example.org" for i in range(6)])
    member = facilitator(round_.area, Role.FACILITATOR_VCS)
    client.force_login(member.user)
    page = client.get(reverse("reminders:outbox", args=[round_.area.gss_code]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Personal links sent" in html and "6 sent, 6 not answered yet" in html
    assert "@example.org" not in html.replace(member.user.email, "")


def test_participants_cannot_open_the_outbox(client, round_):
    participant = MembershipFactory(area=round_.area, role=Role.VCS_PARTICIPANT)
    client.force_login(participant.user)
    assert client.get(reverse("reminders:outbox", args=[round_.area.gss_code])).status_code == 403


def test_facilitator_sends_links_from_the_form(client, round_, mailoutbox):
    client.force_login(facilitator(round_.area).user)
    url = reverse("reminders:link-emails", args=[round_.area.gss_code, round_.public_id])
    bad = client.post(url, {"side": "vcs", "addresses": "not-an-address"})
    assert bad.status_code == 200 and "not an email address" in bad.content.decode()
    sent = client.post(
        url, {"side": "vcs", "addresses": "a@example.org\nA@example.org\nb@example.org"}
    )
    assert sent.status_code == 302 and len(mailoutbox) == 2


def test_a_person_turns_their_emails_off_on_their_account(client):
    member = MembershipFactory()
    client.force_login(member.user)
    assert (
        "Emails about actions you own" in client.get(reverse("accounts:settings")).content.decode()
    )
    url = reverse("reminders-account:preferences")
    assert client.get(url).status_code == 200
    client.post(url, {"weekly_digest": "on"})
    preference = EmailPreference.objects.get(user=member.user)
    assert (preference.action_emails, preference.weekly_digest) == (False, True)


@pytest.mark.usefixtures("rate_clock")
def test_personal_link_emails_are_limited_per_facilitator_and_area_all_or_none(
    client, round_, mailoutbox, settings
):
    """Seen in review: a facilitator could email 200 personal links per submit, as often as
    they liked, to any addresses: the hole the invitation limit closed. The same rule
    (core.sending_limits) now counts these, and a batch that would go over sends nothing."""
    from django.core.cache import cache

    cache.clear()
    settings.LINK_EMAIL_RATE_LIMIT = "3/3600"
    settings.LINK_EMAIL_AREA_RATE_LIMIT = "3/3600"
    council = facilitator(round_.area)
    url = reverse("reminders:link-emails", args=[round_.area.gss_code, round_.public_id])

    def send(who, addresses):
        client.force_login(who.user)
        return client.post(url, {"side": "vcs", "addresses": "\n".join(addresses)})

    assert send(council, ["a@example.org", "b@example.org"]).status_code == 302
    refused = send(council, ["c@example.org", "d@example.org"])
    body = refused.content.decode()
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Sending 2 personal links would take you over the 3 personal links" in body
    assert "c@example.org" in body  # what was typed is kept
    assert len(mailoutbox) == 2
    assert round_.links.count() == 2  # no link made for the refused batch
    # Another facilitator of the same area meets the area's limit.
    vcs = facilitator(round_.area, role=Role.FACILITATOR_VCS)
    assert send(vcs, ["e@example.org"]).status_code == 302
    area_refused = send(vcs, ["f@example.org"])
    assert area_refused.status_code == 429
    assert "This area has sent 3 personal links in an hour" in area_refused.content.decode()
    assert len(mailoutbox) == 3
    cache.clear()
