"""The account page where a user makes and revokes personal API tokens."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from scenarios import audit

from . import tokens
from .forms import NewTokenForm
from .models import ApiToken


def _page(request, form, *, new_key=None, status=200):
    context = {"form": form, "tokens": request.user.api_tokens.all(), "new_key": new_key}
    return render(request, "api/tokens.html", context, status=status)


@require_http_methods(["GET", "POST"])
def token_list(request):
    """The user's tokens; a new one's key is shown on the page that made it, once."""
    if request.method == "GET":
        return _page(request, NewTokenForm())
    form = NewTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    token, key = tokens.token_create(
        user=request.user,
        name=form.cleaned_data["name"],
        expires_at=form.expires_at,
        ip=audit.client_ip(request),
    )
    return _page(request, NewTokenForm(), new_key=(token, key), status=201)


@require_POST
def token_revoke(request, pk):
    # Someone else's token is a 404, as a missing one is.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.token_revoke(token=token, user=request.user, ip=audit.client_ip(request))
    messages.success(request, f"Revoked “{token.name}”: requests with it now get 401.")
    return redirect("api_tokens")
