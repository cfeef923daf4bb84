"""A lost link is replaced in one step. Seen by a tester: respondent links are shown once, and
six were lost in one try, each needing a withdraw, a new link and its settings typed again."""

import re

import pytest
from django.urls import reverse

from toolkit.areas.models import Role, Side
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.rounds import services, shared_links
from toolkit.rounds.models import LinkKind, RespondentLink
from toolkit.rounds.tests.factories import RoundFactory

pytestmark = pytest.mark.django_db
NEW_LINK = re.compile(r'id="new-link" type="text" value="[^"]*/respond/([^/"]+)/"')


@pytest.fixture
def facilitator(framework_loaded, client):
    area = AreaFactory()
    membership = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
    client.force_login(membership.user)
    return membership


def replace(client, link):
    round_ = link.round
    url = reverse(
        "rounds:link-replace", args=[round_.area.gss_code, round_.public_id, link.public_id]
    )
    return client.post(url)


def test_replacing_withdraws_the_lost_link_and_shows_a_new_one_once(client, facilitator):
    round_ = RoundFactory(area=facilitator.area)
    lost = services.respondent_link_create(
        round_=round_, side=Side.VCS, kind=LinkKind.PERSONAL, label="Jane, food bank"
    )
    page = replace(client, lost.link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "New link made: the one it replaces no longer works" in html
    assert 'data-app-copy="link"' in html  # the copy button's place
    token = NEW_LINK.search(html).group(1)
    new = services.respondent_link_for_token(token)
    assert (new.side, new.kind, new.label) == (Side.VCS, LinkKind.PERSONAL, "Jane, food bank")
    with pytest.raises(services.RoundError) as old:
        services.respondent_link_for_token(lost.token)
    assert old.value.reason == "revoked"
    # The page shown after replacing offers no way to show the new link again.
    again = client.get(reverse("rounds:links", args=[facilitator.area.gss_code, round_.public_id]))
    assert token not in again.content.decode()


def test_a_replaced_shared_link_keeps_its_size_and_must_be_confirmed_again(client, facilitator):
    round_ = RoundFactory(area=facilitator.area)
    shared = services.respondent_link_create(
        round_=round_, side=Side.VCS, kind=LinkKind.SIDE, size=12, made_by_side=Side.COUNCIL
    )
    vcs = MembershipFactory(area=facilitator.area, role=Role.FACILITATOR_VCS)
    shared_links.respondent_link_confirm(shared.link, membership=vcs)
    token = NEW_LINK.search(replace(client, shared.link).content.decode()).group(1)
    new = services.respondent_link_for_token(token)
    assert new.size == 12 and new.made_by_side == Side.COUNCIL
    assert not new.is_confirmed  # or replacing would add to what a confirmed link counts
    assert RespondentLink.objects.get(pk=shared.link.pk).revoked_at is not None


def test_a_withdrawn_link_is_not_replaced(client, facilitator):
    round_ = RoundFactory(area=facilitator.area)
    lost = services.respondent_link_create(round_=round_, side=Side.VCS, kind=LinkKind.PERSONAL)
    services.respondent_link_revoke(lost.link)
    reply = replace(client, lost.link)
    assert reply.status_code == 302
    assert RespondentLink.objects.filter(round=round_).count() == 1
    page = client.get(reply["Location"]).content.decode()
    assert "This link has already been withdrawn." in page


def test_a_participant_cannot_replace_links(client, facilitator):
    round_ = RoundFactory(area=facilitator.area)
    link = services.respondent_link_create(round_=round_, side=Side.VCS, kind=LinkKind.PERSONAL)
    participant = MembershipFactory(area=facilitator.area, role=Role.VCS_PARTICIPANT)
    client.force_login(participant.user)
    assert replace(client, link.link).status_code == 403
    assert RespondentLink.objects.get(pk=link.link.pk).revoked_at is None
