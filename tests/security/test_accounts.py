import datetime
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from config.middleware import SESSION_SEEN, SESSION_STARTED
from scenarios.models import AuditEvent
from tests.scenarios.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
PASSWORD = "correct-horse-battery"


def attempt(client, password, username="analyst1", ip="10.0.0.1", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)


@pytest.fixture
def analyst(db):
    return UserFactory(username="analyst1")


def test_five_failures_lock_the_username_from_that_address_even_for_the_right_password(client, analyst):
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200
    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()
    right_password = attempt(client, PASSWORD)
    assert right_password.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_same_username_from_another_address_is_not_locked(client, analyst):
    for _ in range(5):
        attempt(client, "wrong")
    assert attempt(Client(), PASSWORD, ip="10.0.0.2").status_code == 302


def test_another_username_from_the_same_address_is_not_locked(client, analyst):
    UserFactory(username="analyst2")
    for _ in range(5):
        attempt(client, "wrong")
    assert attempt(Client(), PASSWORD, username="analyst2").status_code == 302


def test_the_lock_lifts_by_itself_after_fifteen_minutes(client, analyst):
    for _ in range(5):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 429
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert attempt(client, PASSWORD).status_code == 302


PROXY = "127.0.0.1"  # every request behind the proxy arrives from its address


@override_settings(TRUST_X_FORWARDED_FOR=1)
def test_behind_a_trusted_proxy_each_forwarded_address_is_locked_separately(client, analyst):
    for _ in range(5):
        attempt(client, "wrong", ip=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert attempt(client, PASSWORD, ip=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert attempt(Client(), PASSWORD, ip=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


@override_settings(TRUST_X_FORWARDED_FOR=1)
def test_behind_one_proxy_only_the_address_it_added_counts_not_what_the_client_sent(client, analyst):
    # The proxy appends the address it was reached from; the rest is the client's say-so.
    for forged in ("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5"):
        attempt(client, "wrong", ip=PROXY, HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.7")
    assert attempt(client, PASSWORD, ip=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


@override_settings(TRUST_X_FORWARDED_FOR=2)
def test_behind_two_proxies_the_client_is_the_second_address_from_the_right(client, analyst):
    attempt(client, "wrong", ip=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.7, 10.0.0.5")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]


def test_without_the_setting_x_forwarded_for_is_ignored(client, analyst):
    for forwarded in ("198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4", "198.51.100.5"):
        attempt(client, "wrong", ip=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert attempt(client, PASSWORD, ip=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.6").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}


@override_settings(TRUST_X_FORWARDED_FOR=1)
def test_the_audit_trail_records_the_address_the_throttle_counts(client, analyst):
    attempt(client, "wrong", ip=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.7")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"
    assert AuditEvent.objects.get(action="login_failed").ip_address == "198.51.100.7"


def test_login_gives_a_new_session_key(client, analyst):
    session = client.session  # an anonymous session, as a visitor might carry in
    session["visited"] = True
    session.save()
    anonymous_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    attempt(client, PASSWORD)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != anonymous_key


def test_logout_ends_the_session_so_a_replayed_cookie_gets_the_login_page(client, analyst):
    attempt(client, PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("logout"))
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = replay.get(reverse("scenarios:list"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_sessions_expire_after_thirty_idle_minutes_and_are_renewed_by_work(client, analyst):
    attempt(client, PASSWORD)
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert client.session.get_expiry_age() == 30 * 60
    session = client.session
    session[SESSION_SEEN] = int(time.time()) - 120
    session.save()
    client.get(reverse("scenarios:list"))
    assert int(time.time()) - client.session[SESSION_SEEN] < 5  # renewed, with a fresh 30 minutes


def test_sessions_end_after_twelve_hours_however_active(client, analyst):
    attempt(client, PASSWORD)
    session = client.session
    session[SESSION_STARTED] = int(time.time()) - 12 * 60 * 60 - 1
    session.save()
    response = client.get(reverse("scenarios:list"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert client.get(reverse("scenarios:list")).status_code == 302


@pytest.mark.parametrize("forged", ["x" * 32, "not-a-session", "1; DROP TABLE auth_user", "{key}' OR '1'='1"])
def test_a_forged_session_cookie_gets_the_login_page_and_harms_no_session(client, analyst, forged):
    attempt(client, PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = forged.format(key=key)
    response = other.get(reverse("scenarios:list"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("scenarios:list")).status_code == 200


def test_a_session_past_its_expiry_date_gets_the_login_page(client, analyst):
    attempt(client, PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("scenarios:list"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_a_deactivated_user_is_logged_out_on_the_next_request(client, analyst):
    attempt(client, PASSWORD)
    assert client.get(reverse("scenarios:list")).status_code == 200
    analyst.is_active = False
    analyst.save(update_fields=["is_active"])
    response = client.get(reverse("scenarios:list"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("short1", "at least 10 characters"),
        ("password123", "too common"),
        ("4815162342108", "entirely numeric"),
    ],
)
def test_weak_new_passwords_are_refused(client, analyst, new_password, message):
    client.force_login(analyst)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 200 and message in response.content.decode()
    analyst.refresh_from_db()
    assert analyst.check_password(PASSWORD)


def test_a_user_can_change_their_password_and_stay_logged_in(client, analyst):
    client.force_login(analyst)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-better-phrase",
            "new_password2": "a-much-better-phrase",
        },
    )
    assert response.url == reverse("password_change_done")
    analyst.refresh_from_db()
    assert analyst.check_password("a-much-better-phrase")
    assert client.get(reverse("scenarios:list")).status_code == 200


def change_password(client, old_password, ip="10.0.0.1"):
    new = "a-much-better-phrase"
    data = {"old_password": old_password, "new_password1": new, "new_password2": new}
    return client.post(reverse("password_change"), data, REMOTE_ADDR=ip)


def test_five_wrong_old_passwords_lock_the_password_change_form(client, analyst):
    client.force_login(analyst)
    for _ in range(4):
        response = change_password(client, "wrong")
        assert response.status_code == 200 and "incorrectly" in response.content.decode()
    locked = change_password(client, "wrong")
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()
    assert change_password(client, PASSWORD).status_code == 429
    analyst.refresh_from_db()
    assert analyst.check_password(PASSWORD)


def test_wrong_old_passwords_count_against_logging_in_from_that_address(client, analyst):
    client.force_login(analyst)
    for _ in range(5):
        change_password(client, "wrong")
    assert attempt(Client(), PASSWORD).status_code == 429
    assert attempt(Client(), PASSWORD, ip="10.0.0.2").status_code == 302
