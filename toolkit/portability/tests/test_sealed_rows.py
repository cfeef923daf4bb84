"""Issue 13, "Raw rows in the area backup": the bundle both facilitators can download holds no
respondent's rows in readable form, restores on the same service, and is refused clearly
anywhere without the service's key."""

import io
import json
import zipfile
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from toolkit.areas.models import Area, Membership, Role
from toolkit.assessment.models import BarrierAnswer, ElementAnswer
from toolkit.mapping.models import Rating
from toolkit.portability import graph, sealing
from toolkit.portability.backup import MANIFEST, area_backup
from toolkit.portability.restore import BundleError, area_restore, bundle_read
from toolkit.portability.services import area_rows_delete
from toolkit.rounds.models import Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(demo_area):
    return demo_area.area


def _answers(area):
    return Counter(
        ElementAnswer.objects.filter(response__round__area=area).values_list(
            "statement_id", "value", "comment", "share_comment"
        )
    )


def test_issue13_the_bundle_holds_no_answer_rows_in_readable_form(area):
    bundle = area_backup(area)
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    contents = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(contents[MANIFEST])
    respondent = {graph.label(m) for m in sealing.respondent_models(graph.backup_plan().models)}
    assert {"rounds.Response", "assessment.ElementAnswer", "mapping.Rating"} <= respondent

    # No readable file holds a respondent's table ...
    readable = {f["model"] for f in manifest["files"] if "model" in f}
    assert not readable & respondent
    assert all(f"data/{name}.json" not in contents for name in respondent)
    # ... nor any comment, "other barrier" text or answer-shaped row, in any file.
    everything = b"".join(contents.values()).decode("utf-8", errors="replace")
    texts = [
        *ElementAnswer.objects.filter(response__round__area=area).values_list("comment", flat=True),
        *BarrierAnswer.objects.filter(response__round__area=area).values_list(
            "other_text", flat=True
        ),
        *Rating.objects.filter(response__round__area=area).values_list("comment", flat=True),
    ]
    texts = [t for t in texts if len(t) > 12]
    assert texts, "the demo area has comments to look for"
    for text in texts:
        assert json.dumps(text, ensure_ascii=False)[1:-1] not in everything
        assert text not in everything
    for key in ('"statement_id"', '"share_comment"', '"knows_none"', '"submitted_on"'):
        assert key not in everything
    assert contents[sealing.PATH].startswith(b"gAAAAA")  # a Fernet token


def test_sealed_rows_have_random_ids_in_no_order_of_arrival(area):
    first = sealing.unseal(zipfile.ZipFile(io.BytesIO(area_backup(area))).read(sealing.PATH))
    second = sealing.unseal(zipfile.ZipFile(io.BytesIO(area_backup(area))).read(sealing.PATH))
    responses = first["rounds.Response"]
    ids = [r["id"] for r in responses]
    database_ids = set(Response.objects.filter(round__area=area).values_list("pk", flat=True))
    assert ids == sorted(ids) and not set(ids) & {str(i) for i in database_ids}
    assert all(isinstance(i, str) and len(i) == 32 for i in ids)
    assert set(ids).isdisjoint(r["id"] for r in second["rounds.Response"])  # new every time
    known = set(ids)
    assert all(a["response_id"] in known for a in first["assessment.ElementAnswer"])


def test_restore_on_the_same_service_brings_every_answer_back(area):
    before = _answers(area)
    bundle = area_backup(area)
    area_rows_delete(area)
    restored = area_restore(bundle_read(bundle))
    assert _answers(restored) == before


def test_restore_elsewhere_without_the_key_is_refused_clearly(area, settings):
    bundle = area_backup(area)
    area_rows_delete(area)
    settings.BACKUP_SIGNING_KEYS = ["the key of another service"]
    with pytest.raises(BundleError, match="key this instance does not hold"):
        bundle_read(bundle)
    # Even when an operator vouches for the file, the answers stay closed: nothing restored.
    with pytest.raises(BundleError, match="encrypted with a key this service does not hold"):
        bundle_read(bundle, trust_unverified=True)
    assert not Area.objects.filter(gss_code=area.gss_code).exists()
    # Given the same keys (one service behind several instances), it restores.
    settings.BACKUP_SIGNING_KEYS = []
    assert area_restore(bundle_read(bundle)).gss_code == area.gss_code


def test_facilitators_download_the_sealed_bundle(client, area):
    facilitator = Membership.objects.filter(area=area, role=Role.FACILITATOR_VCS).first()
    client.force_login(facilitator.user)
    reply = client.get(reverse("portability:download", args=[area.gss_code]))
    archive = zipfile.ZipFile(io.BytesIO(reply.content))
    assert sealing.PATH in archive.namelist()
    assert "data/assessment.ElementAnswer.json" not in archive.namelist()


def test_the_controller_export_holds_everything_readable_and_no_secrets(area, tmp_path):
    path = tmp_path / "export.zip"
    call_command("export_area_for_controller", area.gss_code, "--output", str(path))
    archive = zipfile.ZipFile(path)
    assert "README.txt" in archive.namelist()
    answers = json.loads(archive.read("data/assessment.ElementAnswer.json"))
    assert len(answers) == ElementAnswer.objects.filter(response__round__area=area).count()
    members = json.loads(archive.read("data/areas.Membership.json"))
    emails = set(Membership.objects.filter(area=area).values_list("user__email", flat=True))
    assert {m["user_id"] for m in members} == emails
    links = json.loads(archive.read("data/rounds.RespondentLink.json"))
    assert links and all("token_digest" not in link for link in links)
    everything = b"".join(archive.read(n) for n in archive.namelist())
    # No token digest in any file. "digest" as a word is fine: the outbox's weekly digest
    # (reminders: kind "digest") and the README's "digests".
    words = everything.replace(b"digests", b"").replace(b'"digest"', b"")
    assert b"digest" not in words
    with pytest.raises(CommandError, match="already exists"):
        call_command("export_area_for_controller", area.gss_code, "--output", str(path))
