"""Small things a careful product does: it asks before unsaved changes are lost,
copies a share link in one click, and asks before revoking one."""

import pytest
from playwright.sync_api import expect

from ops.demo import DEMO_USER
from scenarios import services
from scenarios.models import Scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def baseline(seeded):
    return Scenario.objects.get(name="Article baseline", owner__username="demo")


def test_leaving_the_editor_with_unsaved_changes_asks_first(page, live_server, baseline, log_in):
    log_in(page, *DEMO_USER)
    page.goto(f"{live_server.url}/scenarios/{baseline.pk}/edit/")
    # Untouched, the editor lets the user go without a question.
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url(f"{live_server.url}/scenarios/{baseline.pk}/")

    page.goto(f"{live_server.url}/scenarios/{baseline.pk}/edit/")
    page.get_by_label("Battery: supplier's share (%)", exact=True).fill("70")
    expect(page.locator("[data-kpi=cumulative]")).not_to_have_text("$10.09B")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    assert page.url == f"{live_server.url}/scenarios/{baseline.pk}/edit/"  # stayed, the change still there
    expect(page.get_by_label("Battery: supplier's share (%)", exact=True)).to_have_value("70")

    # Saving is not leaving: no question, and the saved share is the one typed.
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("as version 2")).to_be_visible()
    assert baseline.lines.get(category__slug="battery").share_pct == 70


def test_a_share_link_is_copied_in_one_click_and_revoked_only_when_confirmed(
    page, context, live_server, baseline, log_in
):
    link = services.share_link_create(scenario=baseline, created_by=baseline.owner)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page, *DEMO_USER)
    page.goto(f"{live_server.url}/scenarios/{baseline.pk}/sharing/")

    copy = page.locator("button[data-copy]")
    expect(copy).to_have_text("Copy")
    copy.click()
    expect(copy).to_have_text("Copied")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == page.get_by_label("Share link").input_value()
    assert copied.endswith(f"/s/{link.token}/")

    # Dismissed: nothing is sent and the link still works.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Revoke").click()
    page.wait_for_timeout(300)
    link.refresh_from_db()
    assert link.revoked_at is None
    # Confirmed: revoked, and the page says so.
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("revoked", exact=True)).to_be_visible()
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert "no longer be able to open" in messages[0]


def test_a_chart_out_of_view_shows_the_new_answer_once_scrolled_to(page, live_server, baseline, log_in):
    # Redrawing only the charts on screen keeps a drag quick; one below the fold
    # must still show the latest answer as soon as the user reaches it.
    log_in(page, *DEMO_USER)
    page.goto(f"{live_server.url}/scenarios/{baseline.pk}/edit/")
    shows_latest = (
        "id => { const el = document.getElementById(id);"
        " return el.drawnFrom === document.getElementById(el.dataset.chart).textContent; }"
    )
    expect(page.locator("#chart-affiliates svg.main-svg").first).to_be_attached()
    page.evaluate("() => window.scrollTo(0, 0)")
    before = page.locator("[data-kpi=cumulative]").inner_text()
    page.get_by_label("Battery: supplier's share (%)", exact=True).fill("70")
    expect(page.locator("[data-kpi=cumulative]")).not_to_have_text(before)
    # The KPIs change on the swap; charts are redrawn once it settles, a moment later.
    page.wait_for_function(shows_latest, arg="chart-revenue", timeout=5000)  # on screen: redrawn
    assert not page.evaluate(shows_latest, "chart-affiliates")  # below the fold: not yet
    page.locator("#chart-affiliates").scroll_into_view_if_needed()
    page.wait_for_function(shows_latest, arg="chart-affiliates", timeout=5000)
    # Samsung SDI supplies the battery; at a 70% share its bar is the longest.
    bars = page.evaluate(
        "() => { const d = document.getElementById('chart-affiliates').data[0];"
        " return Object.fromEntries(d.y.map((name, i) => [name, d.x[i]])); }"
    )
    assert max(bars, key=bars.get) == "Samsung SDI"


def test_the_editor_opened_with_values_from_the_analysis_asks_before_they_are_lost(
    page, live_server, baseline, log_in
):
    # The form holds a share the analysis found and nobody has saved: leaving
    # without a single keystroke would lose it.
    log_in(page, *DEMO_USER)
    page.goto(f"{live_server.url}/scenarios/{baseline.pk}/edit/?apply=share=60")
    expect(page.get_by_text("From the analysis")).to_be_visible()
    expect(page.get_by_label("Battery: supplier's share (%)", exact=True)).to_have_value("60")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    assert page.url.startswith(f"{live_server.url}/scenarios/{baseline.pk}/edit/")  # stayed

    # Saving them is not leaving: no question, and the share saved is the analysis's.
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("as version 2")).to_be_visible()
    assert baseline.lines.get(category__slug="battery").share_pct == 60
