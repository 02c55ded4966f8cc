"""Property-based tests: generated form input never breaks a form, and raw
hostile POSTs never get a 500 or leave anything half-saved.

The default run generates 500 examples per form and 40 raw POSTs per
endpoint; HYPOTHESIS_PROFILE=long runs ten times as many.
"""

import math

import pytest
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import from_form

from companies.models import Company
from modelling import engine, snapshots
from scenarios import selectors, services
from scenarios.forms.editor import ComponentLineForm, NewScenarioForm, ScenarioForm, engine_input_from_forms
from scenarios.forms.sharing import ShareLinkForm, ShareWithUserForm, VisibilityForm
from scenarios.models import Scenario, ScenarioShare
from tests.scenarios.editor_data import editor_post_data
from tests.scenarios.factories import UserFactory

pytestmark = pytest.mark.django_db

numeric_text = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["nan", "inf", "-inf", "1e309", "-0", "0.000001", "1_000", "١٢٣"]),
    st.text(max_size=12),
)


@pytest.fixture
def preset(seeded, owner):
    return services.scenario_create_from_preset(owner=owner)


def test_generated_scenario_forms_validate_cleanly_and_valid_ones_project(preset):
    lines, affiliates = selectors.editor_parts(preset)

    @given(
        from_form(
            ScenarioForm,
            form_kwargs={"instance": Scenario.objects.get(pk=preset.pk)},
            first_year=numeric_text,
            horizon_years=numeric_text,
            first_year_volume=numeric_text,
            annual_growth_pct=numeric_text,
            base_version=numeric_text,
        ),
        from_form(
            ComponentLineForm,
            form_kwargs={"line": lines[0], "affiliates": affiliates},
            supplier=st.sampled_from([str(a.pk) for a in affiliates] + ["0", "x", ""]),
            content_value_usd=numeric_text,
            annual_price_change_pct=numeric_text,
            share_pct=numeric_text,
            supply_start_year=numeric_text,
        ),
    )
    def check(scenario_form, line_form):
        if scenario_form.is_valid() and line_form.is_valid():
            # Whatever the forms accept, the engine accepts and projects to finite numbers.
            projection = engine.project(engine_input_from_forms(scenario_form, [line_form]))
            assert math.isfinite(projection.cumulative_revenue) and projection.cumulative_revenue >= 0
            assert 0 <= float(line_form.cleaned_data["share_pct"]) <= 100

    check()


def test_generated_new_scenario_forms_never_raise(seeded, owner):
    companies = [str(pk) for pk in Company.objects.values_list("pk", flat=True)]

    @given(
        from_form(
            NewScenarioForm,
            form_kwargs={"owner": owner},
            customer=st.sampled_from([*companies, "", "0", "abc"]),
            supplier_group=st.sampled_from([*companies, "", "-1"]),
        )
    )
    def check(form):
        if form.is_valid():
            assert form.cleaned_data["customer"] != form.cleaned_data["supplier_group"]
            assert form.cleaned_data["supplier_group"].kind == Company.Kind.GROUP

    check()


def test_generated_sharing_forms_never_raise(preset):
    UserFactory(username="colleague")

    @given(
        from_form(ShareWithUserForm, form_kwargs={"owner_id": preset.owner_id}),
        from_form(ShareLinkForm),
        from_form(VisibilityForm, form_kwargs={"instance": preset}),
    )
    def check(share_form, link_form, visibility_form):
        if share_form.is_valid():
            assert share_form.user.username == share_form.cleaned_data["username"]
        if link_form.is_valid() and link_form.cleaned_data["expires_on"]:
            from django.utils import timezone

            assert link_form.cleaned_data["expires_on"] > timezone.localdate()
        visibility_form.is_valid()

    check()


def test_generated_account_forms_never_raise(owner):
    login_request = RequestFactory().post("/login/", REMOTE_ADDR="192.0.2.1")

    @given(
        from_form(AuthenticationForm, form_kwargs={"request": login_request}),
        from_form(PasswordChangeForm, form_kwargs={"user": owner}),
    )
    def check(login_form, password_form):
        login_form.is_valid()
        if password_form.is_valid():
            assert password_form.cleaned_data["new_password1"] == password_form.cleaned_data["new_password2"]

    check()


# --- raw POST fuzzing ------------------------------------------------------------

HOSTILE = st.one_of(
    st.sampled_from(
        ["\x00", "nan", "inf", "-inf", "1e309", "-0", "", "x" * 20_000, "9" * 400, "<script>x</script>"]
    ),
    st.text(max_size=40),
    st.integers().map(str),
    st.floats().map(str),
)
ALLOWED = {200, 302, 400, 403, 404, 405, 409}
THROTTLED = {"login", "password_change"}  # both check a password, so both can be locked
ALLOWED_FOR_THROTTLED = ALLOWED | {429}  # the throttle's answer


def consistent(scenario_pk):
    """The saved scenario equals its newest version: nothing was half-saved."""
    scenario = Scenario.objects.filter(pk=scenario_pk).first()
    if scenario is None:
        return True
    latest = scenario.versions.filter(number=scenario.version).first()
    return latest is not None and latest.inputs == snapshots.take(scenario, selectors.lines_of(scenario))


ENDPOINTS = [
    "scenarios:edit",
    "scenarios:preview",
    "scenarios:clone",
    "scenarios:restore",
    "scenarios:set_visibility",
    "scenarios:share_with_user",
    "scenarios:unshare",
    "scenarios:create_link",
    "scenarios:revoke_link",
    "scenarios:delete",
    "scenarios:save_ranges",
    "scenarios:new",
    "login",
    "password_change",
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_raw_hostile_posts_get_a_handled_answer_and_save_nothing_half(preset, owner, endpoint):
    colleague = UserFactory(username="colleague")
    share = ScenarioShare.objects.create(scenario=preset, user=colleague)
    link = services.share_link_create(scenario=preset, created_by=owner)
    kwargs = {
        "scenarios:restore": {"pk": preset.pk, "number": 1},
        "scenarios:unshare": {"pk": preset.pk, "share_id": share.pk},
        "scenarios:revoke_link": {"pk": preset.pk, "link_id": link.pk},
        "scenarios:new": {},
        "login": {},
        "password_change": {},
    }.get(endpoint, {"pk": preset.pk})
    url = reverse(endpoint, kwargs=kwargs)
    valid = {
        "login": {"username": "owner", "password": "correct-horse-battery"},
        "password_change": {
            "old_password": "correct-horse-battery",
            "new_password1": "another-long-phrase",
            "new_password2": "another-long-phrase",
        },
        "scenarios:new": {
            "start": "blank",
            "name": "Fuzzed",
            "customer": Company.objects.get(slug="xiaomi").pk,
            "supplier_group": Company.objects.get(slug="samsung").pk,
        },
        "scenarios:share_with_user": {"username": "colleague", "can_edit": "view"},
        "scenarios:create_link": {"expires_on": ""},
        "scenarios:set_visibility": {"visibility": "shared"},
        "scenarios:restore": {"base_version": "1"},
        "scenarios:save_ranges": {
            "base_version": "1",
            "draws": "100",
            "seed": "1",
            "distribution": "pert",
            "volume_low": "1",
            "volume_mode": "2",
            "volume_high": "3",
            "growth_low": "0",
            "growth_mode": "1",
            "growth_high": "2",
            "share_low": "0",
            "share_mode": "1",
            "share_high": "2",
        },
    }.get(endpoint) or editor_post_data(preset)
    allowed = ALLOWED_FOR_THROTTLED if endpoint in THROTTLED else ALLOWED
    client = Client()

    @settings(max_examples=max(40, settings().max_examples // 12))
    @given(
        replaced=st.dictionaries(st.sampled_from(sorted(valid)), HOSTILE, max_size=6),
        unknown=st.dictionaries(st.text(min_size=1, max_size=20), HOSTILE, max_size=3),
    )
    def check(replaced, unknown):
        client.force_login(owner)
        data = {**valid, **unknown, **replaced}
        response = client.post(url, data, HTTP_HX_REQUEST="true" if endpoint.endswith("preview") else "")
        assert response.status_code in allowed, f"{response.status_code} for {data!r}"
        assert consistent(preset.pk)

    check()
