import datetime
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from config.middleware import SESSION_SEEN, SESSION_STARTED
from tests.scenarios.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
PASSWORD = "correct-horse-battery"


def attempt(client, password, username="analyst1", ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


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
