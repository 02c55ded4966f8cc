"""Who may do what with a scenario, over every scenario URL and method.

owner: everything. editor: shared by name with edit rights: may change the
inputs and restore, not delete or share (403). viewer: shared by name to view
(or shared with everyone): may look, export, clone and read the history (403
for changes). stranger: 404 everywhere, the same 404 as for a scenario that
does not exist. anonymous: sent to log in.
"""

import pytest
from django.urls import reverse

from scenarios import services
from scenarios.models import Scenario, ScenarioShare, ShareLink
from tests.pages import without_csrf_token
from tests.scenarios.editor_data import editor_post_data
from tests.scenarios.factories import UserFactory

pytestmark = pytest.mark.django_db

OK, MOVED, FORBIDDEN = 200, 302, 403

# (name, method, url args beyond the scenario, post data, {actor: expected status})
ROUTES = [
    ("detail", "get", (), None, {"owner": OK, "editor": OK, "viewer": OK}),
    ("edit", "get", (), None, {"owner": OK, "editor": OK, "viewer": FORBIDDEN}),
    ("edit", "post", (), "editor", {"owner": MOVED, "editor": MOVED, "viewer": FORBIDDEN}),
    ("preview", "post", (), "editor", {"owner": OK, "editor": OK, "viewer": FORBIDDEN}),
    ("export_csv", "get", (), None, {"owner": OK, "editor": OK, "viewer": OK}),
    ("export_value_csv", "get", (), None, {"owner": OK, "editor": OK, "viewer": OK}),
    ("export_xlsx", "get", (), None, {"owner": OK, "editor": OK, "viewer": OK}),
    ("clone", "post", (), {}, {"owner": MOVED, "editor": MOVED, "viewer": MOVED}),
    ("history", "get", (), None, {"owner": OK, "editor": OK, "viewer": OK}),
    ("analysis", "get", (), None, {"owner": OK, "editor": OK, "viewer": OK}),
    ("save_ranges", "post", (), "ranges", {"owner": MOVED, "editor": MOVED, "viewer": FORBIDDEN}),
    (
        "restore",
        "post",
        ("version",),
        {"base_version": "1"},
        {"owner": MOVED, "editor": MOVED, "viewer": FORBIDDEN},
    ),
    ("delete", "get", (), None, {"owner": OK, "editor": FORBIDDEN, "viewer": FORBIDDEN}),
    ("delete", "post", (), {}, {"owner": MOVED, "editor": FORBIDDEN, "viewer": FORBIDDEN}),
    ("sharing", "get", (), None, {"owner": OK, "editor": FORBIDDEN, "viewer": FORBIDDEN}),
    (
        "set_visibility",
        "post",
        (),
        {"visibility": "shared"},
        {"owner": MOVED, "editor": FORBIDDEN, "viewer": FORBIDDEN},
    ),
    (
        "share_with_user",
        "post",
        (),
        {"username": "newcomer", "can_edit": "edit"},
        {"owner": MOVED, "editor": FORBIDDEN, "viewer": FORBIDDEN},
    ),
    ("unshare", "post", ("share",), {}, {"owner": MOVED, "editor": FORBIDDEN, "viewer": FORBIDDEN}),
    (
        "create_link",
        "post",
        (),
        {"expires_on": ""},
        {"owner": MOVED, "editor": FORBIDDEN, "viewer": FORBIDDEN},
    ),
    ("revoke_link", "post", ("link",), {}, {"owner": MOVED, "editor": FORBIDDEN, "viewer": FORBIDDEN}),
]
RANGES = {
    "draws": "500",
    "seed": "1",
    "target_usd": "",
    "distribution": "triangular",
    **{
        f"{p}_{part}": v
        for p, values in (
            ("volume", (90_000, 100_000, 110_000)),
            ("growth", (0, 10, 20)),
            ("share", (40, 50, 60)),
        )
        for part, v in zip(("low", "mode", "high"), values, strict=True)
    },
}
ROUTE_IDS = [f"{name}-{method}" for name, method, *_ in ROUTES]


@pytest.fixture
def world(owner, scenario):
    """The scenario, shared by name with an editor and a viewer, with a version and a link."""
    editor, viewer = UserFactory(username="editor"), UserFactory(username="viewer")
    UserFactory(username="newcomer")
    ScenarioShare.objects.create(scenario=scenario, user=editor, can_edit=True)
    viewer_share = ScenarioShare.objects.create(scenario=scenario, user=viewer, can_edit=False)
    services.scenario_version_record(scenario=scenario, user=owner, message="Created")
    link = services.share_link_create(scenario=scenario, created_by=owner)
    return {
        "scenario": scenario,
        "users": {"owner": owner, "editor": editor, "viewer": viewer},
        "args": {"version": 1, "share": viewer_share.pk, "link": link.pk},
    }


def call(client, world, name, method, extra_args, data, scenario_pk=None):
    scenario = world["scenario"]
    args = [scenario_pk or scenario.pk, *(world["args"][arg] for arg in extra_args)]
    url = reverse(f"scenarios:{name}", args=args)
    if method == "get":
        return client.get(url)
    if data == "editor":
        data = editor_post_data(scenario)
    elif data == "ranges":
        data = RANGES
    return client.post(url, data, HTTP_HX_REQUEST="true")


def state(scenario):
    return (
        Scenario.objects.filter(pk=scenario.pk).values().first(),
        sorted(ScenarioShare.objects.values_list("user__username", "can_edit")),
        sorted(ShareLink.objects.values_list("pk", "revoked_at")),
        Scenario.objects.count(),
    )


@pytest.mark.parametrize("actor", ["owner", "editor", "viewer"])
@pytest.mark.parametrize(("name", "method", "extra_args", "data", "expected"), ROUTES, ids=ROUTE_IDS)
def test_each_role_gets_what_it_may(client, world, actor, name, method, extra_args, data, expected):
    client.force_login(world["users"][actor])
    before = state(world["scenario"])
    response = call(client, world, name, method, extra_args, data)
    assert response.status_code == expected[actor]
    if response.status_code == FORBIDDEN or method == "get":
        assert state(world["scenario"]) == before  # refused and read-only requests change nothing


@pytest.mark.parametrize(("name", "method", "extra_args", "data", "expected"), ROUTES, ids=ROUTE_IDS)
def test_a_viewer_through_everyone_visibility_may_do_what_a_named_viewer_may(
    client, world, name, method, extra_args, data, expected
):
    world["scenario"].shares.filter(user__username="viewer").delete()
    world["scenario"].visibility = Scenario.Visibility.SHARED
    world["scenario"].save()
    world["args"]["share"] = world["scenario"].shares.get(user__username="editor").pk
    client.force_login(UserFactory(username="colleague"))
    assert call(client, world, name, method, extra_args, data).status_code == expected["viewer"]


@pytest.mark.parametrize(("name", "method", "extra_args", "data", "_"), ROUTES, ids=ROUTE_IDS)
def test_a_stranger_gets_the_same_404_as_for_a_missing_scenario(
    stranger_client, world, name, method, extra_args, data, _
):
    before = state(world["scenario"])
    response = call(stranger_client, world, name, method, extra_args, data)
    missing = call(
        stranger_client, world, name, method, extra_args, data, scenario_pk=world["scenario"].pk + 999
    )
    assert response.status_code == missing.status_code == 404
    assert without_csrf_token(response.content) == without_csrf_token(missing.content)
    assert state(world["scenario"]) == before


@pytest.mark.parametrize(("name", "method", "extra_args", "data", "_"), ROUTES, ids=ROUTE_IDS)
def test_anonymous_visitors_are_sent_to_log_in(client, world, name, method, extra_args, data, _):
    before = state(world["scenario"])
    response = call(client, world, name, method, extra_args, data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert state(world["scenario"]) == before


@pytest.mark.parametrize(
    ("name", "wrong_method"),
    [
        ("preview", "get"),
        ("clone", "get"),
        ("export_csv", "post"),
        ("detail", "post"),
        ("create_link", "get"),
    ],
)
def test_wrong_methods_are_refused(owner_client, scenario, name, wrong_method):
    url = reverse(f"scenarios:{name}", args=[scenario.pk])
    assert getattr(owner_client, wrong_method)(url).status_code == 405


def test_the_list_never_shows_another_users_private_scenario(client, scenario):
    client.force_login(UserFactory(username="someone-else"))
    response = client.get(reverse("scenarios:list"))
    assert scenario.name not in response.content.decode()


def test_a_scenario_shared_by_name_is_listed_for_that_user_only(client, world):
    shared_with_me = {"owner": "shared"}
    client.force_login(world["users"]["viewer"])
    listed = client.get(reverse("scenarios:list"), shared_with_me).context["page"]
    assert [s.name for s in listed] == ["Owner's plan"]
    client.force_login(UserFactory(username="outsider"))
    assert list(client.get(reverse("scenarios:list"), shared_with_me).context["page"]) == []


@pytest.mark.parametrize(("name", "method", "extra_args", "data", "_"), ROUTES, ids=ROUTE_IDS)
def test_an_id_beyond_the_database_range_is_a_404_too(owner_client, world, name, method, extra_args, data, _):
    # The URL pattern takes any number of digits; no database integer holds 10**20.
    response = call(owner_client, world, name, method, extra_args, data, scenario_pk=10**20)
    assert response.status_code == 404


@pytest.mark.parametrize("visibility", [Scenario.Visibility.PRIVATE, Scenario.Visibility.SHARED])
def test_one_scenarios_visibility_is_the_lists_rule_for_every_kind_of_user(world, visibility):
    from django.contrib.auth.models import AnonymousUser

    scenario = world["scenario"]
    Scenario.objects.filter(pk=scenario.pk).update(visibility=visibility)
    scenario.refresh_from_db()
    stranger = UserFactory(username="stranger")
    users = [*world["users"].values(), stranger, AnonymousUser()]
    seen = {
        user: user.is_authenticated and Scenario.objects.visible_to(user).filter(pk=scenario.pk).exists()
        for user in users
    }
    assert {user: scenario.is_visible_to(user) for user in users} == seen
    # and the rule itself: the owner and both named users always; a stranger only when shared.
    assert seen[world["users"]["viewer"]] and seen[world["users"]["editor"]] and seen[world["users"]["owner"]]
    assert seen[stranger] == (visibility == Scenario.Visibility.SHARED)
    assert not seen[users[-1]]
