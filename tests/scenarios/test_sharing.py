import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from scenarios import services
from scenarios.models import AuditEvent, Scenario, ScenarioShare, ShareLink
from tests.scenarios.editor_data import editor_post_data
from tests.scenarios.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(name, scenario, *args):
    return reverse(f"scenarios:{name}", args=[scenario.pk, *args])


def test_the_owner_shares_with_a_named_user_and_changes_their_rights(owner_client, scenario):
    colleague = UserFactory(username="colleague")
    owner_client.post(url("share_with_user", scenario), {"username": "colleague", "can_edit": "view"})
    assert not scenario.can_edit(colleague) and Scenario.objects.visible_to(colleague).filter(pk=scenario.pk)
    owner_client.post(url("share_with_user", scenario), {"username": "colleague", "can_edit": "edit"})
    assert ScenarioShare.objects.get().can_edit and scenario.can_edit(colleague)
    share = ScenarioShare.objects.get()
    owner_client.post(url("unshare", scenario, share.pk))
    assert not Scenario.objects.visible_to(colleague).filter(pk=scenario.pk).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "nobody", "can_edit": "view"}, "No user has that username."),
        ({"username": "owner", "can_edit": "view"}, "That is the owner"),
        ({"username": "", "can_edit": "view"}, "This field is required."),
        ({"username": "x" * 151, "can_edit": "view"}, "at most 150 characters"),
        ({"username": "owner", "can_edit": "admin"}, "Select a valid choice."),
    ],
)
def test_bad_share_requests_get_a_form_error_and_change_nothing(owner_client, scenario, data, message):
    response = owner_client.post(url("share_with_user", scenario), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ScenarioShare.objects.exists()


def test_visibility_is_set_on_the_sharing_page(owner_client, scenario):
    owner_client.post(url("set_visibility", scenario), {"visibility": "shared"})
    scenario.refresh_from_db()
    assert scenario.is_shared
    response = owner_client.post(url("set_visibility", scenario), {"visibility": "world"}, follow=True)
    assert "Choose private or shared." in response.content.decode()
    scenario.refresh_from_db()
    assert scenario.is_shared


def test_an_editor_can_save_but_the_history_says_who(client, scenario):
    editor = UserFactory(username="editor")
    ScenarioShare.objects.create(scenario=scenario, user=editor, can_edit=True)
    client.force_login(editor)
    client.post(
        url("edit", scenario), editor_post_data(scenario, battery__share_pct="60", message="by editor")
    )
    assert scenario.versions.get().saved_by == editor


def test_a_link_token_is_long_random_and_unique(owner, scenario):
    first = services.share_link_create(scenario=scenario, created_by=owner)
    second = services.share_link_create(scenario=scenario, created_by=owner)
    assert len(first.token) >= 43 and first.token != second.token


def test_a_link_shows_the_scenario_and_its_csv_to_anyone_and_nothing_else(client, owner, scenario):
    link = services.share_link_create(scenario=scenario, created_by=owner)
    page = client.get(reverse("public:detail", args=[link.token]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Owner&#x27;s plan" in html and 'data-kpi="cumulative">$331.00M' in html
    for app_url in (
        reverse("scenarios:list"),
        url("edit", scenario),
        reverse("companies:list"),
        reverse("logout"),
    ):
        assert f'href="{app_url}"' not in html and f'action="{app_url}"' not in html
    exported = client.get(reverse("public:export_csv", args=[link.token]))
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][0] == "year" and len(rows) == 1 + 3 * 2
    # The token opens nothing else in the app.
    assert client.get(url("detail", scenario)).status_code == 302


def test_a_link_shows_nothing_of_the_owners_username(client, scenario):
    owner = UserFactory(username="quillfeather")
    Scenario.objects.filter(pk=scenario.pk).update(owner=owner)
    link = services.share_link_create(scenario=scenario, created_by=owner)
    client.force_login(owner)
    # The logged-in page names the owner, and fills the cache of the body both pages show.
    assert "by quillfeather" in client.get(url("detail", scenario)).content.decode()
    client.logout()

    page = client.get(reverse("public:detail", args=[link.token]))
    exported = client.get(reverse("public:export_csv", args=[link.token]))

    assert page.status_code == 200 and "Owner&#x27;s plan" in page.content.decode()
    assert "quillfeather" not in page.content.decode().lower()
    assert "quillfeather" not in exported.content.decode().lower()


def test_a_revoked_link_is_a_404(owner_client, client, owner, scenario):
    link = services.share_link_create(scenario=scenario, created_by=owner)
    owner_client.post(url("revoke_link", scenario, link.pk))
    client.logout()
    assert client.get(reverse("public:detail", args=[link.token])).status_code == 404
    assert client.get(reverse("public:export_csv", args=[link.token])).status_code == 404


def test_an_expired_link_is_a_404(client, owner, scenario):
    link = services.share_link_create(
        scenario=scenario, created_by=owner, expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert client.get(reverse("public:detail", args=[link.token])).status_code == 200
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(reverse("public:detail", args=[link.token])).status_code == 404


@pytest.mark.parametrize("token", ["nope", "a" * 43, "x" * 300])
def test_unknown_tokens_are_a_404(client, db, token):
    assert client.get(f"/s/{token}/").status_code == 404


def test_a_token_with_a_nul_byte_is_refused_before_any_lookup(client, db):
    # No token holds a NUL, and PostgreSQL cannot even compare one: the address is bad input.
    assert client.get("/s/%00/").status_code == 400


def test_links_are_created_with_an_optional_expiry_day(owner_client, scenario):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    owner_client.post(url("create_link", scenario), {"expires_on": tomorrow.isoformat()})
    link = ShareLink.objects.get()
    assert link.expires_at == datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=datetime.UTC)
    response = owner_client.post(
        url("create_link", scenario), {"expires_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 400 and "Pick a day after today." in response.content.decode()
    response = owner_client.post(url("create_link", scenario), {"expires_on": "someday"})
    assert response.status_code == 400 and "Enter a valid date." in response.content.decode()
    assert ShareLink.objects.count() == 1


def test_the_sharing_page_lists_links_with_their_address_and_status(owner_client, owner, scenario):
    active = services.share_link_create(scenario=scenario, created_by=owner)
    revoked = services.share_link_revoke(
        link=services.share_link_create(scenario=scenario, created_by=owner), user=owner
    )
    html = owner_client.get(url("sharing", scenario)).content.decode()
    assert f"/s/{active.token}/" in html
    assert f"/s/{revoked.token}/" not in html
    assert "revoked" in html and "active" in html


def events():
    return [
        (event.action, event.username, event.ip_address, event.scenario_id, event.detail)
        for event in AuditEvent.objects.order_by("pk")
    ]


def test_each_sharing_write_outside_a_request_records_its_own_event(owner, scenario):
    colleague = UserFactory(username="colleague")
    services.scenario_visibility_set(scenario=scenario, visibility="shared", user=owner, ip="192.0.2.9")
    share = services.scenario_share_with_user(
        scenario=scenario, with_user=colleague, can_edit=True, user=owner
    )
    services.scenario_unshare(share=share, user=owner)
    expires_at = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    link = services.share_link_create(scenario=scenario, created_by=owner, expires_at=expires_at)
    services.share_link_revoke(link=link, user=owner)
    pk = scenario.pk
    assert events() == [
        ("visibility_changed", "owner", "192.0.2.9", pk, {"visibility": "shared"}),
        ("share_granted", "owner", None, pk, {"with_user": "colleague", "rights": "edit"}),
        ("share_removed", "owner", None, pk, {"with_user": "colleague"}),
        ("link_created", "owner", None, pk, {"link_id": link.pk, "expires_at": "2030-01-01T00:00:00+00:00"}),
        ("link_revoked", "owner", None, pk, {"link_id": link.pk}),
    ]
    assert Scenario.objects.get(pk=pk).visibility == "shared"
    assert not ScenarioShare.objects.exists()
    assert ShareLink.objects.get().revoked_at is not None


def test_revoking_a_link_twice_keeps_the_first_time_and_records_both(owner, scenario):
    link = services.share_link_create(scenario=scenario, created_by=owner)
    first = services.share_link_revoke(link=link, user=owner).revoked_at
    services.share_link_revoke(link=ShareLink.objects.get(pk=link.pk), user=owner)
    assert ShareLink.objects.get(pk=link.pk).revoked_at == first
    assert [event[0] for event in events()] == ["link_created", "link_revoked", "link_revoked"]
