"""Bundles are signed (HMAC of the manifest, which holds every file's checksum): a forger who
edits a file and recomputes every checksum is still refused; keys can be rotated and shared
between instances."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from toolkit.areas.models import Area
from toolkit.areas.tests.factories import AreaFactory
from toolkit.portability.backup import MANIFEST, area_backup, canonical_zip, dumps
from toolkit.portability.restore import BundleError, bundle_read
from toolkit.portability.services import area_rows_delete
from toolkit.portability.signing import SIGNATURE
from toolkit.register.tests.factories import RelationshipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle():
    relationship = RelationshipFactory(area=AreaFactory(), title="Home care contract")
    return area_backup(relationship.area)


def members_of(bundle: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    return {name: archive.read(name) for name in archive.namelist()}


def rezip(members: dict[str, bytes]) -> bytes:
    order = [MANIFEST, SIGNATURE]
    names = [n for n in order if n in members] + [n for n in members if n not in order]
    return canonical_zip([(n, members[n]) for n in names])


def forged(bundle: bytes) -> bytes:
    """Edit a title and recompute that file's checksum in the manifest, keeping the old
    signature: everything but the signature is consistent."""
    members = members_of(bundle)
    path = next(n for n in members if n.endswith("register.Relationship.json"))
    members[path] = members[path].replace(b"Home care contract", b"Forged contract")
    manifest = json.loads(members[MANIFEST])
    for entry in manifest["files"]:
        if entry["path"] == path:
            entry["sha256"] = hashlib.sha256(members[path]).hexdigest()
            entry["bytes"] = len(members[path])
    members[MANIFEST] = dumps(manifest)
    return rezip(members)


def test_bundle_is_signed_and_reads_back(bundle):
    assert SIGNATURE in members_of(bundle)
    assert bundle_read(bundle).gss_code


def test_recomputed_checksums_do_not_get_past_the_signature(bundle):
    with pytest.raises(BundleError, match="does not match its signature"):
        bundle_read(forged(bundle))


def test_unsigned_bundle_is_refused_unless_the_operator_vouches_for_it(bundle):
    members = members_of(bundle)
    del members[SIGNATURE]
    unsigned = rezip(members)
    with pytest.raises(BundleError, match="not signed"):
        bundle_read(unsigned)
    assert bundle_read(unsigned, trust_unverified=True).row_count > 0


def test_vouching_never_skips_the_checksums(bundle):
    members = members_of(bundle)
    path = next(n for n in members if n.endswith("register.Relationship.json"))
    members[path] = members[path].replace(b"Home care", b"Home kare")
    with pytest.raises(BundleError, match="SHA-256"):
        bundle_read(rezip(members), trust_unverified=True)


def test_bundle_from_another_instance_needs_its_key(settings):
    settings.BACKUP_SIGNING_KEYS = ["key of instance A"]
    bundle = area_backup(RelationshipFactory().area)

    settings.BACKUP_SIGNING_KEYS = ["key of instance B"]
    with pytest.raises(BundleError, match="key this instance does not hold"):
        bundle_read(bundle)

    # Rotation: B signs with its new key and still verifies with the old one.
    settings.BACKUP_SIGNING_KEYS = ["key of instance B", "key of instance A"]
    assert bundle_read(bundle).row_count > 0


def test_restore_command_refuses_a_forgery_and_accepts_a_vouched_unsigned_bundle(bundle, tmp_path):
    gss_code = bundle_read(bundle).gss_code
    area_rows_delete(Area.objects.get(gss_code=gss_code))
    path = tmp_path / "forged.zip"
    path.write_bytes(forged(bundle))
    with pytest.raises(CommandError, match="Refused, nothing was restored.*signature"):
        call_command("restore_area", str(path))
    assert not Area.objects.filter(gss_code=gss_code).exists()

    members = members_of(bundle)
    del members[SIGNATURE]
    path.write_bytes(rezip(members))
    out = io.StringIO()
    call_command("restore_area", str(path), "--trust-unverified", stdout=out)
    assert "Restored" in out.getvalue()
    assert Area.objects.filter(gss_code=gss_code).exists()


def test_bundles_made_before_a_secret_key_rotation_still_verify(settings):
    settings.BACKUP_SIGNING_KEYS = []
    settings.SECRET_KEY = "the old secret key, long enough for the test"
    bundle = area_backup(RelationshipFactory().area)
    settings.SECRET_KEY = "the new secret key, long enough for the test"
    with pytest.raises(BundleError, match="key this instance does not hold"):
        bundle_read(bundle)
    settings.SECRET_KEY_FALLBACKS = ["the old secret key, long enough for the test"]
    assert bundle_read(bundle).row_count > 0
