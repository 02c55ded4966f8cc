"""Scenarios through the API: what the pages show, as JSON, and every write
through the pages' own forms and services."""

from decimal import Decimal

import pytest

from scenarios import services
from scenarios.models import AuditEvent, Scenario
from tests.companies.factories import CarMakerFactory
from tests.scenarios.factories import ScenarioFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def versioned(scenario, owner):
    """The conftest scenario with its first version on record, as every write leaves one."""
    services.scenario_version_record(scenario=scenario, user=owner, message="Created")
    return scenario


def test_a_scenario_reads_as_its_inputs(owner_api, versioned):
    body = owner_api.get(f"/api/scenarios/{versioned.pk}").json()
    assert (body["name"], body["version"], body["first_year"], body["horizon_years"]) == (
        "Owner's plan",
        1,
        2025,
        3,
    )
    assert (body["first_year_volume"], body["annual_growth_pct"]) == (100_000, 10.0)
    assert [line["component"] for line in body["lines"]] == ["battery", "display"]
    assert body["lines"][0]["share_pct"] == 50.0 and body["lines"][0]["content_value_usd"] == 1000.0
    assert body["can_edit"] is True and body["url"] == f"/scenarios/{versioned.pk}/"


def test_the_projection_is_the_engines_to_the_cent(owner_api, versioned):
    # Two components of $1,000 at 50% each: $1,000 of revenue a vehicle. 100,000
    # vehicles growing 10%: $100M, $110M, $121M; $331M in all.
    body = owner_api.get(f"/api/scenarios/{versioned.pk}/projection").json()
    assert [row["year"] for row in body["years"]] == [2025, 2026, 2027]
    assert [row["revenue_usd"] for row in body["years"]] == pytest.approx([100e6, 110e6, 121e6], abs=0.005)
    assert body["cumulative_revenue_usd"] == pytest.approx(331e6, abs=0.005)
    assert len(body["rows"]) == 6
    battery_2027 = next(r for r in body["rows"] if (r["year"], r["component"]) == (2027, "battery"))
    assert battery_2027["revenue_usd"] == pytest.approx(60.5e6, abs=0.005)  # 121,000 × $1,000 × 50%


def test_the_value_is_in_the_reporting_currency_year_by_year(owner_api, versioned, owner):
    versioned.reporting_currency = "KRW"
    versioned.fx_rates = {"2026": "1500"}
    versioned.save()
    body = owner_api.get(f"/api/scenarios/{versioned.pk}/value").json()
    assert body["currency"] == "KRW"
    # 2025 at the sourced 1,412.23, 2026 and later at the scenario's 1,500.
    assert [row["fx_rate"] for row in body["years"]] == [1412.23, 1500.0, 1500.0]
    # Revenue $100M in 2025: ₩141,223,000,000.
    assert body["years"][0]["revenue"] == pytest.approx(141_223_000_000, abs=1)
    assert body["cumulative_revenue"] == pytest.approx(100e6 * 1412.23 + 231e6 * 1500, abs=1)


def test_a_change_saves_a_new_version_through_the_editors_forms(owner_api, versioned):
    answer = owner_api.patch(
        f"/api/scenarios/{versioned.pk}",
        {
            "base_version": 1,
            "annual_growth_pct": "0",
            "message": "flat",
            "lines": {"battery": {"share_pct": 100}},
        },
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["version"] == 2 and body["annual_growth_pct"] == 0.0
    # Battery at 100% and display at 50% of $1,000: $1,500 a vehicle, 100,000 a year, 3 years.
    assert body["cumulative_revenue_usd"] == pytest.approx(450e6)
    versioned.refresh_from_db()
    assert versioned.version == 2 and versioned.annual_growth_pct == Decimal("0")
    assert versioned.versions.get(number=2).message == "flat"
    # Everything not given is as it was.
    assert versioned.lines.get(category__slug="display").share_pct == Decimal("50")


def test_a_change_from_an_older_version_is_refused_with_what_changed(owner_api, versioned, owner):
    owner_api.patch(f"/api/scenarios/{versioned.pk}", {"base_version": 1, "annual_growth_pct": 20})
    answer = owner_api.patch(f"/api/scenarios/{versioned.pk}", {"base_version": 1, "first_year_volume": 5})
    assert answer.status_code == 409
    body = answer.json()
    assert (body["current_version"], body["base_version"], body["saved_by"]) == (2, 1, "owner")
    # What the other save changed, as numbers; this change's volume is not saved.
    assert body["changes"] == [{"label": "Annual volume growth (%)", "before": 10.0, "after": 20.0}]
    versioned.refresh_from_db()
    assert versioned.first_year_volume == 100_000 and versioned.version == 2


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"annual_growth_pct": 1001}, "annual_growth_pct", "less than or equal to 1000"),
        ({"lines": {"battery": {"share_pct": -1}}}, "lines.battery.share_pct", "greater than or equal to 0"),
        ({"lines": {"battery": {"share_pct": "half"}}}, "lines.battery.share_pct", "Enter a number"),
        ({"lines": {"wheels": {"share_pct": 5}}}, "lines.wheels", "no “wheels” line"),
        ({"lines": {"battery": {"supplier": "nobody"}}}, "lines.battery.supplier", "Not an affiliate"),
        ({"volume_overrides": {"2031": 5}}, "volume_overrides", "outside the projected years"),
        ({"fx_rates": {"2026": 1400}}, "fx_rates", "reporting currency other than USD"),
        ({"name": "a\x01b"}, "name", "control character"),
        (
            {"lines": {"battery": {"upfront_cost_usd": 1000, "upfront_year": 2030}}},
            "lines.battery.upfront_year",
            "outside the projected years 2025–2027",
        ),
    ],
    ids=["growth", "share", "text", "component", "supplier", "override", "rates", "name", "upfront"],
)
def test_refused_values_name_their_field_and_nothing_is_saved(owner_api, versioned, change, field, message):
    answer = owner_api.patch(f"/api/scenarios/{versioned.pk}", {"base_version": 1, **change})
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert field in errors and any(message in text for text in errors[field]), errors
    versioned.refresh_from_db()
    assert versioned.version == 1 and versioned.versions.count() == 1


def test_a_body_that_is_not_json_is_a_400_not_a_500(owner_api, versioned, client):
    answer = owner_api.patch(f"/api/scenarios/{versioned.pk}", "{not json")
    assert answer.status_code in (400, 422)


def test_creating_from_the_preset_or_blank(owner_api, owner, seeded):
    preset = owner_api.post("/api/scenarios", {"start": "preset", "name": "From the article"})
    assert preset.status_code == 201
    assert preset.json()["customer"]["slug"] == "xiaomi" and len(preset.json()["lines"]) >= 6
    blank = owner_api.post(
        "/api/scenarios",
        {"start": "blank", "name": "BYD plan", "customer": "byd", "supplier_group": "samsung"},
    )
    assert blank.status_code == 201, blank.content
    created = Scenario.objects.get(owner=owner, name="BYD plan")
    assert created.customer.slug == "byd" and created.versions.count() == 1
    assert AuditEvent.objects.filter(action="scenario_created", scenario=created).exists()
    refused = owner_api.post("/api/scenarios", {"start": "blank", "name": "BYD plan", "customer": "nobody"})
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) >= {"name", "customer", "supplier_group"}


def test_clone_and_delete(owner_api, versioned, owner):
    clone = owner_api.post(f"/api/scenarios/{versioned.pk}/clone")
    assert clone.status_code == 201 and clone.json()["name"] == "Copy of Owner's plan"
    copy_id = clone.json()["id"]
    assert owner_api.delete(f"/api/scenarios/{copy_id}").status_code == 204
    assert not Scenario.objects.filter(pk=copy_id).exists()
    assert AuditEvent.objects.filter(action="scenario_deleted", object_repr="Copy of Owner's plan").exists()


def test_the_list_searches_filters_sorts_and_pages_like_the_page(owner_api, owner):
    for number in range(30):
        plan = ScenarioFactory(owner=owner, name=f"Plan {number:02}", first_year_volume=1000 * (number + 1))
        services.scenario_version_record(scenario=plan, user=owner)  # stores its headline figures
    first = owner_api.get("/api/scenarios", {"sort": "-updated"}).json()
    assert (first["count"], first["pages"], len(first["results"])) == (30, 2, 25)
    second = owner_api.get("/api/scenarios", {"page": 2}).json()
    assert len(second["results"]) == 5
    found = owner_api.get("/api/scenarios", {"q": "Plan 1"}).json()
    assert {s["name"] for s in found["results"]} == {f"Plan {n}" for n in range(10, 20)}
    by_revenue = owner_api.get("/api/scenarios", {"sort": "-revenue"}).json()["results"]
    assert [s["name"] for s in by_revenue[:2]] == ["Plan 29", "Plan 28"]  # the most vehicles first
    assert owner_api.get("/api/scenarios", {"owner": "shared"}).json()["count"] == 0
    assert owner_api.get("/api/scenarios", {"customer": "no-such-company"}).json()["count"] == 0
    assert owner_api.get("/api/scenarios", {"sort": "sideways"}).status_code == 422


def test_a_filter_by_a_company_none_of_your_scenarios_names_finds_nothing(owner_api, versioned):
    # The list page offers only the companies some visible scenario names; through the
    # API any company can be asked for, and one no visible scenario names selects none.
    other_maker = CarMakerFactory(slug="other-maker")
    assert owner_api.get("/api/scenarios").json()["count"] == 1
    assert owner_api.get("/api/scenarios", {"customer": other_maker.slug}).json()["count"] == 0
    assert owner_api.get("/api/scenarios", {"customer": versioned.customer.slug}).json()["count"] == 1
