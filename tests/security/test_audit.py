import json
import logging
from datetime import UTC

import pytest
from django.test import Client
from django.urls import reverse

from scenarios import services
from scenarios.models import AuditEvent
from tests.scenarios.editor_data import editor_post_data
from tests.scenarios.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_lines(caplog):
    caplog.set_level(logging.INFO, logger="audit")

    def lines():
        return [json.loads(record.getMessage()) for record in caplog.records if record.name == "audit"]

    return lines


def actions():
    return [event.action for event in AuditEvent.objects.exclude(action="login").order_by("pk")]


def test_logins_failures_and_lockouts_are_logged_with_user_and_address(audit_lines):
    UserFactory(username="analyst1")
    client = Client(REMOTE_ADDR="192.0.2.7")
    client.post(reverse("login"), {"username": "analyst1", "password": "correct-horse-battery"})
    for _ in range(5):
        Client(REMOTE_ADDR="192.0.2.8").post(reverse("login"), {"username": "analyst1", "password": "nope"})
    assert AuditEvent.objects.order_by("pk").first().action == "login"
    assert actions().count("login_failed") == 5
    assert "lockout" in actions()
    login = audit_lines()[0]
    assert (login["action"], login["user"], login["ip"]) == ("login", "analyst1", "192.0.2.7")
    assert {line["ip"] for line in audit_lines() if line["action"] == "login_failed"} == {"192.0.2.8"}
    assert all(line["at"] for line in audit_lines())


def test_a_username_with_line_breaks_cannot_forge_a_log_line(client, audit_lines, caplog):
    forged = 'x"}\n{"action": "login", "user": "admin'
    client.post(reverse("login"), {"username": forged, "password": "nope"})
    messages = [record.getMessage() for record in caplog.records if record.name == "audit"]
    assert len(messages) == 1 and "\n" not in messages[0] and "\r" not in messages[0]
    assert json.loads(messages[0])["user"] == forged


def test_changes_to_a_scenario_and_who_may_see_it_are_logged(owner_client, owner, scenario, audit_lines):
    UserFactory(username="colleague")
    pk = scenario.pk
    owner_client.post(
        reverse("scenarios:share_with_user", args=[pk]), {"username": "colleague", "can_edit": "edit"}
    )
    owner_client.post(reverse("scenarios:set_visibility", args=[pk]), {"visibility": "shared"})
    owner_client.post(reverse("scenarios:create_link", args=[pk]), {"expires_on": ""})
    link = scenario.links.get()
    owner_client.post(reverse("scenarios:revoke_link", args=[pk, link.pk]))
    owner_client.post(reverse("scenarios:unshare", args=[pk, scenario.shares.get().pk]))
    services.scenario_version_record(scenario=scenario, user=owner, message="Created")
    owner_client.post(
        reverse("scenarios:edit", args=[pk]), editor_post_data(scenario, battery__share_pct="70")
    )
    owner_client.post(reverse("scenarios:restore", args=[pk, 1]), {"base_version": "2"})
    owner_client.post(reverse("scenarios:clone", args=[pk]))
    owner_client.post(reverse("scenarios:delete", args=[pk]))
    assert actions() == [
        "share_granted",
        "visibility_changed",
        "link_created",
        "link_revoked",
        "share_removed",
        "version_restored",
        "scenario_created",
        "scenario_deleted",
    ]
    lines = [line for line in audit_lines() if line["action"] != "login"]
    assert {line["user"] for line in lines} == {"owner"}
    assert lines[0]["with_user"] == "colleague" and audit_lines()[0]["rights"] == "edit"
    assert lines[-1]["scenario_id"] == pk


def test_access_denials_are_logged(stranger_client, scenario, audit_lines):
    stranger_client.get(reverse("scenarios:detail", args=[scenario.pk]))
    denial = audit_lines()[-1]
    assert (denial["action"], denial["user"], denial["scenario_id"], denial["status"]) == (
        "access_denied",
        "stranger",
        scenario.pk,
        404,
    )
    Client().get("/s/not-a-real-token-but-long-enough-to-look-real/")
    assert audit_lines()[-1]["action"] == "access_denied" and audit_lines()[-1]["user"] == ""


def test_the_owner_sees_the_audit_trail_on_the_history_page_and_others_do_not(
    owner_client, stranger, scenario
):
    stranger_client = Client()
    stranger_client.force_login(stranger)
    stranger_client.get(reverse("scenarios:detail", args=[scenario.pk]))
    page = owner_client.get(reverse("scenarios:history", args=[scenario.pk])).content.decode()
    assert "Audit trail" in page and "stranger" in page
    assert f"Refused (not found): /scenarios/{scenario.pk}/" in page
    scenario.visibility = "shared"
    scenario.save()
    page = stranger_client.get(reverse("scenarios:history", args=[scenario.pk])).content.decode()
    assert "Audit trail" not in page


def test_unknown_share_links_and_failed_logins_for_unknown_users_are_logged_but_not_stored(audit_lines):
    for n in range(50):
        Client(REMOTE_ADDR=f"198.51.100.{n}").get(f"/s/unknown-token-{n:02d}-long-enough-to-look-real/")
        # One address each, as a spray would come: the same address would be locked out after five.
        login = {"username": "nobody", "password": "nope"}
        Client(REMOTE_ADDR=f"203.0.113.{n}").post(reverse("login"), login)
    assert AuditEvent.objects.count() == 0
    lines = audit_lines()
    assert len(lines) == 100
    assert [line["action"] for line in lines].count("access_denied") == 50
    assert [line["action"] for line in lines].count("login_failed") == 50
    assert {line["user"] for line in lines if line["action"] == "login_failed"} == {"nobody"}


def test_a_log_line_says_the_same_whether_or_not_the_event_is_stored(audit_lines):
    Client(REMOTE_ADDR="198.51.100.9").get("/s/not-a-real-token-but-long-enough-to-look-real/")
    line = audit_lines()[-1]
    assert set(line) == {"at", "action", "user", "ip", "scenario_id", "scenario", "status", "path", "reason"}
    assert (line["action"], line["user"], line["ip"], line["scenario_id"], line["scenario"]) == (
        "access_denied",
        "",
        "198.51.100.9",
        None,
        "",
    )
    assert line["at"]


def test_a_failed_login_for_a_real_user_is_stored_against_the_account(audit_lines):
    analyst = UserFactory(username="analyst1")
    Client(REMOTE_ADDR="192.0.2.8").post(reverse("login"), {"username": "analyst1", "password": "nope"})
    event = AuditEvent.objects.get()
    assert (event.action, event.user, event.username, event.ip_address) == (
        "login_failed",
        analyst,
        "analyst1",
        "192.0.2.8",
    )
    assert audit_lines()[-1]["user"] == "analyst1"


def test_a_lockout_of_an_unknown_username_is_logged_but_not_stored(audit_lines):
    for _ in range(5):
        Client(REMOTE_ADDR="192.0.2.8").post(reverse("login"), {"username": "nobody", "password": "nope"})
    assert "lockout" in [line["action"] for line in audit_lines()]
    assert AuditEvent.objects.count() == 0


def test_access_denials_on_a_real_scenario_are_stored(stranger_client, stranger, scenario):
    viewer = UserFactory(username="viewer")
    scenario.shares.create(user=viewer, can_edit=False)
    stranger_client.get(reverse("scenarios:detail", args=[scenario.pk]))
    viewer_client = Client()
    viewer_client.force_login(viewer)
    viewer_client.post(reverse("scenarios:delete", args=[scenario.pk]))
    denials = AuditEvent.objects.filter(action="access_denied").order_by("pk")
    assert [(e.user, e.scenario, e.detail["status"]) for e in denials] == [
        (stranger, scenario, 404),
        (viewer, scenario, 403),
    ]


def test_a_denial_for_a_scenario_that_does_not_exist_is_logged_but_not_stored(stranger_client, audit_lines):
    stranger_client.get(reverse("scenarios:detail", args=[987654]))
    line = audit_lines()[-1]
    assert (line["action"], line["user"], line["scenario_id"]) == ("access_denied", "stranger", 987654)
    assert not AuditEvent.objects.exclude(action="login").exists()


def test_the_trail_speaks_words_not_keys(owner_client, owner, scenario):
    from datetime import datetime

    viewer = UserFactory(username="viewer")
    services.scenario_share_with_user(scenario=scenario, with_user=viewer, can_edit=False, user=owner)
    link = services.share_link_create(
        scenario=scenario, created_by=owner, expires_at=datetime(2027, 1, 4, tzinfo=UTC)
    )
    services.share_link_revoke(link=link, user=owner)
    services.scenario_visibility_set(scenario=scenario, visibility="shared", user=owner)
    page = owner_client.get(reverse("scenarios:history", args=[scenario.pk])).content.decode()
    for words in (
        "Shared with viewer, who can view it",
        f"Made read-only link #{link.pk}, expiring 4 Jan 2027",
        f"Revoked read-only link #{link.pk}",
        "Shared read-only with every logged-in user",
    ):
        assert words in page
    assert "link_id" not in page and "expires_at" not in page and "share_granted" not in page
