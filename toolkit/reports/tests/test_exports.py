"""Spreadsheet downloads: every cell a spreadsheet could run as a formula is neutralised, in
XLSX and CSV, and each download has a data dictionary."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from toolkit.actions import services as action_services
from toolkit.actions.services import ActionData
from toolkit.areas.models import OrganisationKind, Role, Side
from toolkit.areas.tests.factories import AreaFactory, MembershipFactory, OrganisationFactory
from toolkit.core.exports import FORMULA_TRIGGERS, csv_bytes, neutralise, unneutralise, xlsx_bytes
from toolkit.register.models import RelationshipParty, RelationshipTypeLink
from toolkit.register.tests.factories import RelationshipFactory

INJECTION = '=HYPERLINK("x")'


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+44 20", "'+44 20"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Plain text = fine", "Plain text = fine"),
        ("", ""),
        (None, ""),
        (3, "3"),
        (-2, "-2"),  # a number cannot be a formula: it stays a number
        (Decimal("-0.5"), "-0.5"),
        ("-0.5", "'-0.5"),  # text that looks like one is neutralised all the same
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected
    if value:
        assert unneutralise(neutralise(value)) == str(value)


def test_xlsx_cells_are_text_and_never_formulas():
    workbook = load_workbook(
        io.BytesIO(xlsx_bytes([("A: sheet/with*bad?chars", ["h"], [[INJECTION], [-2]])]))
    )
    sheet = workbook.worksheets[0]
    assert sheet.title == "A  sheet with bad chars"
    assert sheet["A2"].value == "'" + INJECTION and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == -2 and sheet["A3"].data_type == "n"


def test_csv_has_a_byte_order_mark_and_neutralised_cells():
    raw = csv_bytes(["Name"], [[INJECTION]])
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows == [["Name"], ["'" + INJECTION]]


@pytest.fixture
def injected(client, framework_loaded):
    area = AreaFactory()
    RelationshipFactory(area=area, title="Ordinary relationship")
    relationship = RelationshipFactory(area=area, title="With a formula", with_rows=False)
    council = OrganisationFactory(area=area, kind=OrganisationKind.DEPARTMENT, name="Housing")
    evil = OrganisationFactory(area=area, kind=OrganisationKind.VCS, name=INJECTION)
    for organisation, side in ((council, Side.COUNCIL), (evil, Side.VCS)):
        RelationshipParty.objects.create(
            relationship=relationship, organisation=organisation, side=side
        )
    RelationshipTypeLink.objects.create(
        relationship=relationship, type_slug="delivery", is_main=True
    )
    facilitator = MembershipFactory(area=area, role=Role.FACILITATOR_COUNCIL).user
    action_services.action_create(
        area, ActionData(title="@SUM(1,2)", why="-2 points below target"), user=facilitator
    )
    client.force_login(facilitator)
    return area


def _all_cells(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


@pytest.mark.django_db
def test_an_organisation_named_like_a_formula_exports_as_text_in_xlsx(client, injected):
    response = client.get(reverse("reports:data-xlsx", kwargs={"area_code": injected.gss_code}))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    assert workbook.sheetnames[0] == "Relationship register"
    assert workbook.sheetnames[-1] == "Data dictionary"
    cells = list(_all_cells(workbook))
    hits = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert [c.value for c in hits] == ["'" + INJECTION]
    assert hits[0].data_type == "s"
    assert all(c.data_type != "f" for c in cells)
    assert not [
        c.value for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_TRIGGERS)
    ]
    plan = workbook["Joint action plan"]
    assert plan["A2"].value == "'@SUM(1,2)"
    dictionary = [row[1].value for row in workbook["Data dictionary"].iter_rows(min_row=2)]
    assert "VCS parties" in dictionary and "Council owner" in dictionary


@pytest.mark.django_db
@pytest.mark.parametrize("dataset", ["register", "plan", "dictionary", "principles", "mapping"])
def test_csv_downloads_neutralise_every_cell(client, injected, dataset):
    response = client.get(
        reverse("reports:data-csv", kwargs={"area_code": injected.gss_code, "dataset": dataset})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-{dataset}.csv"')
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_TRIGGERS)]
    if dataset == "register":
        assert any(c == "'" + INJECTION for c in cells)


@pytest.mark.django_db
def test_unknown_dataset_is_not_found(client, injected):
    response = client.get(
        reverse("reports:data-csv", kwargs={"area_code": injected.gss_code, "dataset": "secrets"})
    )
    assert response.status_code == 404
