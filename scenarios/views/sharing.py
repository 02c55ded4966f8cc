"""The owner's sharing page, and the read-only pages behind a share link."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from .. import audit, limits, selectors, services
from ..access import get_owned_scenario
from ..forms.sharing import ShareLinkForm, ShareWithUserForm, VisibilityForm
from .scenarios import csv_response


def _sharing_page(request, scenario, *, user_form=None, link_form=None, status=200):
    now = datetime.datetime.now(datetime.UTC)
    links = list(scenario.links.select_related("created_by"))
    for link in links:
        link.active = link.is_active(now)
        link.url = request.build_absolute_uri(link.get_absolute_url())
    return render(
        request,
        "scenarios/scenario_sharing.html",
        {
            "scenario": scenario,
            "visibility_form": VisibilityForm(instance=scenario),
            "user_form": user_form or ShareWithUserForm(owner_id=scenario.owner_id),
            "link_form": link_form or ShareLinkForm(),
            "shares": scenario.shares.select_related("user"),
            "links": links,
        },
        status=status,
    )


@require_GET
def scenario_sharing(request, pk):
    return _sharing_page(request, get_owned_scenario(request, pk))


@require_POST
@limits.limit_writes("share")
def set_visibility(request, pk):
    scenario = get_owned_scenario(request, pk)
    form = VisibilityForm(request.POST, instance=scenario)
    if form.is_valid():
        services.scenario_visibility_set(
            scenario=scenario,
            visibility=form.cleaned_data["visibility"],
            user=request.user,
            ip=audit.client_ip(request),
        )
        messages.success(request, f"Visibility: {scenario.get_visibility_display()}.")
    else:
        messages.error(request, "Choose private or shared.")
    return redirect("scenarios:sharing", pk)


@require_POST
@limits.limit_writes("share")
def share_with_user(request, pk):
    scenario = get_owned_scenario(request, pk)
    form = ShareWithUserForm(request.POST, owner_id=scenario.owner_id)
    if not form.is_valid():
        return _sharing_page(request, scenario, user_form=form, status=400)
    can_edit = form.cleaned_data["can_edit"]
    services.scenario_share_with_user(
        scenario=scenario,
        with_user=form.user,
        can_edit=can_edit,
        user=request.user,
        ip=audit.client_ip(request),
    )
    rights = "edit" if can_edit else "view"
    messages.success(request, f"{form.user.get_username()} can now {rights} this scenario.")
    return redirect("scenarios:sharing", pk)


@require_POST
def unshare(request, pk, share_id):
    scenario = get_owned_scenario(request, pk)
    share = get_object_or_404(scenario.shares.select_related("user"), pk=share_id)
    services.scenario_unshare(share=share, user=request.user, ip=audit.client_ip(request))
    messages.success(request, f"{share.user.get_username()} no longer has access.")
    return redirect("scenarios:sharing", pk)


@require_POST
@limits.limit_writes("share")
def create_link(request, pk):
    scenario = get_owned_scenario(request, pk)
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        return _sharing_page(request, scenario, link_form=form, status=400)
    expires_on = form.cleaned_data["expires_on"]
    expires_at = (
        datetime.datetime.combine(expires_on, datetime.time.min, tzinfo=datetime.UTC) if expires_on else None
    )
    services.share_link_create(
        scenario=scenario, created_by=request.user, expires_at=expires_at, ip=audit.client_ip(request)
    )
    messages.success(
        request, "Read-only link created. Anyone with it can see this scenario until you revoke it."
    )
    return redirect("scenarios:sharing", pk)


@require_POST
def revoke_link(request, pk, link_id):
    scenario = get_owned_scenario(request, pk)
    link = get_object_or_404(scenario.links, pk=link_id)
    services.share_link_revoke(link=link, user=request.user, ip=audit.client_ip(request))
    messages.success(request, "Link revoked: it now leads nowhere.")
    return redirect("scenarios:sharing", pk)


def _scenario_behind(request, token):
    link = selectors.active_link(token)
    if link is None:
        audit.record(
            "access_denied", request, status=404, path="/s/…/", reason="unknown, revoked or expired link"
        )
        raise Http404("No such link.")
    return link.scenario


@login_not_required
@require_GET
def public_detail(request, token):
    scenario = _scenario_behind(request, token)
    context = {"scenario": scenario, "token": token}
    return render(request, "scenarios/public_detail.html", context | selectors.lazy_results(scenario))


@login_not_required
@require_GET
def public_export_csv(request, token):
    return csv_response(_scenario_behind(request, token))
