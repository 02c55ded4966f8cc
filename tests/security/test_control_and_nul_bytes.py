"""Control characters, NUL bytes and lone surrogates in every part of a request,
on every URL of the app, the admin's changelists and its autocomplete: never
a 5xx. PostgreSQL refuses NUL in text outright (SQLite stores it), so this
runs on both (see README, Security)."""

from urllib.parse import quote, unquote, urlencode

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.db.models import Value as V
from django.db.models.functions import Concat
from django.test import Client
from django.urls import reverse

from companies.models import Company, ComponentCategory
from scenarios import services
from scenarios.models import Scenario, ScenarioVersion
from tests.scenarios.editor_data import editor_post_data
from tests.security.urls_walk import app_urls

pytestmark = pytest.mark.django_db

# Percent-encoded, as a browser or a hostile client sends them. %ED%A0%80 is
# U+D800, a lone surrogate: UTF-8 has no encoding for it.
PAYLOADS = {
    "nul": "%00",
    "start-of-heading": "%01",
    "vertical-tab": "%0B",
    "unit-separator": "%1F",
    "delete": "%7F",
    "lone-surrogate": "%ED%A0%80",
}

# Every parameter a view, a form or the admin reads, so each one meets the payload.
QUERY_KEYS = [
    "ids", "add", "apply", "tool", "kind", "group", "segment", "next",
    "q", "o", "p", "e", "_to_field", "_popup", "term", "app_label", "model_name", "field_name",
]  # fmt: skip
FORM_KEYS = [
    "name", "description", "message", "base_version", "start", "customer", "supplier_group",
    "username", "password", "old_password", "new_password1", "new_password2", "can_edit",
    "expires_on", "visibility", "csrfmiddlewaretoken",
    "x_name", "x_low", "x_high", "y_name", "y_low", "y_high", "steps", "swing_pct",
    "target_usd", "year", "draws", "seed", "distribution",
]  # fmt: skip
ANALYSIS_TOOLS = ["sensitivity", "tornado", "goal", "montecarlo"]
# Text that forms accept and pages, exports and comparisons then show.
SAVED_TEXT = ["name", "description", "message"]


def hostile_query(keys, payload):
    return "&".join(f"{quote(key)}=x{payload}" for key in keys)


def hostile_form(keys, payload):
    """A urlencoded body; hostile keys as well as hostile values."""
    return f"{hostile_query(keys, payload)}&k{payload}=v"


class Walk:
    """Sends requests and keeps every 5xx, so one run lists them all."""

    def __init__(self):
        self.failures = []
        self.sent = 0

    def check(self, response, what):
        self.sent += 1
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} {what}")
        return response

    def get(self, client, url, query="", **headers):
        separator = "&" if "?" in url else "?"
        target = f"{url}{separator}{query}" if query else url
        return self.check(client.get(target, headers=headers), f"GET {target} {headers or ''}")

    def post(self, client, url, body, **headers):
        response = client.post(url, body, content_type="application/x-www-form-urlencoded", headers=headers)
        return self.check(response, f"POST {url} [{body[:120]}]")


def editor_body(scenario, payload):
    """The editor as the browser posts it, with the payload inside the texts
    it saves: accepted unless a form refuses it."""
    valid = {key: value for key, value in editor_post_data(scenario).items() if key not in SAVED_TEXT}
    return f"{urlencode(valid)}&{'&'.join(f'{key}=Plan{payload}text' for key in SAVED_TEXT)}"


def admin_targets():
    """Every changelist with its filters and search, and every autocomplete."""
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        filters = [name for name in model_admin.list_filter if isinstance(name, str)]
        keys = ["q", "o", "p", "e", "_to_field"]
        keys += [f"{name}__exact" for name in filters] + [f"{name}__id__exact" for name in filters]
        yield "changelist", changelist, keys
        for field in model_admin.autocomplete_fields:
            source = f"app_label={meta.app_label}&model_name={meta.model_name}&field_name={field}"
            yield "autocomplete", f"{reverse('admin:autocomplete')}?{source}", ["term", "page"]


def plant_stored_text(world, payload):
    """Names holding the raw character (PostgreSQL cannot hold a NUL at all), and
    a fresh share link, since the walk revoked the first; the new URL values."""
    raw = unquote(payload)  # the lone surrogate arrives as U+FFFD, as Django decodes it
    if raw == "\x00" and connection.vendor == "postgresql":
        raw = ""
    scenario = world["scenario"]
    Scenario.objects.filter(pk=scenario.pk).update(name=f"Plan{raw}A", description=f"Notes{raw}here")
    ScenarioVersion.objects.filter(scenario=scenario).update(message=f"Saved{raw}")
    Company.objects.filter(slug="samsung-sdi").update(name=f"Samsung{raw}SDI")
    categories = ComponentCategory.objects.filter(pk__in=scenario.lines.values("category"))
    categories.update(name=Concat(F("name"), V(raw)))
    cache.clear()  # pages are cached by scenario version, which did not change
    link = services.share_link_create(scenario=scenario, created_by=world["owner"])
    return {"link_id": link.pk, "token": link.token}


# POSTed last: before them the visitor would be logged out, or the scenario gone.
ENDINGS = ["scenarios:delete", "logout"]


def walk_the_app(walk, client, world, payload):
    scenario = world["scenario"]
    urls = list(app_urls(world["values"]))
    for name, url, _ in urls:
        walk.get(client, url, hostile_query(QUERY_KEYS, payload))
        walk.get(client, url, hostile_query(QUERY_KEYS, payload), HX_Request="true")
        if name == "scenarios:analysis":
            for tool in ANALYSIS_TOOLS:
                walk.get(client, url, f"tool={tool}&{hostile_query(FORM_KEYS, payload)}", HX_Request="true")
        if name not in ENDINGS:
            walk.post(client, url, hostile_form(FORM_KEYS + QUERY_KEYS, payload))
            walk.post(client, url, hostile_form(FORM_KEYS, payload), HX_Request="true")
    # The forms refuse these characters in names; text saved before they did,
    # or typed by staff in the admin, may still hold them. Every page, fragment,
    # export and the public link then shows it.
    walk.post(client, reverse("scenarios:edit", args=[scenario.pk]), editor_body(scenario, payload))
    walk.post(client, reverse("scenarios:preview", args=[scenario.pk]), editor_body(scenario, payload))
    customer, group = Company.objects.get(slug="xiaomi"), Company.objects.get(slug="samsung")
    walk.post(
        client,
        reverse("scenarios:new"),
        f"start=blank&customer={customer.pk}&supplier_group={group.pk}&name=New{payload}plan",
    )
    walk.post(client, reverse("scenarios:share_with_user", args=[scenario.pk]), f"username=viewer{payload}")
    values = {**world["values"], **plant_stored_text(world, payload)}
    for _, url, _ in app_urls(values):
        walk.get(client, url)
        if values["token"] in url:
            walk.get(Client(raise_request_exception=False), url)
    owned = Scenario.objects.filter(owner=world["owner"]).order_by("pk").values_list("pk", flat=True)
    ids = ",".join(str(pk) for pk in owned[:3])
    walk.get(client, reverse("scenarios:compare"), f"ids={ids}")
    walk.get(client, reverse("scenarios:compare_csv"), f"ids={ids}")
    # The walk reached every page as the owner of a scenario that still exists.
    assert Scenario.objects.filter(pk=scenario.pk).exists()
    assert client.get(reverse("scenarios:detail", args=[scenario.pk])).status_code == 200
    by_name = {name: url for name, url, _ in urls}
    for name in ENDINGS:
        walk.post(client, by_name[name], hostile_form(FORM_KEYS + QUERY_KEYS, payload))


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_no_url_answers_5xx_to_hostile_characters_for_the_owner(client, world, payload):
    walk = Walk()
    client.force_login(world["owner"])
    client.raise_request_exception = False
    walk_the_app(walk, client, world, payload)
    assert walk.sent >= 5 * len(list(app_urls(world["values"])))
    assert walk.failures == []


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_no_url_answers_5xx_to_hostile_characters_for_anonymous_visitors(world, payload):
    walk = Walk()
    client = Client(raise_request_exception=False)
    token = world["values"]["token"]
    for _, url, args in app_urls(world["values"]):
        walk.get(client, url, hostile_query(QUERY_KEYS, payload))
        walk.post(client, url, hostile_form(FORM_KEYS + QUERY_KEYS, payload))
        if "token" in args:  # the one argument read as any string
            walk.get(client, url.replace(token, f"{token[:8]}{payload}{token[8:]}"))
    walk.post(client, reverse("login"), f"username=owner{payload}&password=correct-horse-battery{payload}")
    assert walk.sent > 2 * len(list(app_urls(world["values"])))
    assert walk.failures == []


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_no_admin_changelist_or_autocomplete_answers_5xx_to_hostile_characters(world, payload):
    walk = Walk()
    staff = Client(raise_request_exception=False)
    staff.force_login(get_user_model().objects.get(username="staff"))
    for kind, url, keys in admin_targets():
        walk.get(staff, url, hostile_query(keys, payload))
        walk.get(staff, url, f"{hostile_query(keys[:1], payload)}")
        if kind == "changelist":
            walk.post(staff, url, f"action=x{payload}&_selected_action=1&index=0")
            walk.post(staff, url, f"action=delete_selected&_selected_action=1{payload}&index=0")
            walk.post(staff, url, f"action=delete_selected&_selected_action=1&index=0&post=x{payload}")
    assert walk.sent > 20
    assert walk.failures == []


@pytest.mark.parametrize("selection", ["1%00", "abc", "99999999999999999999999", "1.5"])
def test_an_admin_action_on_a_selection_that_is_not_an_id_is_refused_and_deletes_nothing(world, selection):
    staff = Client(raise_request_exception=False)
    staff.force_login(get_user_model().objects.get(username="staff"))
    companies = Company.objects.count()
    changelist = reverse("admin:companies_company_changelist")
    response = staff.post(
        changelist,
        f"action=delete_selected&_selected_action={selection}&_selected_action=1&index=0&post=yes",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    assert response["Location"] == changelist
    assert Company.objects.count() == companies
    page = staff.get(changelist)
    assert "The selection could not be read. No items have been changed." in page.content.decode()


def test_an_admin_action_on_a_readable_selection_still_works(world):
    staff = Client()
    staff.force_login(get_user_model().objects.get(username="staff"))
    doomed = Company.objects.create(name="Doomed Ltd", slug="doomed")
    response = staff.post(
        reverse("admin:companies_company_changelist"),
        {"action": "delete_selected", "_selected_action": [doomed.pk], "index": 0, "post": "yes"},
    )
    assert response.status_code == 302
    assert not Company.objects.filter(pk=doomed.pk).exists()


NUL_SESSION_KEYS = ["\x00aaaa", "\x00" + "a" * 31, "a" * 16 + "\x00" + "a" * 15]


@pytest.mark.parametrize("key", NUL_SESSION_KEYS, ids=["short", "long", "inside"])
def test_a_nul_bearing_session_cookie_is_no_session_on_every_url(world, key):
    walk = Walk()
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = key  # sent quoted with an octal escape: sessionid="\000aaaa"
    client.cookies["csrftoken"] = "\x00" + "c" * 31
    for _, url, _ in app_urls(world["values"]):
        walk.get(client, url)
        walk.post(client, url, "name=x")
    assert walk.sent == 2 * len(list(app_urls(world["values"])))
    assert walk.failures == []


def test_a_nul_bearing_session_cookie_is_treated_as_logged_out(client, world):
    client.force_login(world["owner"])
    assert client.get(reverse("scenarios:list")).status_code == 200
    client.cookies["sessionid"] = "\x00" + client.cookies["sessionid"].value[1:]
    response = client.get(reverse("scenarios:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(reverse("login")).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/scenarios/?q=%00",
        "/scenarios/compare/?ids=1%00",
        "/companies/?kind=%00",
        "/admin/companies/company/?kind__exact=%00",
        "/admin/autocomplete/?term=%00&app_label=companies&model_name=company&field_name=parent",
        "/s/abc%00def/",
        "/healthz?probe=%00",
    ],
)
def test_a_nul_in_the_address_or_query_string_is_a_plain_400(client, world, url):
    client.force_login(get_user_model().objects.get(username="staff"))
    response = client.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert "contains a character that cannot be accepted" in html and "NUL" in html


def test_a_nul_in_a_header_is_a_400(client, world):
    response = client.get(reverse("login"), headers={"User-Agent": "probe\x00"})
    assert response.status_code == 400


def test_a_nul_in_a_posted_form_is_the_forms_own_error(client, world):
    client.force_login(world["owner"])
    scenario = world["scenario"]
    data = editor_post_data(scenario, name="Plan\x00B")
    response = client.post(reverse("scenarios:edit", args=[scenario.pk]), data)
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    scenario.refresh_from_db()
    assert "\x00" not in scenario.name
