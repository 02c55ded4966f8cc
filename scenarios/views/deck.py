"""Slide decks of a scenario or a comparison (exports/deck.py builds them)."""

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from modelling import bridge_section

from .. import selectors
from ..access import get_visible_scenario
from ..exports import deck
from ..exports.rows import inputs_table
from ..models import Scenario
from .compare import exported_items


def _pptx(content, filename):
    response = HttpResponse(content, content_type=deck.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def scenario_export_pptx(request, pk):
    scenario = get_visible_scenario(request, pk)
    lines = selectors.lines_of(scenario)
    content = deck.scenario_deck(scenario, lines, selectors.project(scenario, lines), on=timezone.localdate())
    return _pptx(content, f"scenario-{scenario.pk}.pptx")


@require_GET
def compare_export_pptx(request):
    """The compare page's items and bridge (its ids, bridge and bridge_year),
    refused as the compare CSV refuses them."""
    items, refused = exported_items(request)
    if refused:
        return refused
    # A bad metric or year is a message on the bridge's slide, as on the page.
    section = bridge_section.section(items, request.GET.get("bridge"), request.GET.get("bridge_year"))
    # The items' lines were read for snapshots only; the sources need their citations.
    live = [item for item in items if item.version_number is None]
    scenarios = Scenario.objects.with_related().in_bulk([item.scenario.pk for item in live])
    sources = [
        (
            item.label,
            inputs_table(scenarios[item.scenario.pk], selectors.lines_of(scenarios[item.scenario.pk])),
        )
        for item in live
    ]
    content = deck.comparison_deck(items, section, sources, on=timezone.localdate())
    return _pptx(content, "comparison.pptx")
