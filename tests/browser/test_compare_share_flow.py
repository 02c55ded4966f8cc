from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from ops.demo import DEMO_USER
from scenarios import services
from scenarios.models import ComponentLine, Scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_compares_edits_restores_and_shares_by_link(
    page, browser, live_server, seeded, log_in, screenshot
):
    demo_baseline = Scenario.objects.get(name="Article baseline", owner__username="demo")
    third = services.scenario_clone(source=demo_baseline, owner=demo_baseline.owner)
    third.lines.filter(category__slug="battery").update(share_pct=20)
    log_in(page, *DEMO_USER)

    # Pick three from the list and compare them.
    for name in ("Article baseline", "Samsung as lead EV supplier", third.name):
        page.get_by_label(f"Compare {name}", exact=True).check()
    page.get_by_role("button", name="Compare selected").click()
    expect(page.get_by_role("heading", name="Compare scenarios")).to_be_visible()
    expect(page.locator("#chart-total svg.main-svg").first).to_be_attached()
    first_year = page.locator("tr[data-row=first_year]")
    battery_share = page.locator("tr[data-row='battery.share_pct']")
    expect(first_year).to_be_visible()
    page.get_by_label("Hide rows where every scenario equals the reference").check()
    expect(first_year).to_be_hidden()
    expect(battery_share).to_be_visible()
    screenshot(page, "compare")

    # Remove one and add it back on the page itself, without a full reload.
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label(f"Remove {third.name} from the comparison").click()
    expect(page.locator(".compare-item")).to_have_count(2)
    assert str(third.pk) not in unquote(page.url.split("ids=")[1]).split(",")
    page.get_by_label("Scenario to add").select_option(label=third.name)
    page.get_by_role("button", name="Add to comparison").click()
    expect(page.locator(".compare-item")).to_have_count(3)
    assert page.evaluate("window.stillTheSamePage") is True
    assert str(third.pk) in unquote(page.url.split("ids=")[1]).split(",")
    expect(page.locator("#chart-total svg.main-svg").first).to_be_attached()

    # Open one, change a share and save with a message.
    page.get_by_role("link", name="Article baseline", exact=True).click()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Battery: supplier's share (%)", exact=True).fill("70")
    expect(page.locator("#preview-status")).to_contain_text("Live preview")
    page.get_by_label("What changed (optional)").fill("Battery share to 70%")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("as version 2")).to_be_visible()
    battery = ComponentLine.objects.get(scenario=demo_baseline, category__slug="battery")
    assert battery.share_pct == 70

    # History: the message is there; restore the version before it.
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("cell", name="Battery share to 70%")).to_be_visible()
    page.get_by_role("button", name="Restore version 1").click()
    expect(page.get_by_text("Restored version 1 as version 3.")).to_be_visible()
    battery.refresh_from_db()
    assert battery.share_pct == 50

    # A read-only link works without an account, until it is revoked.
    page.goto(f"{live_server.url}/scenarios/{demo_baseline.pk}/sharing/")
    page.get_by_role("button", name="Create a read-only link").click()
    link = page.get_by_label("Share link").input_value()
    stranger = browser.new_context()
    outsider = stranger.new_page()
    outsider.goto(link)
    expect(outsider.get_by_role("heading", name="Article baseline")).to_be_visible()
    expect(outsider.locator("#chart-revenue svg.main-svg").first).to_be_attached()
    expect(outsider.get_by_role("link", name="Scenarios")).to_have_count(0)
    expect(outsider.get_by_role("link", name="Edit")).to_have_count(0)

    page.once("dialog", lambda dialog: dialog.accept())  # "Revoke this link? ..."
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("Link revoked")).to_be_visible()
    response = outsider.goto(link)
    assert response.status == 404
    stranger.close()
