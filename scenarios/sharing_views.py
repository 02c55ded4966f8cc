"""The owner's sharing page, and the read-only pages behind a share link."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import audit, limits, services, sharing
from .access import get_owned_scenario
from .forms import ShareLinkForm, ShareWithUserForm, VisibilityForm
from .views import csv_response


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
            "user_form": user_form or ShareWithUserForm(scenario=scenario),
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
        form.save()
        audit.record("visibility_changed", request, scenario=scenario, visibility=scenario.visibility)
        messages.success(request, f"Visibility: {scenario.get_visibility_display()}.")
    else:
        messages.error(request, "Choose private or shared.")
    return redirect("scenarios:sharing", pk)


@require_POST
@limits.limit_writes("share")
def share_with_user(request, pk):
    scenario = get_owned_scenario(request, pk)
    form = ShareWithUserForm(request.POST, scenario=scenario)
    if not form.is_valid():
        return _sharing_page(request, scenario, user_form=form, status=400)
    sharing.share_with(scenario, form.user, can_edit=form.cleaned_data["can_edit"])
    rights = "edit" if form.cleaned_data["can_edit"] else "view"
    audit.record(
        "share_granted", request, scenario=scenario, with_user=form.user.get_username(), rights=rights
    )
    messages.success(request, f"{form.user.get_username()} can now {rights} this scenario.")
    return redirect("scenarios:sharing", pk)


@require_POST
def unshare(request, pk, share_id):
    scenario = get_owned_scenario(request, pk)
    share = get_object_or_404(scenario.shares.select_related("user"), pk=share_id)
    share.delete()
    audit.record("share_removed", request, scenario=scenario, with_user=share.user.get_username())
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
    link = sharing.create_link(scenario, created_by=request.user, expires_at=expires_at)
    audit.record(
        "link_created",
        request,
        scenario=scenario,
        link_id=link.pk,
        expires_at=expires_at.isoformat() if expires_at else None,
    )
    messages.success(
        request, "Read-only link created. Anyone with it can see this scenario until you revoke it."
    )
    return redirect("scenarios:sharing", pk)


@require_POST
def revoke_link(request, pk, link_id):
    scenario = get_owned_scenario(request, pk)
    link = sharing.revoke_link(get_object_or_404(scenario.links, pk=link_id))
    audit.record("link_revoked", request, scenario=scenario, link_id=link.pk)
    messages.success(request, "Link revoked: it now leads nowhere.")
    return redirect("scenarios:sharing", pk)


def _scenario_behind(request, token):
    link = sharing.active_link(token)
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
    return render(request, "scenarios/public_detail.html", context | services.lazy_results(scenario))


@login_not_required
@require_GET
def public_export_csv(request, token):
    return csv_response(_scenario_behind(request, token))
