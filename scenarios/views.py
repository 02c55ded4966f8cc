from django.contrib import messages
from django.db.models import Prefetch
from django.forms.formsets import all_valid
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from . import engine, services
from .access import get_owned_scenario, get_visible_scenario
from .charts import scenario_figures
from .exports import write_projection_csv
from .forms import NewScenarioForm, editor_forms, engine_input_from_forms
from .models import ComponentLine, Scenario


@require_GET
def scenario_list(request):
    lines = ComponentLine.objects.select_related("category", "supplier").order_by(
        "category__order", "category__name"
    )
    scenarios = list(
        Scenario.objects.visible_to(request.user)
        .with_related()
        .prefetch_related(Prefetch("lines", queryset=lines))
    )
    for scenario in scenarios:
        scenario.projection = services.project(scenario, scenario.lines.all())
    mine = [s for s in scenarios if s.owner_id == request.user.pk]
    shared = [s for s in scenarios if s.owner_id != request.user.pk]
    return render(request, "scenarios/scenario_list.html", {"mine": mine, "shared": shared})


@require_http_methods(["GET", "POST"])
def scenario_new(request):
    """Start a scenario from the article preset, from a blank form, or (on the
    list and detail pages) by cloning."""
    form = NewScenarioForm(owner=request.user)
    if request.method == "POST":
        if request.POST.get("start") == "preset":
            scenario = services.create_from_article_preset(request.user)
            messages.success(
                request, f"Created “{scenario.name}” from the article preset. Changes are kept when you Save."
            )
            return redirect("scenarios:edit", scenario.pk)
        form = NewScenarioForm(request.POST, owner=request.user)
        if form.is_valid():
            scenario = services.create_scenario(owner=request.user, **form.cleaned_data)
            messages.success(request, "Scenario created. Set its volume and shares, then save.")
            return redirect("scenarios:edit", scenario.pk)
    return render(request, "scenarios/scenario_new.html", {"form": form})


def _results_context(projection):
    return {"projection": projection, "figures": scenario_figures(projection)}


@require_GET
def scenario_detail(request, pk):
    scenario = get_visible_scenario(request, pk)
    context = {"scenario": scenario, "is_owner": scenario.owner_id == request.user.pk}
    return render(request, "scenarios/scenario_detail.html", context | services.lazy_results(scenario))


def _editor(request, scenario, data=None):
    lines, affiliates = services.editor_parts(scenario)
    scenario_form, line_forms = editor_forms(scenario, lines, affiliates, data)
    return scenario_form, line_forms, lines


def _render_editor(request, scenario, scenario_form, line_forms, projection, *, template="", status=200):
    context = {
        "scenario": scenario,
        "form": scenario_form,
        "line_forms": line_forms,
        "all_forms": [scenario_form, *line_forms],
        **_results_context(projection),
    }
    return render(request, f"scenarios/scenario_edit.html{template}", context, status=status)


@require_http_methods(["GET", "POST"])
def scenario_edit(request, pk):
    scenario = get_owned_scenario(request, pk)
    if request.method == "POST":
        scenario_form, line_forms, lines = _editor(request, scenario, request.POST)
        if all_valid([scenario_form, *line_forms]):
            services.save_edits(scenario, scenario_form, line_forms)
            messages.success(request, f"Saved “{scenario.name}”.")
            return redirect(scenario)
        projection = services.project(Scenario.objects.get(pk=scenario.pk), lines)
        return _render_editor(request, scenario, scenario_form, line_forms, projection)
    scenario_form, line_forms, lines = _editor(request, scenario)
    return _render_editor(request, scenario, scenario_form, line_forms, services.project(scenario, lines))


@require_POST
@vary_on_headers("HX-Request")
def scenario_preview(request, pk):
    """Recalculate from the unsaved form. htmx gets the results fragment (and
    field errors out of band); a plain POST gets the whole editor."""
    scenario = get_owned_scenario(request, pk, related=False)
    scenario_form, line_forms, lines = _editor(request, scenario, request.POST)
    valid = all_valid([scenario_form, *line_forms])
    if valid:
        projection = engine.project(engine_input_from_forms(scenario_form, line_forms))
    else:
        projection = services.project(Scenario.objects.get(pk=scenario.pk), lines)
    if not request.htmx:
        return _render_editor(request, scenario, scenario_form, line_forms, projection)
    response = _render_editor(
        request,
        scenario,
        scenario_form,
        line_forms,
        projection,
        template="#preview-response" if valid else "#preview-errors",
    )
    if not valid:
        # Keep the last good charts on screen; only the errors swap in.
        response["HX-Reswap"] = "none"
    return response


@require_GET
def scenario_export_csv(request, pk):
    scenario = get_visible_scenario(request, pk)
    projection = services.project(scenario, services.lines_of(scenario))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = slugify(scenario.name) or f"scenario-{scenario.pk}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    write_projection_csv(projection, response)
    return response


@require_POST
def scenario_clone(request, pk):
    source = get_visible_scenario(request, pk)
    copy = services.clone_scenario(source, request.user)
    messages.success(request, f"Cloned “{source.name}” as “{copy.name}”, private to you.")
    return redirect("scenarios:edit", copy.pk)


@require_http_methods(["GET", "POST"])
def scenario_delete(request, pk):
    scenario = get_owned_scenario(request, pk)
    if request.method == "POST":
        name = scenario.name
        scenario.delete()
        messages.success(request, f"Deleted “{name}”.")
        return redirect("scenarios:list")
    return render(request, "scenarios/scenario_confirm_delete.html", {"scenario": scenario})
