"""Uploaded files go only through Django's storage API (so STORAGE_BACKEND=s3 works): an upload,
its import and its deletion, and an area's permanent deletion with the uploads still stored,
run against an in-memory storage that records every call, and nothing appears under
MEDIA_ROOT."""

from types import SimpleNamespace

import pytest
from django.core.files.storage import InMemoryStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from toolkit.areas.models import Role
from toolkit.areas.tests.factories import MembershipFactory
from toolkit.core.models import StagedImport
from toolkit.evidence.models import ImportRun
from toolkit.portability.services import area_purge

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

CALLS: list[tuple[str, str]] = []


class RecordingStorage(InMemoryStorage):
    def _save(self, name, content):
        CALLS.append(("save", name))
        return super()._save(name, content)

    def _open(self, name, mode="rb"):
        CALLS.append(("open", name))
        return super()._open(name, mode)

    def delete(self, name):
        CALLS.append(("delete", name))
        return super().delete(name)


@pytest.fixture
def recording_storage(tmp_path, settings):
    CALLS.clear()
    media = tmp_path / "media"
    storages_setting = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.RecordingStorage"},
    }
    with override_settings(STORAGES=storages_setting, MEDIA_ROOT=media):
        storage = storages["default"]
        assert isinstance(storage, RecordingStorage)
        yield storage
    # Nothing bypassed the storage to write to the local directory.
    assert not media.exists() or not any(media.rglob("*"))


def upload(client, area):
    data = (FIXTURES / "trafford_grants_slice.csv").read_bytes()
    return client.post(
        reverse("evidence:imports", kwargs={"area_code": area.gss_code}),
        {"kind": "grants", "file": SimpleUploadedFile("grants.csv", data, "text/csv")},
    )


def test_upload_import_and_delete_use_the_storage_api(client, trafford, recording_storage):
    client.force_login(MembershipFactory(area=trafford, role=Role.FACILITATOR_COUNCIL).user)
    assert upload(client, trafford).status_code == 302
    staged = StagedImport.objects.get()
    client.post(
        reverse(
            "evidence:import-preview",
            kwargs={"area_code": trafford.gss_code, "staged_id": staged.public_id},
        ),
        {"sha256": staged.sha256, "digest": staged.preview["digest"]},
    )
    # The check and the import each read the file back from storage.
    assert ImportRun.objects.get(dry_run=False).created == 7
    [(save, name), (checked, name_checked), (opened, name_opened), (deleted, name_deleted)] = CALLS
    assert (save, checked, opened, deleted) == ("save", "open", "open", "delete")
    assert name == name_checked == name_opened == name_deleted
    assert name.startswith(f"imports/{trafford.gss_code}/") and name.endswith(".csv")
    assert not recording_storage.exists(name)


def test_area_purge_deletes_stored_uploads_through_the_storage_api(
    client, trafford, recording_storage, monkeypatch
):
    from toolkit.evidence import views

    # The worker never ran: the upload is still stored when the area is deleted for good.
    monkeypatch.setattr(views, "check_upload", SimpleNamespace(enqueue=lambda *a, **k: None))
    client.force_login(MembershipFactory(area=trafford, role=Role.FACILITATOR_COUNCIL).user)
    upload(client, trafford)
    client.force_login(MembershipFactory(area=trafford, role=Role.FACILITATOR_VCS).user)
    upload(client, trafford)
    stored = [name for call, name in CALLS if call == "save"]
    assert len(stored) == 2 and all(recording_storage.exists(name) for name in stored)
    area_purge(trafford)
    assert sorted(name for call, name in CALLS if call == "delete") == sorted(stored)
    assert not any(recording_storage.exists(name) for name in stored)


def test_a_storage_failure_leaves_the_area_to_purge_again(
    client, trafford, recording_storage, monkeypatch
):
    from toolkit.areas.models import Area
    from toolkit.evidence import views

    monkeypatch.setattr(views, "check_upload", SimpleNamespace(enqueue=lambda *a, **k: None))
    client.force_login(MembershipFactory(area=trafford, role=Role.FACILITATOR_COUNCIL).user)
    upload(client, trafford)

    def failing_delete(name):
        raise ConnectionError("object store unreachable")

    monkeypatch.setattr(recording_storage, "delete", failing_delete)
    with pytest.raises(ConnectionError):
        area_purge(trafford)
    assert Area.objects.filter(pk=trafford.pk).exists()
    monkeypatch.undo()
    area_purge(trafford)
    assert not Area.objects.filter(pk=trafford.pk).exists()
