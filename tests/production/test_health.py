import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path

from config import urls as app_urls

pytestmark = pytest.mark.django_db

REDIS_CACHE = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": ""}}


def test_healthz_answers_ok_without_a_login_and_says_nothing_else():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_does_not_answer(monkeypatch):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json() == {"status": "unavailable"}


def test_healthz_answers_json_even_with_a_session_cookie_while_the_database_is_down(
    owner_client, monkeypatch
):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = owner_client.get("/healthz")  # the logged-in client sends its session cookie
    assert response.status_code == 503 and response.json() == {"status": "unavailable"}


def test_healthz_checks_redis_when_it_is_configured():
    live = {"default": {**REDIS_CACHE["default"], "LOCATION": "redis://127.0.0.1:6379/15"}}
    with override_settings(REDIS_URL="redis://127.0.0.1:6379/15", CACHES=live):
        assert Client().get("/healthz").status_code == 200
    dead = {"default": {**REDIS_CACHE["default"], "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0", CACHES=dead):
        assert Client().get("/healthz").status_code == 503


def lose_the_database(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [path("lost/", lose_the_database), *app_urls.urlpatterns]
handler500 = app_urls.handler500


@pytest.mark.urls("tests.production.test_health")
def test_a_lost_database_gives_a_friendly_503_not_a_traceback(owner_client):
    owner_client.raise_request_exception = False
    response = owner_client.get("/lost/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    html = response.content.decode()
    assert "Back in a moment" in html and "OperationalError" not in html and "Traceback" not in html
