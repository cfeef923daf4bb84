from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from toolkit.areas.models import Area, Membership, Role
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory
from toolkit.portability.models import AreaDeletion
from toolkit.portability.services import purge_due
from toolkit.register.tests.factories import RelationshipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def area_with_people():
    area = AreaFactory(name="Doomshire")
    facilitator = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL)
    participant = MembershipFactory(area=area, role=Role.VCS_PARTICIPANT)
    RelationshipFactory(area=area)
    return area, facilitator, participant


def test_typed_confirmation_is_required(client, area_with_people):
    area, facilitator, _ = area_with_people
    client.force_login(facilitator.user)
    url = reverse("portability:delete", args=[area.gss_code])
    page = client.get(url)
    assert page.status_code == 200 and page.content.count(b"<h1") == 1
    wrong = client.post(url, {"confirm": "Some other place"})
    assert wrong.status_code == 200 and b"does not match" in wrong.content
    assert not AreaDeletion.objects.exists()


def test_deletion_closes_area_then_cancel_restores_access(client, area_with_people):
    area, facilitator, participant = area_with_people
    client.force_login(facilitator.user)
    client.post(reverse("portability:delete", args=[area.gss_code]), {"confirm": " doomshire "})
    deletion = AreaDeletion.objects.get(area=area)
    assert deletion.purge_after > timezone.now() + timedelta(days=29)
    assert not Membership.objects.active().filter(pk=participant.pk).exists()
    assert Membership.objects.active().filter(pk=facilitator.pk).exists()
    client.force_login(participant.user)
    assert client.get(reverse("areas:dashboard", args=[area.gss_code])).status_code == 404
    client.force_login(facilitator.user)
    client.post(reverse("portability:cancel", args=[area.gss_code]))
    assert not AreaDeletion.objects.exists()
    assert Membership.objects.active().filter(pk=participant.pk).exists()


def test_purge_after_grace_period_deletes_everything_with_uploads(area_with_people, settings):
    area, facilitator, _ = area_with_people
    from toolkit.portability.services import area_deletion_request

    area_deletion_request(area, user=facilitator.user)
    name = default_storage.save(f"evidence-uploads/{area.gss_code}/x.csv", ContentFile(b"a,b"))
    assert purge_due() == []  # still in the grace period
    assert purge_due(now=timezone.now() + timedelta(days=31)) == [area.gss_code]
    assert not Area.objects.filter(pk=area.pk).exists()
    assert not default_storage.exists(name)


def test_purge_keeps_the_area_when_its_uploads_cannot_be_listed(area_with_people, monkeypatch):
    """A storage failure must not leave uploaded files behind with nothing pointing at them:
    the area stays scheduled and the next purge tries again."""
    area, facilitator, _ = area_with_people
    from toolkit.portability.services import area_deletion_request

    area_deletion_request(area, user=facilitator.user)

    def storage_down(path):
        raise OSError("storage unavailable")

    monkeypatch.setattr(default_storage, "listdir", storage_down)
    with pytest.raises(OSError):
        purge_due(now=timezone.now() + timedelta(days=31))
    assert Area.objects.filter(pk=area.pk).exists()
    assert AreaDeletion.objects.filter(area=area).exists()


def test_backup_download_is_a_zip_for_facilitators_only(client, area_with_people):
    area, facilitator, participant = area_with_people
    client.force_login(participant.user)
    assert client.get(reverse("portability:download", args=[area.gss_code])).status_code == 403
    client.force_login(facilitator.user)
    response = client.get(reverse("portability:download", args=[area.gss_code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response.content[:2] == b"PK"
    page = client.get(reverse("portability:index", args=[area.gss_code]))
    assert page.status_code == 200 and page.content.count(b"<h1") == 1
