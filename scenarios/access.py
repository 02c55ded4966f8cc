"""Who may do what with a scenario. Every scenario view goes through here.

Strangers get 404, so a private scenario cannot be told from one that does
not exist. Someone who can see a scenario but not do what they asked (a
viewer trying to edit, an editor trying to delete or share) gets 403: they
already know it exists.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from . import audit
from .models import Scenario


def get_visible_scenario(request, pk, *, related=True):
    """The scenario if request.user may see it, with its owner, customer and
    supplier group loaded in the same query when related."""
    scenarios = Scenario.objects.with_related() if related else Scenario.objects
    try:
        # An id beyond the database's integer range matches nothing, like a missing one.
        scenario = scenarios.get(pk=pk)
    except Scenario.DoesNotExist:
        scenario = None
    if scenario is None or not scenario.is_visible_to(request.user):
        audit.record("access_denied", request, scenario_id=pk, status=404, path=request.path[:200])
        raise Http404("No such scenario.")
    return scenario


def _deny(request, scenario, message):
    audit.record("access_denied", request, scenario=scenario, status=403, path=request.path[:200])
    raise PermissionDenied(message)


def get_editable_scenario(request, pk, *, related=True):
    """For the owner and users the owner gave edit rights."""
    scenario = get_visible_scenario(request, pk, related=related)
    if not scenario.can_edit(request.user):
        _deny(request, scenario, "You can look at this scenario but not change it.")
    return scenario


def get_owned_scenario(request, pk, *, related=True):
    """For the owner only: deleting, sharing and links."""
    scenario = get_visible_scenario(request, pk, related=related)
    if scenario.owner_id != request.user.pk:
        _deny(request, scenario, "Only the owner can do this.")
    return scenario
