import pytest
from playwright.sync_api import expect

from ops.demo import DEMO_USER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_user_browses_a_company_and_its_supply_chart(page, live_server, seeded, log_in, screenshot):
    log_in(page, *DEMO_USER)

    page.get_by_role("link", name="Companies").click()
    page.get_by_role("link", name="Xiaomi", exact=True).click()
    expect(page.get_by_role("heading", name="Xiaomi", level=1)).to_be_visible()

    buys = page.locator("section", has=page.get_by_role("heading", name="Buys"))
    expect(buys).to_contain_text("Battery from Samsung SDI")
    expect(buys).to_contain_text("Memory chips (DRAM) from Samsung Electronics")
    expect(buys).to_contain_text("Battery from CATL")

    # The Sankey chart is drawn by plotly.js into SVG.
    chart = page.locator("#chart-network")
    expect(chart.locator("svg.main-svg").first).to_be_attached()
    expect(chart.locator(".sankey-node").first).to_be_visible()
    expect(page.get_by_text("Founding article").first).to_be_visible()
    screenshot(page, "company-detail")

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(f"{live_server.url}/login/")
    page.goto(f"{live_server.url}/companies/xiaomi/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/companies/xiaomi/")
