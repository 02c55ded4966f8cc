import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import path, reverse

from config import urls as app_urls_module
from tests.security.urls_walk import app_urls

pytestmark = pytest.mark.django_db

REQUIRED_CSP = [
    "default-src 'none'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "style-src 'self' 'unsafe-inline'",
]
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"


def assert_secure_headers(response, where):
    csp = response.get("Content-Security-Policy", "")
    for directive in REQUIRED_CSP:
        assert directive in csp, f"{where}: CSP lacks {directive!r}: {csp!r}"
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "unsafe" not in script_src, where
    assert response.get("X-Content-Type-Options") == "nosniff", where
    assert response.get("Referrer-Policy") == "same-origin", where
    assert response.get("Cross-Origin-Opener-Policy") == "same-origin", where
    assert response.get("Permissions-Policy") == PERMISSIONS_POLICY, where


def test_every_named_url_carries_the_security_headers(client, world):
    client.force_login(world["owner"])
    seen = 0
    for name, url, _ in app_urls(world["values"]):
        for method in ("get", "post") if name != "logout" else ("get",):
            response = getattr(client, method)(url)
            assert_secure_headers(response, f"{method.upper()} {name} ({response.status_code})")
            seen += 1
    assert seen > 40


def test_htmx_fragments_exports_and_static_files_carry_them_too(client, world):
    client.force_login(world["owner"])
    from tests.scenarios.editor_data import editor_post_data

    scenario = world["scenario"]
    fragment = client.post(
        reverse("scenarios:preview", args=[scenario.pk]), editor_post_data(scenario), HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 200
    assert_secure_headers(fragment, "htmx preview")
    assert_secure_headers(client.get(reverse("scenarios:export_csv", args=[scenario.pk])), "csv")
    assert_secure_headers(Client().get(f"/s/{world['values']['token']}/export.csv"), "public csv")
    assert_secure_headers(client.get("/static/css/app.css"), "static file")


def test_the_admin_and_the_404_page_carry_them(client, world):
    client.force_login(world["owner"])
    assert_secure_headers(client.get("/no/such/page/"), "404")
    staff = Client()
    from django.contrib.auth import get_user_model

    staff.force_login(get_user_model().objects.get(username="staff"))
    for url in ("/admin/", "/admin/companies/company/", "/admin/companies/company/add/"):
        response = staff.get(url)
        assert response.status_code == 200
        assert_secure_headers(response, url)


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), *app_urls_module.urlpatterns]


@pytest.mark.urls("tests.security.test_headers")
def test_the_500_page_carries_them_and_hides_the_error(client, world):
    client.force_login(world["owner"])
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_secure_headers(response, "500")
    assert b"Something went wrong" in response.content and b"boom" not in response.content


def test_camera_microphone_location_and_payment_are_off_everywhere(client, world):
    client.force_login(world["owner"])
    scenario = world["scenario"]
    for response in (
        client.get(reverse("scenarios:detail", args=[scenario.pk])),
        client.get("/static/js/app.js"),
        client.get("/no/such/page/"),
        Client().get("/login/"),
        Client().get("/healthz"),
        Client().get("/scenarios/?q=%00"),  # refused before any view
    ):
        assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=()"


def test_pages_with_scenario_data_are_not_stored(client, world):
    client.force_login(world["owner"])
    scenario = world["scenario"]
    for url in (
        reverse("scenarios:detail", args=[scenario.pk]),
        reverse("scenarios:export_csv", args=[scenario.pk]),
        reverse("scenarios:list"),
        f"/s/{world['values']['token']}/",
    ):
        assert "no-store" in client.get(url)["Cache-Control"], url


def test_production_settings_pass_the_deployment_checklist_without_warnings():
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "scenarios.example.com",
        "DATABASE_URL": "postgres://app@db.example:5432/partnership",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_production_sends_a_year_of_hsts_and_secure_cookies():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "sqlite:////tmp/prod.sqlite3",
        "ALLOWED_HOSTS": "scenarios.example.com",
    }
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["31536000", "True", "True", "True", "Lax", "True"], result.stderr
