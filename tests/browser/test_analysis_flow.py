import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from ops.demo import DEMO_USER
from scenarios.models import Scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    expect(page.get_by_label("Battery: supplier's share (%)", exact=True)).to_have_value(
        f"{float(applied['share']):.2f}"
    )
    expect(page.get_by_label("Vehicles in the first year", exact=True)).to_have_value(
        str(round(float(applied["volume"])))
    )
    assert Scenario.objects.get(pk=baseline.pk).version == 1  # nothing saved

    # Goal seek, then apply its answer.
    page.goto(f"{live_server.url}/scenarios/{baseline.pk}/analysis/")
    goal = page.locator("#tool-goal")
    goal.get_by_label("Target (USD)").fill("20000000000")
    goal.get_by_label("Solve for").select_option("volume")
    goal.get_by_role("button", name="Solve").click()
    expect(page.locator("#tool-goal")).to_contain_text("reaches $20.00B")
    page.locator("#tool-goal").get_by_role("link", name="Open in the editor with this value").click()
    expect(page.get_by_text("From the analysis: Vehicles in the first year")).to_be_visible()
    expect(page.locator("[data-kpi=cumulative]")).to_have_text("$20.00B")

    # Monte Carlo: the fan chart appears.
    page.goto(f"{live_server.url}/scenarios/{baseline.pk}/analysis/")
    monte = page.locator("#tool-montecarlo")
    monte.get_by_label("Draws", exact=True).fill("2000")
    monte.get_by_label("Target cumulative revenue (USD)").fill("10000000000")
    monte.get_by_role("button", name="Run the draws").click()
    expect(page.locator("#tool-montecarlo")).to_contain_text("2,000 draws, seed 1")
    expect(page.locator("#chart-fan svg.main-svg").first).to_be_attached()
    expect(page.locator("#chart-histogram .bars path").first).to_be_attached()
