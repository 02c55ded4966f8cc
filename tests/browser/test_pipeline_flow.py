"""An analyst builds a pipeline from two scenarios and changes a deal's chance
of being won in place: the expected total follows at once."""

import re

import pytest
from playwright.sync_api import expect

from ops.demo import DEMO_USER
from scenarios.models import Scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_build_a_pipeline_from_two_scenarios_and_change_a_probability_inline(
    page, live_server, seeded, log_in, screenshot
):
    baseline = Scenario.objects.get(owner__username="demo", name="Article baseline")
    shared = Scenario.objects.get(owner__username="analyst", name="Samsung as lead EV supplier")
    log_in(page, *DEMO_USER)
    page.get_by_role("link", name="Pipelines").click()
    page.get_by_label("Name").fill("Two makers")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name="Two makers")).to_be_visible()

    for scenario, probability in ((baseline, "50"), (shared, "20")):
        page.goto(f"{live_server.url}{scenario.get_absolute_url()}")
        page.get_by_role("link", name="Add to a pipeline…").click()
        page.get_by_label("Add it as").select_option(label="a new deal in Two makers")
        page.get_by_label("Win probability (%)").fill(probability)
        page.get_by_role("button", name="Add").click()
        expect(page.get_by_role("heading", name="Two makers")).to_be_visible()

    # Expected: half the baseline plus a fifth of the other, each its stored headline figure.
    baseline.refresh_from_db()
    shared.refresh_from_db()
    expected = page.locator("[data-kpi=expected-revenue]")
    before = expected.inner_text()
    first = 0.5 * float(baseline.cumulative_revenue_usd) + 0.2 * float(shared.cumulative_revenue_usd)
    assert before == f"${first / 1e9:.2f}B"
    expect(page.locator("#chart-pipeline-customers svg.main-svg").first).to_be_attached()

    # The baseline's deal at 100%: the total rises by its other half, with no page load.
    probability = page.get_by_label("Win probability (%)").first
    probability.fill("100")
    probability.press("Tab")
    after = 1.0 * float(baseline.cumulative_revenue_usd) + 0.2 * float(shared.cumulative_revenue_usd)
    expect(expected).to_have_text(f"${after / 1e9:.2f}B")
    assert re.search(r"/pipelines/\d+/$", page.url)
    screenshot(page, "pipeline")
    # Kept: a reload shows the same.
    page.reload()
    expect(page.locator("[data-kpi=expected-revenue]")).to_have_text(f"${after / 1e9:.2f}B")
