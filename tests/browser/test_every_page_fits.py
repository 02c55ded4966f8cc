"""Every page fits a phone's width (390 px) and a laptop's (1280 px): nothing
pushes the page wider than the screen, so nobody scrolls sideways to read it.
Wide tables scroll inside their own box instead. With SCREENSHOTS set
(`make screenshots`) the first screen of each page on a phone is kept as
phone-<page>.png for the README; the flow tests keep the laptop's."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from companies.models import Company
from ops.demo import BEAR_NAME, BULL_NAME, BYD_NAME, DEMO_USER, STAFF_USER
from pipelines.models import Pipeline
from scenarios import services
from scenarios.models import Scenario
from tests.scenarios.editor_data import editor_post_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def demo_pages(baseline, shared, token, pipeline):
    """(name, path) of every page the demo user reaches, one of each kind."""
    return [
        ("scenario-list", "/scenarios/"),
        ("scenario-new", "/scenarios/new/"),
        ("scenario-detail", f"/scenarios/{baseline.pk}/"),
        ("scenario-editor", f"/scenarios/{baseline.pk}/edit/"),
        ("analysis", f"/scenarios/{baseline.pk}/analysis/"),
        ("history", f"/scenarios/{baseline.pk}/history/"),
        ("sharing", f"/scenarios/{baseline.pk}/sharing/"),
        ("delete", f"/scenarios/{baseline.pk}/delete/"),
        ("shared-scenario", f"/scenarios/{shared.pk}/"),
        ("compare", f"/scenarios/compare/?ids={baseline.pk}&ids={shared.pk}"),
        ("public-link", f"/s/{token}/"),
        ("company-list", "/companies/"),
        ("company-detail", "/companies/xiaomi/"),
        ("company-supplier", "/companies/samsung-sdi/"),
        ("supply-network", "/companies/network/"),
        ("password-change", "/account/password/"),
        ("api-tokens", "/account/tokens/"),
        ("api-docs", "/api/docs"),
        ("pipeline-list", "/pipelines/"),
        ("pipeline", f"/pipelines/{pipeline.pk}/"),
        ("add-to-pipeline", f"/pipelines/add/{baseline.pk}/"),
        ("not-found", "/scenarios/999999/"),
    ]


def staff_pages(company):
    """(name, path) of the admin's pages: its index, every list, and the busiest
    change form (a company's, with its affiliates, relationships and facts inline)."""
    return [
        ("admin-index", "/admin/"),
        ("admin-relationships", "/admin/companies/supplyrelationship/"),
        ("admin-facts", "/admin/companies/fact/"),
        ("admin-companies", "/admin/companies/company/"),
        ("admin-sources", "/admin/companies/source/"),
        ("admin-categories", "/admin/companies/componentcategory/"),
        ("admin-users", "/admin/auth/user/"),
        ("admin-groups", "/admin/auth/group/"),
        ("admin-company", f"/admin/companies/company/{company.pk}/change/"),
        ("admin-import", "/admin/companies/supplyrelationship/import/"),
    ]


def overflowing(page, base, pages, width, screenshot):
    """The pages wider than the screen, as {name: scroll width}."""
    wider = {}
    for name, path in pages:
        response = page.goto(base + path)
        # An error page fits too: it must be the page itself that is measured.
        assert response.status == (404 if name == "not-found" else 200), (name, response.status)
        wider |= measured(page, name, width, screenshot)
    return wider


def measured(page, name, width, screenshot):
    """{name: scroll width} if the page on screen is wider than the screen."""
    page.wait_for_load_state("networkidle")  # the analysis tools and charts fill in
    scroll_width, inner_width = page.evaluate(OVERFLOW)
    assert inner_width == width
    if width < 600:
        screenshot(page, f"phone-{name}", full_page=False)
    return {name: scroll_width} if scroll_width > inner_width else {}


def editor_answers(page, base, scenario, width, screenshot):
    """The editor as a refused save leaves it: holding a conflict with someone
    else's save (its table of their changes), then showing field errors."""
    page.goto(f"{base}/scenarios/{scenario.pk}/edit/")
    other = Client()
    other.force_login(scenario.owner)
    theirs = editor_post_data(scenario, display__share_pct="45")
    assert other.post(f"/scenarios/{scenario.pk}/edit/", theirs).status_code == 302
    page.get_by_label("Battery: supplier's share (%)", exact=True).fill("70")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Someone else saved this scenario first")).to_be_visible()
    wider = measured(page, "editor-conflict", width, screenshot)
    page.get_by_label("Battery: supplier's share (%)", exact=True).fill("500")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator(".field-errors").filter(has_text="100").first).to_be_visible()
    return wider | measured(page, "editor-errors", width, screenshot)


@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_is_wider_than_the_screen(browser, live_server, seeded, log_in, screenshot, width):
    baseline = Scenario.objects.get(name="Article baseline", owner__username="demo")
    shared = Scenario.objects.get(owner__username="analyst", name="Samsung as lead EV supplier")
    token = services.share_link_create(scenario=baseline, created_by=baseline.owner).token
    # Every scenario the demo user sees, and a saved version of one: the most a comparison holds.
    six = [
        baseline.pk,
        shared.pk,
        *(Scenario.objects.get(name=name).pk for name in (BEAR_NAME, BULL_NAME, BYD_NAME)),
        f"{shared.pk}v1",
    ]
    # A phone: narrow and touch, so Plotly hides its toolbar as it does on one.
    viewport = {"width": width, "height": 844 if width < 600 else 900}
    context = browser.new_context(viewport=viewport, has_touch=width < 600)
    page = context.new_page()
    # The editor left holding a refused save asks before it is left: leave.
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        page.goto(f"{live_server.url}/login/")
        assert page.evaluate(OVERFLOW)[0] <= width
        log_in(page, *DEMO_USER)
        wider = overflowing(
            page,
            live_server.url,
            demo_pages(baseline, shared, token, Pipeline.objects.get(owner=baseline.owner)),
            width,
            screenshot,
        )
        page.goto(f"{live_server.url}/scenarios/compare/?ids={','.join(str(item) for item in six)}")
        expect(page.locator(".compare-item")).to_have_count(6)
        wider |= measured(page, "compare-six", width, screenshot)
        wider |= editor_answers(page, live_server.url, baseline, width, screenshot)

        page.get_by_role("button", name="Log out").click()
        expect(page.get_by_label("Username")).to_be_visible()
        log_in(page, *STAFF_USER)
        xiaomi = Company.objects.get(slug="xiaomi")
        wider |= overflowing(page, live_server.url, staff_pages(xiaomi), width, screenshot)
    finally:
        context.close()
    assert wider == {}
