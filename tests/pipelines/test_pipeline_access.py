"""Who may do what with a pipeline, over every pipeline URL and method: the
scenarios' rules. owner: everything. editor (shared by name with edit rights):
may change deals, not share or delete (403). viewer (shared by name to view, or
shared with everyone): may look and export (403 for changes). stranger: 404
everywhere, htmx fragments and exports included. anonymous: sent to log in."""

from decimal import Decimal

import pytest
from django.urls import reverse

from pipelines import services
from pipelines.models import Pipeline
from tests.scenarios.factories import UserFactory

pytestmark = pytest.mark.django_db

OK, MOVED, FORBIDDEN, MISSING = 200, 302, 403, 404


def terms(pipeline):
    deal = pipeline.deals.order_by("pk").first()
    case = deal.cases.get()
    return {f"deal-{deal.pk}-probability_pct": "40", f"deal-{deal.pk}-weight_{case.pk}": "100"}


# (name, method, extra url arg, post data, {actor: expected status})
ROUTES = [
    ("detail", "get", None, None, {"owner": OK, "editor": OK, "viewer": OK}),
    ("export_csv", "get", None, None, {"owner": OK, "editor": OK, "viewer": OK}),
    ("export_xlsx", "get", None, None, {"owner": OK, "editor": OK, "viewer": OK}),
    ("monte_carlo", "get", None, None, {"owner": OK, "editor": OK, "viewer": OK}),
    ("deal_terms", "post", "deal", terms, {"owner": OK, "editor": OK, "viewer": FORBIDDEN}),
    (
        "edit",
        "post",
        None,
        {"name": "Renamed", "description": ""},
        {"owner": MOVED, "editor": MOVED, "viewer": FORBIDDEN},
    ),
    ("deal_remove", "post", "deal", {}, {"owner": MOVED, "editor": MOVED, "viewer": FORBIDDEN}),
    ("case_remove", "post", "case", {}, {"owner": MOVED, "editor": MOVED, "viewer": FORBIDDEN}),
    (
        "set_visibility",
        "post",
        None,
        {"visibility": "shared"},
        {"owner": MOVED, "editor": FORBIDDEN, "viewer": FORBIDDEN},
    ),
    (
        "share_with_user",
        "post",
        None,
        {"username": "third", "can_edit": "view"},
        {"owner": MOVED, "editor": FORBIDDEN, "viewer": FORBIDDEN},
    ),
    ("unshare", "post", "share", {}, {"owner": MOVED, "editor": FORBIDDEN, "viewer": FORBIDDEN}),
    ("delete", "post", None, {}, {"owner": MOVED, "editor": FORBIDDEN, "viewer": FORBIDDEN}),
]


@pytest.fixture
def actors(owner, stranger, pipeline):
    editor, viewer = UserFactory(username="editor"), UserFactory(username="viewer")
    UserFactory(username="third")
    services.pipeline_share(pipeline=pipeline, user=owner, with_user=editor, can_edit=True)
    viewer_share = services.pipeline_share(pipeline=pipeline, user=owner, with_user=viewer, can_edit=False)
    return {"owner": owner, "editor": editor, "viewer": viewer, "stranger": stranger, "share": viewer_share}


def route_url(pipeline, name, extra, actors):
    args = [pipeline.pk]
    if extra == "deal":
        args.append(pipeline.deals.order_by("pk").first().pk)
    elif extra == "case":
        args.append(pipeline.deals.order_by("pk").first().cases.get().pk)
    elif extra == "share":
        args.append(actors["share"].pk)
    return reverse(f"pipelines:{name}", args=args)


@pytest.mark.parametrize("actor", ["owner", "editor", "viewer", "stranger", "anonymous"])
@pytest.mark.parametrize(("name", "method", "extra", "data", "expected"), ROUTES, ids=[r[0] for r in ROUTES])
def test_every_pipeline_url_for_every_kind_of_user(
    client, pipeline, actors, actor, name, method, extra, data, expected
):
    if actor != "anonymous":
        client.force_login(actors[actor])
    url = route_url(pipeline, name, extra, actors)
    payload = data(pipeline) if callable(data) else data
    headers = {"HX-Request": "true"} if name == "deal_terms" else {}
    answer = client.get(url) if method == "get" else client.post(url, payload, headers=headers)
    if actor == "anonymous":
        assert answer.status_code == MOVED and answer.url.startswith(reverse("login"))
    elif actor == "stranger":
        assert answer.status_code == MISSING
    else:
        assert answer.status_code == expected[actor]


def test_shared_with_everyone_a_stranger_may_look_but_not_change(client, stranger, owner, pipeline):
    services.pipeline_visibility_set(pipeline=pipeline, user=owner, visibility=Pipeline.Visibility.SHARED)
    client.force_login(stranger)
    assert client.get(reverse("pipelines:detail", args=[pipeline.pk])).status_code == OK
    deal = pipeline.deals.order_by("pk").first()
    answer = client.post(reverse("pipelines:deal_terms", args=[pipeline.pk, deal.pk]), terms(pipeline))
    assert answer.status_code == FORBIDDEN
    deal.refresh_from_db()
    assert deal.probability_pct == Decimal("50")


def test_the_list_shows_only_what_each_user_may_see(client, owner, stranger, pipeline):
    client.force_login(stranger)
    assert "Pursuits" not in client.get(reverse("pipelines:list")).content.decode()
    client.force_login(owner)
    assert "Pursuits" in client.get(reverse("pipelines:list")).content.decode()


def test_visible_to_and_is_visible_to_agree(owner, stranger, pipeline, actors):
    for user in (owner, stranger, actors["editor"], actors["viewer"]):
        assert (pipeline in Pipeline.objects.visible_to(user)) == pipeline.is_visible_to(user)
