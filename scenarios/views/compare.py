from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from modelling import bridge_section, compare

from .. import selectors
from ..exports import comparison_table, write_csv
from ..models import Scenario


def requested_items(request):
    """[(pk, version number or None)] the request's ids (and add) name, in order;
    compare.CompareRequestError when they cannot be read. The page and its exports read them here."""
    values = request.GET.getlist("ids")
    if request.GET.get("add"):
        values.append(request.GET["add"])
    return compare.parse_ids(values)


@require_GET
@vary_on_headers("HX-Request")
def compare_page(request):
    try:
        wanted = requested_items(request)
    except compare.CompareRequestError as error:
        return _page(request, [], error=str(error), status=400)
    query = {"ids": compare.format_ids(wanted), **_bridge_query(request)}
    canonical = f"{request.path}?{urlencode(query, safe=',')}"
    built_up = "add" in request.GET or request.GET.getlist("ids") != [compare.format_ids(wanted)]
    if built_up and not request.htmx:
        return redirect(canonical)  # one address per comparison, whatever built it
    items = selectors.comparison_items(request.user, wanted)
    if len(items) < compare.MIN_ITEMS:
        response = _page(request, items, error="Add at least one more scenario to compare.")
    else:
        response = _page(request, items)
    if request.htmx:
        response["HX-Push-Url"] = canonical
    return response


def _bridge_query(request):
    """The bridge's own parameters, kept in the page's one address."""
    return {name: request.GET[name] for name in ("bridge", "bridge_year") if request.GET.get(name)}


def _page(request, items, *, error="", status=200):
    in_comparison = {item.key[0] for item in items if item.version_number is None}
    candidates = Scenario.objects.visible_to(request.user).exclude(pk__in=in_comparison).only("pk", "name")
    context = {
        "items": items,
        "error": error,
        "candidates": candidates,
        "ids": compare.format_ids([item.key for item in items]),
        "can_add": len(items) < compare.MAX_ITEMS,
    }
    if len(items) >= compare.MIN_ITEMS:
        context["input_rows"] = compare.input_rows(items)
        context["output_rows"] = compare.output_rows(items)
        context["figures"] = compare.figures(items)
        context["component_totals"] = compare.component_totals(items)
        # A bad metric or year is a message in the section, never an error page.
        context["bridge"] = bridge_section.section(
            items, request.GET.get("bridge"), request.GET.get("bridge_year")
        )
        context["removal_ids"] = {
            item.token: compare.format_ids([other.key for other in items if other is not item])
            for item in items
        }
    return render(request, "scenarios/compare.html", context, status=status)


def exported_items(request):
    """(items, None) for an export of the comparison the request names, or (None, a
    400 saying why) when it names none: the CSV and the slide deck refuse alike."""
    try:
        wanted = requested_items(request)
    except compare.CompareRequestError as error:
        refusal = str(error)
    else:
        items = selectors.comparison_items(request.user, wanted)
        if len(items) >= compare.MIN_ITEMS:
            return items, None
        refusal = "Add at least one more scenario to compare."
    return None, HttpResponse(refusal, status=400, content_type="text/plain; charset=utf-8")


@require_GET
def compare_export_csv(request):
    items, refused = exported_items(request)
    if refused:
        return refused
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="comparison.csv"'
    csv_rows = compare.as_csv_rows(items, compare.input_rows(items) + compare.output_rows(items))
    write_csv(comparison_table(next(csv_rows), csv_rows), response)
    return response
