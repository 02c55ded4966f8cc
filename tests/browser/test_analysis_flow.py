import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from ops.demo import DEMO_USER
from scenarios.models import Scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def loaded(page, tool):
    """The tool's section once it has run with its defaults: each loads itself
    after the page paints, and its results replace the whole section, form too."""
    section = page.locator(f"#tool-{tool}")
    expect(section.locator(".tool-pending")).to_have_count(0)
    return section


def test_analyst_uses_the_heatmap_goal_seek_and_monte_carlo(page, live_server, seeded, log_in, screenshot):
    baseline = Scenario.objects.get(name="Article baseline")
    log_in(page, *DEMO_USER)
    page.goto(f"{live_server.url}/scenarios/{baseline.pk}/")
    page.get_by_role("link", name="Analysis").click()
    heatmap = page.locator("#chart-heatmap")
    expect(heatmap.locator("svg.main-svg").first).to_be_attached()
    screenshot(page, "analysis")

    # Click a cell: the editor opens with that cell's share and volume, unsaved.
    drag = heatmap.locator(".nsewdrag").first
    box = drag.bounding_box()
    drag.click(position={"x": box["width"] * 0.8, "y": box["height"] * 0.2})
    page.wait_for_url(re.compile(r"/edit/\?apply="))
    applied = dict(value.split("=") for value in parse_qs(urlparse(page.url).query)["apply"])
    expect(page.get_by_text("From the analysis")).to_be_visible()
    # At the field's two places, written without trailing zeros (80, 52.5).
    expect(page.get_by_label("Battery: supplier's share (%)", exact=True)).to_have_value(
        f"{float(applied['share']):.2f}".rstrip("0").rstrip(".")
    )
    expect(page.get_by_label("Vehicles in the first year", exact=True)).to_have_value(
        str(round(float(applied["volume"])))
    )
    assert Scenario.objects.get(pk=baseline.pk).version == 1  # nothing saved

    # Goal seek, then apply its answer.
    page.goto(f"{live_server.url}/scenarios/{baseline.pk}/analysis/")
    goal = loaded(page, "goal")
    goal.get_by_label("Value to reach (USD)").fill("20000000000")
    goal.get_by_label("Solve for").select_option("volume")
    goal.get_by_role("button", name="Solve").click()
    expect(page.locator("#tool-goal")).to_contain_text("reaches $20.00B of cumulative revenue")
    page.locator("#tool-goal").get_by_role("link", name="Open in the editor with this value").click()
    expect(page.get_by_text("From the analysis: Vehicles in the first year")).to_be_visible()
    expect(page.locator("[data-kpi=cumulative]")).to_have_text("$20.00B")

    # Monte Carlo: the fan chart appears.
    page.goto(f"{live_server.url}/scenarios/{baseline.pk}/analysis/")
    monte = loaded(page, "montecarlo")
    monte.get_by_label("Draws", exact=True).fill("2000")
    monte.get_by_label("Chance of reaching (USD)").fill("10000000000")
    monte.get_by_role("button", name="Run the draws").click()
    expect(page.locator("#tool-montecarlo")).to_contain_text("2,000 draws, seed 1")
    expect(page.locator("#chart-fan svg.main-svg").first).to_be_attached()
    expect(page.locator("#chart-histogram .bars path").first).to_be_attached()

    # Each tool can target NPV instead: the goal seek's break-even, the tornado's title.
    goal = loaded(page, "goal")
    goal.get_by_label("Target", exact=True).select_option("npv")
    goal.get_by_label("Value to reach (USD)").fill("0")
    goal.get_by_label("Solve for").select_option("share")
    goal.get_by_role("button", name="Solve").click()
    expect(page.locator("#tool-goal")).to_contain_text("of NPV")
    tornado = loaded(page, "tornado")
    tornado.get_by_label("Target", exact=True).select_option("npv")
    tornado.get_by_role("button", name="Rank the inputs").click()
    expect(page.locator("#tool-tornado .chart-table caption")).to_have_text("NPV, US dollars.")
    expect(page.locator("#chart-tornado .gtitle")).to_have_text("NPV: what moves it most")
