"""Who may do what with a scenario. Every scenario view goes through here."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Scenario


def get_visible_scenario(request, pk, *, related=True):
    """The scenario if the user may see it; 404 otherwise, so a stranger cannot
    tell a private scenario from one that does not exist."""
    scenarios = Scenario.objects.visible_to(request.user)
    return get_object_or_404(scenarios.with_related() if related else scenarios, pk=pk)


def get_owned_scenario(request, pk, *, related=True):
    """The scenario if the user owns it. Viewers of a shared scenario get 403
    (they already know it exists); everyone else 404."""
    scenario = get_visible_scenario(request, pk, related=related)
    if scenario.owner_id != request.user.pk:
        raise PermissionDenied("Only the owner can change this scenario.")
    return scenario
