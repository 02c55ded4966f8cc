import pytest
from playwright.sync_api import expect

from ops.demo import ANALYST_USER
from scenarios.models import ComponentLine, Scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_margin_moves_npv_before_saving_and_the_bridge_explains_the_change(
    page, live_server, seeded, log_in, screenshot
):
    log_in(page, *ANALYST_USER)
    scenario = Scenario.objects.get(owner__username="analyst", name="Samsung as lead EV supplier")
    page.goto(f"{live_server.url}/scenarios/{scenario.pk}/edit/")
    npv = page.locator("[data-kpi=npv]")
    expect(page.locator("#chart-cash-flow svg.main-svg").first).to_be_attached()
    before = npv.inner_text()
    # IRR and payback show, thanks to the shared scenario's up-front battery cost.
    expect(page.locator(".kpi", has=npv)).to_contain_text("IRR")
    expect(page.locator(".kpi", has=npv)).to_contain_text("pays back in")

    page.get_by_label("Battery: operating margin (%)", exact=True).fill("12")
    expect(npv).not_to_have_text(before)
    assert ComponentLine.objects.get(scenario=scenario, category__slug="battery").operating_margin_pct == 5
    screenshot(page, "deal-value-editor", full_page=False)

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved")).to_be_visible()
    assert ComponentLine.objects.get(scenario=scenario, category__slug="battery").operating_margin_pct == 12

    # The bridge from the first version to the saved one: the margin bar explains the NPV gained.
    page.goto(f"{live_server.url}/scenarios/compare/?ids={scenario.pk}v1,{scenario.pk}&bridge=npv#bridge")
    bridge = page.locator("#bridge")
    expect(bridge.locator(".waterfalllayer .trace.bars").first).to_be_attached()
    expect(bridge).to_contain_text("Margin")
    screenshot(page, "deal-value-bridge")
