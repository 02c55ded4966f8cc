"""What a scenario is worth, on its pages, exports, versions and comparisons.

The Article baseline (seeded): 350,000 vehicles in 2025 growing 20%, Samsung's
affiliates winning 50% of each component from 2026. In 2026, 420,000 x 50% =
210,000 vehicles' worth of each component at its default margin:
    battery  6,200 x 0.94 = 5,828 x 210,000 = 1,223,880,000 x 5%   = 61,194,000 (Samsung SDI)
    display    300        x 210,000 =    63,000,000 x 8%   =  5,040,000 (Samsung Display)
    memory      60        x 210,000 =    12,600,000 x 8%   =  1,008,000 (Samsung Electronics)
    storage     40        x 210,000 =     8,400,000 x 8%   =    672,000 (Samsung Electronics)
    compute    400        x 210,000 =    84,000,000 x 8%   =  6,720,000 (Samsung Electronics)
    infotainment 600      x 210,000 =   126,000,000 x 6.7% =  8,442,000 (Harman)
    mlcc       100        x 210,000 =    21,000,000 x 0%   =          0 (Samsung Electro-Mechanics,
                                                                         no margin recorded)
    revenue 1,538,880,000; EBIT 83,076,000; tax 24% = 19,938,240;
    working capital 10% x (1,538,880,000 - 0) = 153,888,000;
    FCF = 83,076,000 - 19,938,240 - 153,888,000 = -90,750,240;
    discounted two years at 9%: / 1.1881 = -76,382,661.39...
"""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from scenarios import selectors, services
from scenarios.models import Scenario
from tests.scenarios.editor_data import editor_post_data

pytestmark = pytest.mark.django_db

FCF_2026 = 83_076_000 - 19_938_240 - 153_888_000


@pytest.fixture
def baseline(seeded):
    return Scenario.objects.get(name="Article baseline")


def url(name, scenario):
    return reverse(f"scenarios:{name}", args=[scenario.pk])


def test_new_lines_take_their_suppliers_margin_and_the_scenario_the_declared_defaults(baseline):
    margins = {
        line.category.slug: line.operating_margin_pct for line in baseline.lines.select_related("category")
    }
    assert margins["battery"] == Decimal("5.00") and margins["infotainment"] == Decimal("6.70")
    assert margins["display"] == Decimal("8.00")
    assert (baseline.discount_rate_pct, baseline.tax_rate_pct, baseline.working_capital_pct) == (9, 24, 10)
    assert baseline.reporting_currency == "USD"


def test_the_value_csv_has_each_years_cash_flow(client, baseline):
    client.force_login(baseline.owner)
    response = client.get(url("export_value_csv", baseline))
    assert response["Content-Disposition"] == 'attachment; filename="article-baseline-value.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == [
        "year",
        "revenue",
        "ebit",
        "tax",
        "working_capital_change",
        "upfront_cost",
        "fcf",
        "discount_factor",
        "present_value",
        "currency",
        "fx_rate",
    ]
    year_2026 = rows[1]
    assert year_2026["year"] == "2026" and year_2026["currency"] == "USD" and float(year_2026["fx_rate"]) == 1
    assert float(year_2026["revenue"]) == pytest.approx(1_538_880_000)
    assert float(year_2026["ebit"]) == pytest.approx(83_076_000)
    assert float(year_2026["tax"]) == pytest.approx(19_938_240)
    assert float(year_2026["working_capital_change"]) == pytest.approx(153_888_000)
    assert float(year_2026["fcf"]) == pytest.approx(FCF_2026)
    assert float(year_2026["discount_factor"]) == pytest.approx(1 / 1.09**2)
    assert float(year_2026["present_value"]) == pytest.approx(FCF_2026 / 1.1881)
    # The component export keeps its exact columns.
    components = client.get(url("export_csv", baseline)).content.decode().splitlines()[0]
    assert components == "year,component,supplier,volume,unit_value_usd,share_pct,addressable_usd,revenue_usd"


def test_the_workbook_has_a_value_sheet_in_the_reporting_currency(client, baseline):
    baseline.reporting_currency = "KRW"
    baseline.fx_rates = {"2026": "1500"}
    baseline.save()
    client.force_login(baseline.owner)
    response = client.get(url("export_xlsx", baseline))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Inputs", "Projection", "Components", "Value"]
    rows = list(book["Value"].iter_rows(min_row=2, values_only=True))
    # 2025 at the sourced 1,412.23 won; 2026 at the scenario's own 1,500.
    assert rows[0][-2:] == ("KRW", 1412.23) and rows[1][-2:] == ("KRW", 1500)
    assert rows[1][2] == pytest.approx(83_076_000 * 1500)  # EBIT in won
    assert rows[1][8] == pytest.approx(FCF_2026 / 1.1881 * 1500)
    inputs = {row[0]: row for row in book["Inputs"].iter_rows(min_row=2, values_only=True)}
    assert inputs["Reporting currency"][1] == "KRW" and inputs["Exchange rate 2026"][1] == 1500
    assert inputs["Infotainment and audio: operating margin"][3].startswith("Korea Bizwire")
    assert inputs["Battery: operating margin"][3].startswith("assumption: About 5%")


def test_the_detail_page_shows_npv_ebit_and_the_cash_flow_chart(client, baseline):
    client.force_login(baseline.owner)
    response = client.get(url("detail", baseline))
    html = response.content.decode()
    value = selectors.project(baseline, selectors.lines_of(baseline)).value
    assert 'data-kpi="npv"' in html and 'data-kpi="ebit"' in html
    assert "NPV at 9%" in html and 'id="chart-cash-flow"' in html
    assert f"{value.total.payback_year}" in html and "no terminal value" in html


def test_the_preview_recomputes_npv_when_a_margin_changes(client, baseline):
    client.force_login(baseline.owner)
    before = client.post(url("preview", baseline), editor_post_data(baseline), HTTP_HX_REQUEST="true")
    after = client.post(
        url("preview", baseline),
        editor_post_data(baseline, battery__operating_margin_pct="15"),
        HTTP_HX_REQUEST="true",
    )
    # Battery EBIT in 2026 triples (5% -> 15% of 1,223,880,000): +122,388,000.
    gained = (
        after.context["projection"].value.total.ebit[1] - before.context["projection"].value.total.ebit[1]
    )
    assert gained == pytest.approx(122_388_000)
    assert after.context["projection"].value.npv > before.context["projection"].value.npv
    assert Scenario.objects.get(pk=baseline.pk).version == 1  # nothing saved


def test_saving_and_restoring_brings_back_every_new_input(client, baseline):
    client.force_login(baseline.owner)
    data = editor_post_data(
        baseline,
        discount_rate_pct="12",
        reporting_currency="CNY",
        fx_rates_text="2027: 7.3",
        battery__upfront_cost_usd="200000000",
        battery__upfront_year="2026",
        battery__operating_margin_pct="4.5",
    )
    assert client.post(url("edit", baseline), data).status_code == 302
    baseline.refresh_from_db()
    assert baseline.version == 2 and baseline.fx_rates == {"2027": "7.3"}
    version_2 = baseline.versions.get(number=2).inputs
    assert version_2["reporting_currency"] == "CNY" and version_2["discount_rate_pct"] == "12.00"
    services.scenario_restore(
        scenario=baseline, version=baseline.versions.get(number=1), user=baseline.owner, base_version=2
    )
    baseline.refresh_from_db()
    battery = baseline.lines.get(category__slug="battery")
    assert (baseline.discount_rate_pct, baseline.reporting_currency, baseline.fx_rates) == (9, "USD", {})
    assert (battery.upfront_cost_usd, battery.upfront_year, battery.operating_margin_pct) == (
        0,
        2025,
        Decimal("5"),
    )


def test_compare_shows_the_new_inputs_and_value_outputs(client, baseline):
    client.force_login(baseline.owner)
    data = editor_post_data(baseline, tax_rate_pct="20", battery__operating_margin_pct="6")
    client.post(url("edit", baseline), data)
    response = client.get(reverse("scenarios:compare"), {"ids": f"{baseline.pk}v1,{baseline.pk}"})
    rows = {row.key: row for row in response.context["input_rows"] + response.context["output_rows"]}
    assert rows["tax_rate_pct"].cells[1].difference == -4
    assert rows["battery.operating_margin_pct"].cells[1].difference == 1
    assert rows["npv"].cells[1].differs and rows["npv"].cells[1].difference > 0
    assert rows["cumulative_ebit"].cells[1].difference > 0


def test_a_comparison_names_each_items_currency_and_rates(client, baseline):
    client.force_login(baseline.owner)
    client.post(
        url("edit", baseline),
        editor_post_data(baseline, reporting_currency="KRW", fx_rates_text="2027: 1,450.5"),
    )
    response = client.get(reverse("scenarios:compare"), {"ids": f"{baseline.pk}v1,{baseline.pk}"})
    rows = {row.key: row for row in response.context["input_rows"]}
    assert [cell.value for cell in rows["reporting_currency"].cells] == ["USD", "KRW"]
    assert [cell.value for cell in rows["fx_rates"].cells] == ["none", "2027: 1,450.5"]


def test_a_stale_edit_lists_the_value_inputs_the_other_save_changed(client, baseline):
    client.force_login(baseline.owner)
    stale = editor_post_data(baseline, display__share_pct="25")
    first = editor_post_data(baseline, discount_rate_pct="11", reporting_currency="KRW")
    first.update(editor_post_data(baseline, battery__operating_margin_pct="7.5"))
    first["discount_rate_pct"], first["reporting_currency"] = "11", "KRW"
    assert client.post(url("edit", baseline), first).status_code == 302
    refused = client.post(url("edit", baseline), stale)
    assert refused.status_code == 409
    assert refused.context["conflict"]["changes"] == [
        ("Discount rate (%)", Decimal("9.00"), Decimal("11.00")),
        ("Reporting currency", "USD", "KRW"),
        ("Battery: operating margin (%)", Decimal("5.00"), Decimal("7.50")),
    ]
