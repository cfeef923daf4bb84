"""Funding-equity figures and the value calculator, on exact values."""

import datetime as dt
from decimal import Decimal as D

import pytest

from toolkit.evidence import equity, value
from toolkit.evidence.equity import CONTRACT, GRANT, FundingItem


def item(kind, amount, day, recipient, income=None, months=None, dept="", source="a.csv"):
    return FundingItem(
        kind,
        D(amount),
        day,
        recipient,
        None if income is None else D(income),
        None if months is None else D(months),
        dept,
        source,
    )


ITEMS = [
    item(GRANT, "1000", dt.date(2023, 4, 1), "a", income="5000", months="12"),
    item(GRANT, "3000", dt.date(2024, 3, 31), "b", income="250000", months="36"),
    item(GRANT, "500.50", dt.date(2024, 4, 1), "a", income="5000", months="6", dept="Housing"),
    item(CONTRACT, "10000", dt.date(2024, 6, 30), "c", months="24", source="ocds.json"),
    item(CONTRACT, "2000", None, "d", source="ocds.json"),
]


def test_financial_year():
    assert equity.financial_year(dt.date(2024, 3, 31)) == "2023 to 2024"
    assert equity.financial_year(dt.date(2024, 4, 1)) == "2024 to 2025"


def test_totals_by_year():
    assert equity.totals_by_year(ITEMS) == [
        {
            "year": "2023 to 2024",
            "grants": D("4000"),
            "contracts": D("0"),
            "total": D("4000"),
            "sources": ("a.csv",),
        },
        {
            "year": "2024 to 2025",
            "grants": D("500.50"),
            "contracts": D("10000"),
            "total": D("10500.50"),
            "sources": ("a.csv", "ocds.json"),
        },
    ]


def test_top_recipients_share():
    share = equity.top_recipients_share(ITEMS, n=2)
    assert share.value == D("13000")  # c 10000 + b 3000 (a has 1500.50, d 2000)
    assert share.of == D("16500.50")
    assert share.percent == D("78.8")
    assert share.sources == ("a.csv", "ocds.json")
    assert equity.top_recipients_share(ITEMS).percent == D("100.0")


def test_share_to_small_organisations_and_coverage():
    small, known = equity.small_organisations_share(ITEMS)
    assert small.value == D("1500.50") and small.percent == D("9.1")
    assert known.value == D("4500.50") and known.percent == D("27.3")


def test_coverage_tells_matched_recipients_apart_from_known_incomes():
    """Trafford's case: money that went to matched charities whose file gave no income is
    matched, not "not matched" (the funding page said "income is known for 0.0% of the
    money: the rest went to recipients not matched" when 36.6% went to matched charities)."""
    items = [
        FundingItem(GRANT, D("366"), None, "1", matched=True),
        FundingItem(GRANT, D("100"), None, "2", recipient_income=D("5000"), matched=True),
        FundingItem(GRANT, D("534"), None, "360G-trafford-x"),
    ]
    coverage = equity.recipients_coverage(items)
    assert coverage["matched"].percent == D("46.6")
    assert coverage["income_known"].percent == D("10.0")
    assert coverage["matched_income_unknown"].percent == D("36.6")
    assert coverage["unmatched"].percent == D("53.4")
    assert equity.equity_summary(items)["coverage"] == coverage


def test_grants_and_contracts():
    kinds = equity.grants_and_contracts(ITEMS)
    assert kinds[GRANT].value == D("4500.50") and kinds[GRANT].percent == D("27.3")
    assert kinds[CONTRACT].value == D("12000") and kinds[CONTRACT].percent == D("72.7")


def test_multi_and_single_year():
    length = equity.multi_and_single_year(ITEMS)
    assert length["multi_year"].value == D("13000")
    assert length["single_year"].value == D("1500.50")
    assert length["unknown"].value == D("2000")


def test_empty_shares_have_no_percent():
    assert equity.top_recipients_share([]).percent is None
    assert equity.equity_summary([])["total"] == D("0")


def test_by_department():
    assert {k: len(v) for k, v in equity.by_department(ITEMS).items()} == {
        "Housing": 1,
        "Not stated": 4,
    }


@pytest.mark.parametrize(
    ("amount", "rating"),
    [("1", 1), ("5000", 1), ("5001", 2), ("99999", 3), ("100001", 4), ("600000", 5)],
)
def test_suggest_financial_investment(amount, rating):
    suggestion = equity.suggest_financial_investment(
        {"total": D(amount), "count": 1, "sources": ("a.csv",)}
    )
    assert suggestion["rating"] == rating
    assert "a.csv" in suggestion["reason"]


def test_no_funding_gives_no_suggestion():
    assert equity.suggest_financial_investment({"count": 0})["rating"] is None


def test_value_calculator():
    result = value.value_calculate(D("1000"), D("2500"), D("500"), "because")
    assert result.net_value == D("2000")
    assert result.ratio == D("3.00")
    with pytest.raises(ValueError):
        value.value_calculate(D("-1"), D("0"))


def test_south_gloucestershire_from_its_inputs():
    example = value.south_gloucestershire()
    assert example.invested == D("165000")
    assert example.costs_avoided == D("1095000")
    assert example.net_value == D("930000")
    assert example.ratio == D("6.64")
    assert "£930,000" in example.notes[0] and "£5,000" in example.notes[0]
    assert "£6.64" in example.notes[1]


@pytest.mark.django_db
def test_funding_between_parties(trafford):
    from toolkit.areas.models import Organisation, OrganisationKind
    from toolkit.evidence.selectors import funding_between
    from toolkit.evidence.services import import_paths

    from .conftest import TRAFFORD_CHARITIES, TRAFFORD_GRANTS_CSV, shared

    import_paths("charities", trafford, [shared(TRAFFORD_CHARITIES)])
    import_paths("grants", trafford, [shared(TRAFFORD_GRANTS_CSV)])
    council = Organisation.objects.get(area=trafford, kind=OrganisationKind.COUNCIL)
    cyril = Organisation.objects.get(area=trafford, org_id="GB-CHC-1146179")
    totals = funding_between(trafford, [council.pk, cyril.pk])
    from toolkit.evidence.models import Grant

    expected = sum(g.amount_awarded for g in Grant.objects.filter(recipient=cyril))
    assert totals["grants"] == expected and totals["count"] >= 1
    assert totals["sources"] == ("trafford_council_voluntary_sector_grants.csv",)
    assert funding_between(trafford, [cyril.pk])["count"] == 0  # no council side
