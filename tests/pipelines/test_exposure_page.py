"""Exposure as the pipeline page reads it: each affiliate's latest reported revenue,
converted to US dollars, against the expected revenue from each customer."""

import pytest
from django.urls import reverse

from companies.models import Fact
from pipelines.selectors import reported_revenues
from tests.companies.factories import CompanyFactory, FactFactory

pytestmark = pytest.mark.django_db


def test_the_latest_reported_revenue_is_taken_and_converted_to_dollars(db):
    sdi = CompanyFactory(name="Battery maker")
    FactFactory(company=sdi, metric="revenue", value=21_436_788_000_000, unit="KRW", year=2023)
    FactFactory(company=sdi, metric="revenue", value=16_592_249_000_000, unit="KRW", year=2024)
    # Not a currency: never read as a revenue.
    FactFactory(company=CompanyFactory(name="Counted"), metric="revenue", value=5, unit="vehicles")
    found = reported_revenues(["Battery maker", "Counted", "Nobody"])
    assert set(found) == {"Battery maker"}
    reported = found["Battery maker"]
    assert (reported.year, reported.currency, reported.amount) == (2024, "KRW", 16_592_249_000_000)
    # No sourced won rate before 2025: the earliest, 1,412.23 won to the dollar.
    # 16,592,249,000,000 / 1,412.23 = 11,748,970,776.71.
    assert reported.amount_usd == pytest.approx(11_748_970_776.71, abs=0.01)


def test_the_page_shows_the_share_of_reported_revenue_or_says_none_is_recorded(owner_client, pipeline):
    first_line = pipeline.deals.get(name="First plan").cases.get().scenario.lines.get()
    second_line = pipeline.deals.get(name="Second plan").cases.get().scenario.lines.get()
    # The first plan's supplier reported $500M: its $25M a year expected (50% of $50M)
    # is 5% of it, under the 10% flag.
    FactFactory(company=first_line.supplier, metric="revenue", value=500_000_000, unit="USD", year=2024)
    page = owner_client.get(reverse("pipelines:detail", args=[pipeline.pk])).content.decode()
    exposure = page.split('id="exposure-heading"')[1].split("</section>")[0]
    rows = {row.split("</th>")[0]: row for row in exposure.split("<tbody>")[1].split("<tr>")[1:]}
    first = next(row for name, row in rows.items() if first_line.supplier.name in name)
    second = next(row for name, row in rows.items() if second_line.supplier.name in name)
    assert "$500.00M (2024)" in first and "5.0%" in first and "10%+" not in first.split("</th>")[0]
    assert "no reported revenue recorded" in second


def test_a_customer_at_a_tenth_of_reported_revenue_is_flagged(owner_client, pipeline):
    line = pipeline.deals.get(name="First plan").cases.get().scenario.lines.get()
    # $25M expected a year against $250M reported: exactly 10%, flagged.
    FactFactory(company=line.supplier, metric="revenue", value=250_000_000, unit="USD", year=2024)
    page = owner_client.get(reverse("pipelines:detail", args=[pipeline.pk])).content.decode()
    exposure = page.split('id="exposure-heading"')[1].split("</section>")[0]
    heading = next(row for row in exposure.split("<tr>") if line.supplier.name in row).split("</th>")[0]
    assert 'class="tag tag-major"' in heading and "10%+" in heading
    assert Fact.objects.filter(metric="revenue").count() == 1
