"""Personal API tokens: made and revoked on the account page, shown once, kept
hashed, optionally expiring, noting when they were last used, counted per token."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from api import tokens
from api.models import ApiToken, digest
from scenarios.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_token_is_shown_once_and_only_its_digest_is_kept(owner_client, owner):
    answer = owner_client.post(reverse("api_tokens"), {"name": "Notebook", "expires": "30"})
    assert answer.status_code == 201
    page = answer.content.decode()
    key = page.split('id="new-token"')[0].rsplit('value="', 1)[1].split('"')[0]
    assert key.startswith("pst_") and len(key) > 40
    token = ApiToken.objects.get(user=owner)
    assert token.key_digest == digest(key) and key not in token.key_digest
    assert key not in str(list(ApiToken.objects.values_list(flat=False)))  # nowhere in the row
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    again = owner_client.get(reverse("api_tokens")).content.decode()
    assert key not in again and token.hint in again  # never shown again; told apart by its start
    assert AuditEvent.objects.filter(action="api_token_created", user=owner).exists()


def test_a_token_without_a_name_is_refused(owner_client, owner):
    answer = owner_client.post(reverse("api_tokens"), {"name": "  ", "expires": ""})
    assert answer.status_code == 400
    assert "Name the token" in answer.content.decode()
    assert not ApiToken.objects.exists()


def test_the_api_answers_the_token_and_notes_when_it_was_used(client, owner, bearer):
    headers = bearer(owner)
    assert client.get("/api/scenarios", headers=headers).status_code == 200
    assert ApiToken.objects.get(user=owner).last_used_at is not None


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer pst_not-a-token"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic b3duZXI6c2VjcmV0"},
    ],
    ids=["none", "unknown", "empty", "not-bearer"],
)
def test_no_usable_token_is_a_401_not_a_redirect_to_log_in(client, headers):
    answer = client.get("/api/scenarios", headers=headers)
    assert answer.status_code == 401
    assert answer.json() == {"detail": "Unauthorized"}


def test_a_revoked_token_is_a_401(client, owner, owner_client):
    token, key = tokens.token_create(user=owner, name="laptop")
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/scenarios", headers=headers).status_code == 200
    answer = owner_client.post(reverse("api_token_revoke", args=[token.pk]))
    assert answer.status_code == 302
    client.logout()
    assert client.get("/api/scenarios", headers=headers).status_code == 401
    assert AuditEvent.objects.filter(action="api_token_revoked", user=owner).exists()


def test_an_expired_token_is_a_401(client, owner):
    _, key = tokens.token_create(user=owner, name="old", expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/scenarios", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_a_deactivated_users_token_is_a_401(client, owner, bearer):
    headers = bearer(owner)
    owner.is_active = False
    owner.save()
    assert client.get("/api/scenarios", headers=headers).status_code == 401


def test_someone_elses_token_cannot_be_revoked_and_is_a_404(stranger_client, owner):
    token, _ = tokens.token_create(user=owner, name="mine")
    assert stranger_client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_account_page_lists_only_the_users_own_tokens(owner_client, owner, stranger):
    tokens.token_create(user=owner, name="Owner's notebook")
    tokens.token_create(user=stranger, name="Stranger's script")
    page = owner_client.get(reverse("api_tokens")).content.decode()
    assert "Owner&#x27;s notebook" in page and "Stranger" not in page


def test_each_token_is_limited_to_its_rate_with_a_retry_after(client, owner, bearer):
    first, second = bearer(owner), bearer(owner)
    with override_settings(SCENARIO_WRITE_RATES={"api": "3/m"}):
        statuses = [client.get("/api/companies", headers=first).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        refused = client.get("/api/companies", headers=first)
        assert 1 <= int(refused["Retry-After"]) <= 60
        assert "3 requests" in refused.json()["detail"]
        # Counted per token: another token of the same user has its own count.
        assert client.get("/api/companies", headers=second).status_code == 200


def test_the_browser_session_works_and_writes_need_its_csrf_token(owner, scenario):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    assert browser.get(f"/api/scenarios/{scenario.pk}").status_code == 200
    refused = browser.post(f"/api/scenarios/{scenario.pk}/clone")
    assert refused.status_code == 403  # no CSRF token: refused, nothing made
    assert owner.scenarios.count() == 1
