"""Isolation over every evidence URL (GET and POST, uploads included), until the project-wide
guard in tests/guards also sees kwargs declared in an include() prefix (it reads only the
leaf pattern's converters today, so `areas/<str:area_code>/evidence/…` routes look unscoped
to it)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.guards.samples import AREA_KWARG_SAMPLES
from toolkit.areas.models import Role
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory, OrganisationFactory
from toolkit.core.models import Job
from toolkit.evidence import urls as evidence_urls
from toolkit.evidence.models import Grant, ImportRun

ROUTES = list(evidence_urls.urlpatterns)


def kwargs_for(pattern, area):
    values = {"area_code": area.gss_code}
    for name in pattern.pattern.converters:
        values[name] = AREA_KWARG_SAMPLES[name](area)
    return values


def test_every_evidence_view_is_area_scoped():
    for pattern in ROUTES:
        assert getattr(pattern.callback, "area_roles", None), pattern.name


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", ROUTES, ids=lambda p: p.name)
@pytest.mark.parametrize("method", ["get", "post"])
def test_member_of_one_area_reaches_nothing_of_another(client, pattern, method):
    area_a = AreaFactory(name="Area Alpha")
    area_b = AreaFactory(name="Area Bravo Secret")
    OrganisationFactory(area=area_b, name="Bravo Secret Charity")
    client.force_login(MembershipFactory(area=area_a, role=Role.FACILITATOR_COUNCIL).user)
    path = reverse(f"evidence:{pattern.name}", kwargs=kwargs_for(pattern, area_b))
    data = {
        "kind": "grants",
        "file": SimpleUploadedFile("g.csv", b"Identifier,Amount Awarded\n"),
        "published_id": "x",
    }
    runs, jobs = ImportRun.objects.count(), Job.objects.count()
    response = client.post(path, data) if method == "post" else client.get(path)
    assert response.status_code in (403, 404), f"{method} {path}: {response.status_code}"
    assert b"Bravo Secret" not in response.content
    assert (ImportRun.objects.count(), Job.objects.count()) == (runs, jobs)
    assert not Grant.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", ROUTES, ids=lambda p: p.name)
def test_signed_out_visitor_is_sent_to_sign_in(client, pattern):
    area = AreaFactory()
    response = client.get(reverse(f"evidence:{pattern.name}", kwargs=kwargs_for(pattern, area)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
