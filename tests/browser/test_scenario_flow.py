import csv
import io

import pytest
from playwright.sync_api import expect

from ops.demo import DEMO_USER
from scenarios.models import ComponentLine, Scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_builds_a_scenario_from_the_preset_and_sees_it_live(
    page, live_server, seeded, log_in, screenshot
):
    log_in(page, *DEMO_USER)
    page.get_by_role("link", name="New scenario").click()
    page.get_by_role("button", name="Start from the article").click()
    expect(page.get_by_role("heading", name="Edit scenario")).to_be_visible()
    scenario = Scenario.objects.get(
        owner__username="demo", name="Samsung supplies Xiaomi: the article's plan"
    )
    battery = ComponentLine.objects.get(scenario=scenario, category__slug="battery")
    assert battery.share_pct == 50

    cumulative = page.locator("[data-kpi=cumulative]")
    expect(page.locator("#chart-revenue svg.main-svg").first).to_be_attached()
    before_kpi = cumulative.inner_text()
    # The battery trace's last bar (2025 is before supply starts, so zero).
    battery_bar = page.locator("#chart-revenue .trace.bars").first.locator("path").last
    before_bar = battery_bar.get_attribute("d")

    # Drag the battery share to 100% with the keyboard, as a user could.
    slider = page.get_by_label("Battery: supplier's share (%), slider")
    slider.focus()
    page.keyboard.press("End")
    expect(page.get_by_label("Battery: supplier's share (%)", exact=True)).to_have_value("100")
    expect(cumulative).not_to_have_text(before_kpi)
    expect(battery_bar).not_to_have_attribute("d", before_bar)
    screenshot(page, "scenario-editor", full_page=False)

    # A bad value is flagged next to its field, and the flag goes when it is fixed.
    share = page.get_by_label("Battery: supplier's share (%)", exact=True)
    share.fill("150")
    error = page.locator(".component-line[data-component=battery] .field-errors").first
    expect(error).to_have_text("Ensure this value is less than or equal to 100.")
    expect(page.locator("#preview-status")).to_contain_text("Not recalculated")
    share.fill("100")
    expect(error).to_be_empty()
    expect(page.locator("#preview-status")).to_contain_text("Live preview")

    # Nothing is saved by the preview.
    battery.refresh_from_db()
    assert battery.share_pct == 50

    after_kpi = cumulative.inner_text()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved “Samsung supplies Xiaomi: the article's plan”")).to_be_visible()
    page.reload()
    expect(page.locator("[data-kpi=cumulative]")).to_have_text(after_kpi)
    battery.refresh_from_db()
    assert battery.share_pct == 100
    expect(page.locator("#chart-volume svg.main-svg").first).to_be_attached()
    screenshot(page, "scenario-detail")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(download_info.value.path().read_text())))
    battery_rows = [row for row in rows if row["component"] == "Battery"]
    assert [float(row["share_pct"]) for row in battery_rows] == [100.0] * 6
    assert rows[0].keys() == {
        "year",
        "component",
        "supplier",
        "volume",
        "unit_value_usd",
        "share_pct",
        "addressable_usd",
        "revenue_usd",
    }
