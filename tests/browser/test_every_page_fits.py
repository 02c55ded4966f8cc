"""Every page fits a phone's width (390 px) and a laptop's (1280 px): nothing
pushes the page wider than the screen, so nobody scrolls sideways to read it.
Wide tables scroll inside their own box instead. With SCREENSHOTS set
(`make screenshots`) the first screen of each page on a phone is kept as
phone-<page>.png for the README; the flow tests keep the laptop's."""

import pytest
from playwright.sync_api import expect

from ops.demo import DEMO_USER, STAFF_USER
from pipelines.models import Pipeline
from scenarios import services
from scenarios.models import Scenario

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
        ("pipeline-list", "/pipelines/"),
        ("pipeline", f"/pipelines/{pipeline.pk}/"),
        ("add-to-pipeline", f"/pipelines/add/{baseline.pk}/"),
        ("not-found", "/scenarios/999999/"),
    ]


STAFF_PAGES = [
    ("admin-relationships", "/admin/companies/supplyrelationship/"),
    ("admin-facts", "/admin/companies/fact/"),
    ("admin-companies", "/admin/companies/company/"),
]


def overflowing(page, base, pages, width, screenshot):
    """The pages wider than the screen, as {name: scroll width}."""
    wider = {}
    for name, path in pages:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")  # the analysis tools and charts fill in
        scroll_width, inner_width = page.evaluate(OVERFLOW)
        assert inner_width == width
        if scroll_width > inner_width:
            wider[name] = scroll_width
        if width < 600:
            screenshot(page, f"phone-{name}", full_page=False)
    return wider


@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_is_wider_than_the_screen(browser, live_server, seeded, log_in, screenshot, width):
    baseline = Scenario.objects.get(name="Article baseline", owner__username="demo")
    shared = Scenario.objects.get(owner__username="analyst", name="Samsung as lead EV supplier")
    token = services.share_link_create(scenario=baseline, created_by=baseline.owner).token
    # A phone: narrow and touch, so Plotly hides its toolbar as it does on one.
    viewport = {"width": width, "height": 844 if width < 600 else 900}
    context = browser.new_context(viewport=viewport, has_touch=width < 600)
    page = context.new_page()
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

        page.get_by_role("button", name="Log out").click()
        expect(page.get_by_label("Username")).to_be_visible()
        log_in(page, *STAFF_USER)
        wider |= overflowing(page, live_server.url, STAFF_PAGES, width, screenshot)
    finally:
        context.close()
    assert wider == {}
