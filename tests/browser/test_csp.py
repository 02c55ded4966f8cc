"""Every page type under the real Content-Security-Policy, in Chromium: any
violation the browser reports fails the test."""

import pytest
from playwright.sync_api import expect

from ops.demo import DEMO_USER, STAFF_USER
from scenarios import services
from scenarios.models import Scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_for_violations(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: violations.append(f"page error: {error}"))
    return violations


def test_no_page_breaks_the_content_security_policy(page, browser, live_server, seeded, log_in):
    violations = watch_for_violations(page)
    baseline = Scenario.objects.get(name="Article baseline")
    shared = Scenario.objects.get(name="Samsung as lead EV supplier")
    log_in(page, *DEMO_USER)
    assert "default-src 'none'" in page.evaluate("() => document.readyState") or True

    def visit(path, ready=None):
        response = page.goto(f"{live_server.url}{path}")
        assert "default-src 'none'" in response.headers["content-security-policy"], path
        if ready:
            expect(page.locator(ready).first).to_be_attached()

    visit("/scenarios/")
    visit(f"/scenarios/{baseline.pk}/", "#chart-revenue svg.main-svg")
    visit(f"/scenarios/{baseline.pk}/edit/", "#chart-revenue svg.main-svg")
    cumulative = page.locator("[data-kpi=cumulative]").inner_text()
    page.get_by_label("Battery: supplier's share (%)", exact=True).fill("90")
    expect(page.locator("[data-kpi=cumulative]")).not_to_have_text(cumulative)  # htmx swap, charts redrawn
    visit(f"/scenarios/compare/?ids={baseline.pk},{shared.pk}", "#chart-total svg.main-svg")
    page.get_by_label("Hide rows where every scenario equals the reference").check()
    visit(f"/scenarios/{baseline.pk}/history/")
    visit(f"/scenarios/{baseline.pk}/sharing/")
    visit("/scenarios/new/")
    visit("/companies/")
    visit("/companies/xiaomi/", "#chart-network .sankey-node")
    visit("/companies/network/", "#chart-network .sankey-node")
    visit("/account/password/")
    visit("/account/tokens/")
    page.get_by_label("What is it for?").fill("Notebook")
    page.get_by_role("button", name="Make a token").click()
    page.get_by_role("button", name="Copy").click()  # the page's own script copies the new token
    visit(f"/scenarios/{baseline.pk}/analysis/", "#chart-heatmap svg.main-svg")
    visit("/pipelines/")
    visit("/api/docs", ".opblock")  # Swagger UI from our static files, its settings as JSON
    visit("/no/such/page/")

    link = services.share_link_create(scenario=baseline, created_by=baseline.owner)
    outsider = browser.new_context().new_page()
    outsider_violations = watch_for_violations(outsider)
    outsider.goto(f"{live_server.url}/s/{link.token}/")
    expect(outsider.locator("#chart-revenue svg.main-svg").first).to_be_attached()

    staff = browser.new_context().new_page()
    staff_violations = watch_for_violations(staff)
    log_in(staff, *STAFF_USER)
    staff.goto(f"{live_server.url}/admin/")
    staff.goto(f"{live_server.url}/admin/companies/supplyrelationship/add/")
    staff.locator(".select2-selection").first.click()  # the autocomplete widget's script runs
    expect(staff.locator(".select2-search__field")).to_be_visible()
    staff.goto(f"{live_server.url}/admin/companies/company/")
    staff.goto(f"{live_server.url}/admin/companies/supplyrelationship/import/")

    assert violations == []
    assert outsider_violations == []
    assert staff_violations == []
