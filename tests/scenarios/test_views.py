import csv
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from companies.models import Company
from scenarios import selectors
from scenarios.models import ComponentLine, Scenario
from tests.companies.factories import CompanyFactory
from tests.pages import without_csrf_token
from tests.scenarios.editor_data import editor_post_data
from tests.scenarios.factories import ComponentLineFactory, ScenarioFactory

pytestmark = pytest.mark.django_db


def url(name, scenario):
    return reverse(f"scenarios:{name}", args=[scenario.pk])


# --- list and create -------------------------------------------------------


def test_starting_from_the_article_preset(owner_client, owner, seeded):
    response = owner_client.post(reverse("scenarios:new"), {"start": "preset"})
    scenario = Scenario.objects.get(owner=owner)
    assert response.url == url("edit", scenario)
    assert (scenario.first_year, scenario.first_year_volume, scenario.customer.slug) == (
        2025,
        350_000,
        "xiaomi",
    )
    suppliers = dict(scenario.lines.values_list("category__slug", "supplier__name"))
    assert suppliers == {
        "battery": "Samsung SDI",
        "display": "Samsung Display",
        "memory": "Samsung Electronics",
        "storage": "Samsung Electronics",
        "compute": "Samsung Electronics",
        "infotainment": "Harman International",
        "mlcc": "Samsung Electro-Mechanics",
    }
    battery = scenario.lines.get(category__slug="battery")
    assert battery.content_value_usd == Decimal("6200") and battery.annual_price_change_pct == Decimal("-6")


def test_the_preset_is_named_for_what_it_is_and_twice_gives_distinct_names(owner_client, owner, seeded):
    owner_client.post(reverse("scenarios:new"), {"start": "preset"})
    owner_client.post(reverse("scenarios:new"), {"start": "preset"})
    assert sorted(Scenario.objects.filter(owner=owner).values_list("name", flat=True)) == [
        "Samsung supplies Xiaomi: the article's plan",
        "Samsung supplies Xiaomi: the article's plan (2)",
    ]


def test_a_preset_has_no_typed_description_and_its_summary_follows_the_inputs(owner_client, owner, seeded):
    owner_client.post(reverse("scenarios:new"), {"start": "preset"})
    scenario = Scenario.objects.get(owner=owner)
    assert scenario.description == ""
    # The preset: 350,000 in 2025 growing 20% a year over 6 years (to 2030), every one
    # of the 7 EV components at 50% from 2026.
    page = owner_client.get(url("detail", scenario)).content.decode()
    assert (
        "350,000 vehicles in 2025, growing 20% a year to 2030; "
        "the supplier wins 50% of each of the 7 components, from 2026." in page
    )
    # One share changed and saved: the summary says so; no stale sentence anywhere.
    owner_client.post(url("edit", scenario), editor_post_data(scenario, battery__share_pct="65"))
    page = owner_client.get(url("detail", scenario)).content.decode()
    assert "the supplier wins 50–65% of each of the 7 components, from 2026." in page
    assert "50% of each of the 7" not in page


def test_starting_blank_for_any_customer_and_group(owner_client, owner, seeded):
    byd, samsung = Company.objects.get(slug="byd"), Company.objects.get(slug="samsung")
    response = owner_client.post(
        reverse("scenarios:new"),
        {"start": "blank", "name": "BYD idea", "customer": byd.pk, "supplier_group": samsung.pk},
    )
    scenario = Scenario.objects.get(owner=owner, name="BYD idea")
    assert response.url == url("edit", scenario)
    assert scenario.customer == byd
    assert set(scenario.lines.values_list("share_pct", flat=True)) == {Decimal("0")}
    assert scenario.lines.count() == 7  # one per EV component category


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "customer": "", "supplier_group": ""}, "This field is required."),
        ({"name": "x", "customer": "999999", "supplier_group": "1"}, "Select a valid choice."),
        ({"name": "x" * 121, "customer": "", "supplier_group": ""}, "at most 120 characters"),
    ],
)
def test_a_bad_blank_form_shows_errors_and_saves_nothing(owner_client, owner, seeded, data, message):
    response = owner_client.post(reverse("scenarios:new"), {"start": "blank", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Scenario.objects.filter(owner=owner).exists()


# --- detail, preview and save ----------------------------------------------


def test_detail_shows_kpis_charts_and_the_yearly_table(owner_client, scenario):
    response = owner_client.get(url("detail", scenario))
    html = response.content.decode()
    assert response.status_code == 200
    # 331M cumulative (see above); final year 2 x 60.5M = $121M; capture 50%.
    assert '<div class="kpi-value" data-kpi="cumulative">$331.00M</div>' in html
    assert '<div class="kpi-value" data-kpi="final-year">$121.00M</div>' in html
    assert '<div class="kpi-value" data-kpi="capture">50.0%</div>' in html
    assert '<div class="kpi-value" data-kpi="first-billion">never</div>' in html
    for chart in ("chart-revenue", "chart-volume", "chart-affiliates"):
        assert f'id="{chart}-data"' in html and f'data-chart="{chart}-data"' in html
    assert "121,000" in html  # the 2027 volume in the yearly table


@pytest.mark.parametrize("view", ["detail", "edit"])
def test_detail_and_edit_cost_the_same_queries_for_more_components(
    owner_client, owner, view, django_assert_num_queries
):
    scenario = ScenarioFactory(owner=owner)
    ComponentLineFactory(scenario=scenario)
    # detail: session, user, scenario, then (cached afterwards) its owner, customer and supplier
    # group in one query, lines, reported actuals and the lines' relationships (evidence);
    # edit: session, user, scenario with its parties, lines, affiliates.
    expected = {"detail": 7, "edit": 5}[view]
    with django_assert_num_queries(expected):
        owner_client.get(url(view, scenario))
    ComponentLineFactory.create_batch(5, scenario=scenario)
    cache.clear()
    with django_assert_num_queries(expected):
        owner_client.get(url(view, scenario))


def test_a_second_view_of_the_detail_page_comes_from_the_cache(
    owner_client, scenario, django_assert_num_queries
):
    first = owner_client.get(url("detail", scenario)).content
    with django_assert_num_queries(3):  # session, user, scenario: no lines, no projection
        second = owner_client.get(url("detail", scenario)).content
    assert without_csrf_token(second) == without_csrf_token(first)


def test_saving_retires_the_cached_page(owner_client, scenario):
    assert "$331.00M" in owner_client.get(url("detail", scenario)).content.decode()
    owner_client.post(url("edit", scenario), editor_post_data(scenario, battery__share_pct="100"))
    # Battery now 100%: 100M + 110M + 121M = 331M, display 50%: 165.5M; total $496.5M.
    assert "$496.50M" in owner_client.get(url("detail", scenario)).content.decode()


def test_renaming_a_supplier_in_the_admin_retires_the_cached_page(owner_client, scenario):
    assert "Renamed Parts" not in owner_client.get(url("detail", scenario)).content.decode()
    supplier = scenario.lines.first().supplier
    supplier.name = "Renamed Parts"
    supplier.save()
    assert "Renamed Parts" in owner_client.get(url("detail", scenario)).content.decode()


def test_preview_returns_only_the_fragment_for_htmx(owner_client, scenario):
    data = editor_post_data(scenario, battery__share_pct="100")
    response = owner_client.post(url("preview", scenario), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html and "<form" not in html
    assert response["Vary"] == "HX-Request, Cookie" or "HX-Request" in response["Vary"]
    # Battery at 100%: 100M + 110M + 121M = 331M; display at 50%: 165.5M; total $496.5M.
    assert '<div class="kpi-value" data-kpi="cumulative">$496.50M</div>' in html


def test_preview_without_htmx_returns_the_whole_editor(owner_client, scenario):
    response = owner_client.post(
        url("preview", scenario), editor_post_data(scenario, battery__share_pct="100")
    )
    html = response.content.decode()
    assert html.lstrip().startswith("<!doctype html>")
    assert '<form id="editor"' in html and "$496.50M" in html


def test_preview_saves_nothing(owner_client, scenario):
    owner_client.post(
        url("preview", scenario), editor_post_data(scenario, battery__share_pct="100", name="Renamed")
    )
    scenario.refresh_from_db()
    assert scenario.name == "Owner's plan"
    assert ComponentLine.objects.get(scenario=scenario, category__slug="battery").share_pct == 50


def test_preview_with_an_error_keeps_the_charts_and_shows_the_error_by_the_field(owner_client, scenario):
    data = editor_post_data(scenario, battery__share_pct="150")
    response = owner_client.post(url("preview", scenario), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response["HX-Reswap"] == "none"
    assert 'id="results"' not in html
    line = ComponentLine.objects.get(scenario=scenario, category__slug="battery")
    assert f'id="id_line-{line.pk}-share_pct-errors" hx-swap-oob="true">' in html
    assert "Ensure this value is less than or equal to 100." in html
    assert "Not recalculated" in html


def test_preview_costs_the_same_queries_for_more_components(owner_client, owner, django_assert_num_queries):
    scenario = ScenarioFactory(owner=owner)
    ComponentLineFactory(scenario=scenario)
    data = editor_post_data(scenario)
    # session, user, scenario, lines, affiliates; then lines and affiliates come from the cache
    with django_assert_num_queries(5):
        owner_client.post(url("preview", scenario), data, HTTP_HX_REQUEST="true")
    with django_assert_num_queries(3):
        owner_client.post(url("preview", scenario), data, HTTP_HX_REQUEST="true")
    ComponentLineFactory.create_batch(4, scenario=scenario)
    cache.clear()  # the app only adds lines with a new version; the factory does not
    data = editor_post_data(scenario)
    with django_assert_num_queries(5):
        owner_client.post(url("preview", scenario), data, HTTP_HX_REQUEST="true")


def test_saving_stores_the_scenario_and_every_line_and_bumps_the_version(owner_client, scenario):
    data = editor_post_data(
        scenario,
        name="Bull case",
        first_year_volume="200000",
        volume_overrides_text="2026: 550000",
        battery__share_pct="80",
        display__content_value_usd="450.50",
    )
    response = owner_client.post(url("edit", scenario), data)
    assert response.status_code == 302 and response.url == url("detail", scenario)
    scenario.refresh_from_db()
    assert (scenario.name, scenario.first_year_volume, scenario.version) == ("Bull case", 200_000, 2)
    assert scenario.volume_overrides_by_year == {2026: 550_000}
    lines = {line.category.slug: line for line in scenario.lines.select_related("category")}
    assert lines["battery"].share_pct == Decimal("80")
    assert lines["display"].content_value_usd == Decimal("450.50")


def test_a_supplier_outside_the_group_is_refused(owner_client, scenario):
    rival = CompanyFactory(name="Rival Parts")
    data = editor_post_data(scenario, battery__supplier=str(rival.pk))
    response = owner_client.post(url("edit", scenario), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert (
        ComponentLine.objects.get(scenario=scenario, category__slug="battery").supplier.name != "Rival Parts"
    )


# --- bad input ---------------------------------------------------------------

HUGE = "9" * 40
BAD_VALUES = [
    ("name", "", "This field is required."),
    ("name", "   ", "This field is required."),
    ("name", "x" * 500, "at most 120 characters"),
    ("name", "nul\x00byte", "Null characters are not allowed."),
    ("description", "d" * 2001, "at most 2000 characters"),
    ("first_year", "", "This field is required."),
    ("first_year", "twenty", "Enter a whole number."),
    ("first_year", "1999", "greater than or equal to 2000"),
    ("first_year", HUGE, "less than or equal to 2100"),
    ("horizon_years", "", "This field is required."),
    ("horizon_years", "0", "greater than or equal to 1"),
    ("horizon_years", "16", "less than or equal to 15"),
    ("horizon_years", "2.5", "Enter a whole number."),
    ("first_year_volume", "", "This field is required."),
    ("first_year_volume", "-1", "greater than or equal to 0"),
    ("first_year_volume", "many", "Enter a whole number."),
    ("first_year_volume", "1e309", "Enter a whole number."),
    ("first_year_volume", HUGE, "less than or equal to 100000000"),
    ("annual_growth_pct", "", "This field is required."),
    ("annual_growth_pct", "nan", "Enter a number."),
    ("annual_growth_pct", "inf", "Enter a number."),
    ("annual_growth_pct", "abc", "Enter a number."),
    ("annual_growth_pct", "-101", "greater than or equal to -100"),
    ("annual_growth_pct", HUGE, "less than or equal to 1000"),
    ("volume_overrides_text", "2026 lots", "Write each override as year: vehicles"),
    ("volume_overrides_text", "2040: 5", "outside the projected years"),
    ("volume_overrides_text", "2026: 999999999999", "above 100,000,000 vehicles"),
    ("volume_overrides_text", f"2026: {HUGE}", "The volume for 2026 is too large."),
    ("volume_overrides_text", "2026: 1; 2026: 2", "2026 is given twice."),
    ("battery__share_pct", "", "This field is required."),
    ("battery__share_pct", "fifty", "Enter a number."),
    ("battery__share_pct", "100.01", "less than or equal to 100"),
    ("battery__share_pct", "-0.5", "greater than or equal to 0"),
    ("battery__share_pct", HUGE, "less than or equal to 100"),
    ("battery__content_value_usd", "", "This field is required."),
    ("battery__content_value_usd", "cheap", "Enter a number."),
    ("battery__content_value_usd", "-5", "greater than or equal to 0"),
    ("battery__content_value_usd", "1e400", "less than or equal to 1000000"),
    ("battery__annual_price_change_pct", "", "This field is required."),
    ("battery__annual_price_change_pct", "falling", "Enter a number."),
    ("battery__annual_price_change_pct", "-100.5", "greater than or equal to -100"),
    ("battery__annual_price_change_pct", HUGE, "less than or equal to 100"),
    ("battery__supply_start_year", "", "This field is required."),
    ("battery__supply_start_year", "soon", "Enter a whole number."),
    ("battery__supply_start_year", "3000", "less than or equal to 2100"),
    ("battery__supplier", "", "This field is required."),
    ("battery__supplier", "not-a-number", "Select a valid choice."),
    # What the revenue is worth
    ("discount_rate_pct", "NaN", "Enter a number."),
    ("discount_rate_pct", "-1", "greater than or equal to 0"),
    ("discount_rate_pct", "100.01", "less than or equal to 100"),
    ("tax_rate_pct", "", "This field is required."),
    ("tax_rate_pct", "inf", "Enter a number."),
    ("tax_rate_pct", "101", "less than or equal to 100"),
    ("working_capital_pct", "-0.01", "greater than or equal to 0"),
    ("reporting_currency", "EUR", "Select a valid choice."),
    ("fx_rates_text", "2026: 1450", "Choose a reporting currency other than USD"),
    ("battery__operating_margin_pct", "NaN", "Enter a number."),
    ("battery__operating_margin_pct", "150", "less than or equal to 100"),
    ("battery__operating_margin_pct", "-100.5", "greater than or equal to -100"),
    ("battery__upfront_cost_usd", "-1", "greater than or equal to 0"),
    ("battery__upfront_cost_usd", HUGE, "less than or equal to 1000000000000"),
    ("battery__upfront_year", "soon", "Enter a whole number."),
    ("battery__upfront_year", "1999", "greater than or equal to 2000"),
]

# The same with a reporting currency that takes rates.
BAD_RATES = [
    ("2026 lots", "Write each rate as year: units per US dollar"),
    ("2026: NaN", "Write each rate as year: units per US dollar"),
    ("2026: 0", "must be above 0"),
    ("2026: -5", "must be above 0"),
    ("2026: 2000000", "at most 1,000,000"),
    ("2040: 1450", "outside the projected years"),
    ("2026: 1; 2026: 2", "2026 is given twice."),
]


@pytest.mark.parametrize(("value", "message"), BAD_RATES)
def test_bad_exchange_rates_give_a_field_error_and_save_nothing(owner_client, scenario, value, message):
    before = (Scenario.objects.values().get(pk=scenario.pk), list(ComponentLine.objects.values()))
    data = editor_post_data(scenario, reporting_currency="KRW", fx_rates_text=value)
    response = owner_client.post(url("edit", scenario), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert (Scenario.objects.values().get(pk=scenario.pk), list(ComponentLine.objects.values())) == before


@pytest.mark.parametrize(("field", "value", "message"), BAD_VALUES)
def test_bad_input_gives_a_field_error_and_saves_nothing(owner_client, scenario, field, value, message):
    before = (Scenario.objects.values().get(pk=scenario.pk), list(ComponentLine.objects.values()))
    data = editor_post_data(scenario, **{field: value, "display__share_pct": "99"})
    response = owner_client.post(url("edit", scenario), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    # The valid change to the display line was not saved either.
    assert (Scenario.objects.values().get(pk=scenario.pk), list(ComponentLine.objects.values())) == before

    preview = owner_client.post(url("preview", scenario), data, HTTP_HX_REQUEST="true")
    assert preview.status_code == 200 and message in preview.content.decode()


def test_a_name_already_used_by_the_owner_is_refused(owner_client, owner, scenario):
    ScenarioFactory(owner=owner, name="Taken")
    response = owner_client.post(url("edit", scenario), editor_post_data(scenario, name="Taken"))
    assert "You already have a scenario with this name." in response.content.decode()


# --- export ------------------------------------------------------------------


def test_csv_export_matches_the_engine_at_full_precision(owner_client, scenario):
    scenario.lines.filter(category__slug="battery").update(annual_price_change_pct=Decimal("-7.5"))
    response = owner_client.get(url("export_csv", scenario))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="owners-plan.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "year",
        "component",
        "supplier",
        "volume",
        "unit_value_usd",
        "share_pct",
        "addressable_usd",
        "revenue_usd",
    ]
    projection = selectors.project(scenario, selectors.lines_of(scenario))
    assert len(rows) == 1 + len(projection.rows) == 1 + 3 * 2
    for written, row in zip(rows[1:], projection.rows, strict=True):
        assert written[:3] == [str(row.year), row.component, row.supplier]
        assert [float(v) for v in written[3:]] == [
            row.volume,
            row.unit_value,
            row.share_pct,
            row.addressable,
            row.revenue,
        ]
    # 2027 battery: 121,000 vehicles x $1,000 x 0.925^2 = $855.625 a unit (exactly, in binary
    # floating point to 12 digits), addressable 103,530,625; 50% = 51,765,312.5.
    battery_2027 = next(r for r in rows if r[0] == "2027" and r[1] == "Battery")
    assert float(battery_2027[4]) == pytest.approx(855.625, rel=1e-12)
    assert float(battery_2027[7]) == pytest.approx(51_765_312.5, rel=1e-12)


def test_csv_cells_that_look_like_formulas_are_written_as_text(owner_client, scenario):
    line = scenario.lines.select_related("supplier").first()
    line.supplier.name = "=HYPERLINK(evil)"
    line.supplier.save()
    response = owner_client.get(url("export_csv", scenario))
    assert "'=HYPERLINK(evil)" in response.content.decode()


# --- clone and delete -----------------------------------------------------------


def test_clone_copies_inputs_into_a_private_scenario_of_mine(stranger_client, stranger, scenario):
    scenario.visibility = Scenario.Visibility.SHARED
    scenario.volume_overrides = {"2026": 123}
    scenario.save()
    response = stranger_client.post(url("clone", scenario))
    copy = Scenario.objects.get(owner=stranger)
    assert response.url == url("edit", copy)
    assert copy.name == "Copy of Owner's plan" and copy.visibility == Scenario.Visibility.PRIVATE
    assert copy.volume_overrides == {"2026": 123}
    original = selectors.project(scenario, selectors.lines_of(scenario))
    cloned = selectors.project(copy, selectors.lines_of(copy))
    assert cloned.rows == original.rows


def test_delete_asks_first_then_removes_the_scenario_and_its_lines(owner_client, scenario):
    page = owner_client.get(url("delete", scenario))
    assert "Delete “Owner&#x27;s plan”?" in page.content.decode()
    assert Scenario.objects.filter(pk=scenario.pk).exists()
    response = owner_client.post(url("delete", scenario))
    assert response.url == reverse("scenarios:list")
    assert not Scenario.objects.filter(pk=scenario.pk).exists()
    assert not ComponentLine.objects.filter(scenario_id=scenario.pk).exists()


def test_the_editor_shows_numbers_as_the_other_pages_do_without_trailing_zeros(owner_client, owner, seeded):
    owner_client.post(reverse("scenarios:new"), {"start": "preset"})
    scenario = Scenario.objects.get(owner=owner)
    page = owner_client.get(url("edit", scenario)).content.decode()
    growth = scenario._meta.get_field("annual_growth_pct").name
    # Stored as 20.00, 50.00 and -6.00 (the battery's sourced price change); shown as typed.
    assert scenario.annual_growth_pct == Decimal("20.00")
    assert f'name="{growth}" value="20"' in page
    battery = scenario.lines.get(category__slug="battery")
    assert battery.annual_price_change_pct == Decimal("-6")
    assert 'value="-6"' in page and 'value="-6.00"' not in page
    assert 'value="50"' in page and 'value="50.00"' not in page


@pytest.mark.parametrize("name", ["detail", "edit"])
def test_each_default_value_says_whether_it_is_sourced_derived_or_assumed(owner_client, owner, seeded, name):
    owner_client.post(reverse("scenarios:new"), {"start": "preset"})
    scenario = Scenario.objects.get(owner=owner)
    html = owner_client.get(url(name, scenario)).content.decode()
    # The display's $300 is $492M / 1.64M panels: derived, with the calculation and its source.
    assert (
        '<span class="tag tag-derived">derived</span>\n  <span class="small">$300 default. Derived: about '
        "$492M of car OLED panels / 1.64M panels"
    ) in html
    assert '<span class="tag tag-assumption">assumption</span>\n  <span class="small">$6,200 default.' in html


@pytest.mark.parametrize("view", ["edit", "preview"])
def test_an_upfront_cost_outside_the_projected_years_is_refused_beside_the_field(
    owner_client, scenario, view
):
    # The scenario projects 2025-2027: a cost in 2024 could never be spent, and the
    # engine would refuse it. A year outside with no cost is harmless and kept.
    data = editor_post_data(scenario, battery__upfront_cost_usd="5000000", battery__upfront_year="2024")
    answer = owner_client.post(url(view, scenario), data)
    assert answer.status_code == 200
    assert "2024 is outside the projected years 2025–2027." in answer.content.decode()
    scenario.refresh_from_db()
    assert scenario.version == 1 and scenario.lines.get(category__slug="battery").upfront_cost_usd == 0
    data = editor_post_data(scenario, battery__upfront_cost_usd="0", battery__upfront_year="2024")
    assert owner_client.post(url("edit", scenario), data).status_code == 302
