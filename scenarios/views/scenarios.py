from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from modelling import analysis, engine, snapshots
from modelling.scenario_figures import scenario_figures
from modelling.summary import describe

from .. import audit, limits, selectors, services
from ..access import get_editable_scenario, get_owned_scenario, get_visible_scenario
from ..exports import components_table, projection_tables, value_table, write_csv, write_workbook
from ..forms.editor import (
    NewScenarioForm,
    as_post_data,
    changed_since,
    editor_forms,
    editor_save,
    editor_valid,
    engine_input_from_forms,
)
from ..forms.listing import PAGE_SIZE, ScenarioListForm
from ..models import Scenario, ScenarioVersion


@require_GET
def scenario_list(request):
    """The scenarios the user can see, searched, filtered and sorted by the query
    string, a page at a time; the figures are the stored ones, so nothing is projected."""
    form = ScenarioListForm(request.GET, user=request.user)
    # get_page: a page number that is not one gives the first page, one past the end the last.
    page = Paginator(form.scenarios(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "scenarios/scenario_list.html", {"form": form, "page": page})


@require_http_methods(["GET", "POST"])
@limits.limit_writes("create")
def scenario_new(request):
    """Start a scenario from the article preset, from a blank form, or (on the
    list and detail pages) by cloning."""
    form = NewScenarioForm(owner=request.user)
    if request.method == "POST":
        if request.POST.get("start") == "preset":
            scenario = services.scenario_create_from_preset(owner=request.user, ip=audit.client_ip(request))
            messages.success(
                request, f"Created “{scenario.name}” from the article preset. Changes are kept when you Save."
            )
            return redirect("scenarios:edit", scenario.pk)
        form = NewScenarioForm(request.POST, owner=request.user)
        if form.is_valid():
            scenario = services.scenario_create(
                owner=request.user, **form.cleaned_data, ip=audit.client_ip(request)
            )
            messages.success(request, "Scenario created. Set its volume and shares, then save.")
            return redirect("scenarios:edit", scenario.pk)
    return render(request, "scenarios/scenario_new.html", {"form": form})


def _results_context(projection):
    # Lazy: an htmx answer that carries only field errors never draws the figures.
    return {
        "projection": projection,
        "figures": SimpleLazyObject(lambda: scenario_figures(projection)),
        "summary": SimpleLazyObject(lambda: describe(projection.scenario)),
    }


def _saved_projection(scenario, lines):
    """The projection as last saved, worked out only if the page shows it (a
    bound ModelForm has already written the posted values onto scenario)."""
    return SimpleLazyObject(lambda: selectors.project(Scenario.objects.get(pk=scenario.pk), lines))


@require_GET
def scenario_detail(request, pk):
    scenario = get_visible_scenario(request, pk, related=False)
    context = {
        "scenario": scenario,
        # Read, in one query, only if the cached heading is rendered again.
        "parties": SimpleLazyObject(lambda: Scenario.objects.with_related().get(pk=scenario.pk)),
        "is_owner": scenario.owner_id == request.user.pk,
        "can_edit": scenario.can_edit(request.user),
    }
    return render(request, "scenarios/scenario_detail.html", context | selectors.lazy_results(scenario))


def _editor(request, scenario, data=None):
    lines, affiliates = selectors.editor_parts(scenario)
    scenario_form, line_forms = editor_forms(scenario, lines, affiliates, data)
    return scenario_form, line_forms, lines


def _render_editor(
    request, scenario, scenario_form, line_forms, projection, *, template="", status=200, extra=None
):
    context = {
        **(extra or {}),
        "scenario": scenario,
        "form": scenario_form,
        "line_forms": line_forms,
        "all_forms": [scenario_form, *line_forms],
        **_results_context(projection),
    }
    return render(request, f"scenarios/scenario_edit.html{template}", context, status=status)


def _apply_from_analysis(request, scenario, scenario_form, line_forms, lines):
    """?apply=share=55&apply=value:display=350: fill the editor with values an
    analysis found, unsaved. A value for every component at once ("share=55")
    sets each component's own value as the analysis did (the mix kept). Returns
    the projection of those values, as the form holds them (rounded to the
    field's places), and whether any value was applied: the form then holds
    values not saved."""
    base = selectors.engine_input(scenario, lines)
    by_key = {form.line.category.slug: form for form in line_forms}
    applied = []
    for item in request.GET.getlist("apply")[:4]:
        key, _, raw = item.partition("=")
        try:
            varied = analysis.AnalysisInput.parse(key, base)
            value = float(raw)
            low, high = varied.bounds
            if not low <= value <= high:
                raise ValueError
        except (ValueError, analysis.AnalysisInputError):
            messages.error(
                request, "Some values from the analysis could not be used; the saved ones are shown."
            )
            continue
        declared = varied.input
        exact = varied.applied(base, value)
        if declared.per_component:
            targets = [
                (by_key[c.key], analysis.AnalysisInput(declared, c.key), getattr(c, declared.engine))
                for c in exact.components
                if varied.every or c.key == varied.component
            ]
        else:
            targets = [(scenario_form, varied, getattr(exact, declared.engine))]
        for form, one, found in targets:
            if declared.whole:
                shown = number = round(found)
            else:
                shown = Decimal(f"{found:.{declared.decimal_places}f}")
                number = float(shown)
            form.initial[declared.name] = shown
            base = one.applied(base, number)
        applied.append(varied.label(base))
    if applied:
        messages.info(request, f"From the analysis: {', '.join(applied)}. Not saved until you press Save.")
    return engine.project(base), bool(applied)


@require_http_methods(["GET", "POST"])
def scenario_edit(request, pk):
    scenario = get_editable_scenario(request, pk)
    if request.method == "GET":
        scenario_form, line_forms, lines = _editor(request, scenario)
        projection, applied = _apply_from_analysis(request, scenario, scenario_form, line_forms, lines)
        return _render_editor(
            request, scenario, scenario_form, line_forms, projection, extra={"unsaved": applied}
        )

    scenario_form, line_forms, lines = _editor(request, scenario, request.POST)
    if editor_valid(scenario_form, line_forms):
        cleaned = scenario_form.cleaned_data
        try:
            editor_save(scenario, scenario_form, line_forms, user=request.user)
        except services.StaleEdit as stale:
            return _render_conflict(request, pk, stale.base_version, (scenario_form, line_forms))
        messages.success(request, f"Saved “{cleaned['name']}” as version {scenario.version}.")
        return redirect(scenario)
    return _render_editor(
        request,
        scenario,
        scenario_form,
        line_forms,
        _saved_projection(scenario, lines),
        extra={"unsaved": True},  # refused: the form holds what was posted
    )


def _render_conflict(request, pk, base_version, edit_forms):
    """The edit started from an older version: show what the other person
    changed, and put this user's own changes on top of the newer version in
    the form, so saving again keeps both."""
    current = get_editable_scenario(request, pk)
    lines = selectors.lines_of(current)
    base = ScenarioVersion.objects.filter(scenario=current, number=base_version).first()
    latest = current.versions.select_related("saved_by").first()
    scenario_form, line_forms, _ = _editor(request, current)
    if base is None:  # no record of the starting point: keep everything this user posted
        data = request.POST.copy()
    else:
        data = as_post_data([scenario_form, *line_forms]) | changed_since(base.inputs, *edit_forms)
        data["message"] = request.POST.get("message", "")
    data["base_version"] = str(current.version)
    scenario_form, line_forms, _ = _editor(request, current, data)
    editor_valid(scenario_form, line_forms)
    context = {
        "conflict": {
            "changes": snapshots.changes(base.inputs, snapshots.take(current, lines)) if base else None,
            "latest": latest,
            "base_version": base_version,
        },
        "unsaved": True,  # this user's changes, on top of the newer version
    }
    return _render_editor(
        request,
        current,
        scenario_form,
        line_forms,
        selectors.project(current, lines),
        status=409,
        extra=context,
    )


@require_POST
@vary_on_headers("HX-Request")
def scenario_preview(request, pk):
    """Recalculate from the unsaved form. htmx gets the results fragment (and
    field errors out of band); a plain POST gets the whole editor."""
    scenario = get_editable_scenario(request, pk, related=False)
    scenario_form, line_forms, lines = _editor(request, scenario, request.POST)
    valid = editor_valid(scenario_form, line_forms)
    if valid:
        projection = engine.project(engine_input_from_forms(scenario_form, line_forms))
    else:
        projection = _saved_projection(scenario, lines)
    if not request.htmx:
        return _render_editor(
            request, scenario, scenario_form, line_forms, projection, extra={"unsaved": True}
        )
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


def csv_response(scenario, table=components_table, suffix=""):
    """The scenario's projection as one CSV table: its components, or (value_table) what it is worth."""
    projection = selectors.project(scenario, selectors.lines_of(scenario))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = slugify(scenario.name) or f"scenario-{scenario.pk}"
    response["Content-Disposition"] = f'attachment; filename="{filename}{suffix}.csv"'
    write_csv(table(projection), response)
    return response


@require_GET
def scenario_export_csv(request, pk):
    return csv_response(get_visible_scenario(request, pk))


@require_GET
def scenario_export_value_csv(request, pk):
    return csv_response(get_visible_scenario(request, pk), value_table, "-value")


@require_GET
def scenario_export_xlsx(request, pk):
    scenario = get_visible_scenario(request, pk)
    lines = selectors.lines_of(scenario)
    workbook = write_workbook(projection_tables(scenario, lines, selectors.project(scenario, lines)))
    response = HttpResponse(
        workbook, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = slugify(scenario.name) or f"scenario-{scenario.pk}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


@require_POST
@limits.limit_writes("clone")
def scenario_clone(request, pk):
    source = get_visible_scenario(request, pk)
    copy = services.scenario_clone(source=source, owner=request.user, ip=audit.client_ip(request))
    messages.success(request, f"Cloned “{source.name}” as “{copy.name}”, private to you.")
    return redirect("scenarios:edit", copy.pk)


@require_http_methods(["GET", "POST"])
def scenario_delete(request, pk):
    scenario = get_owned_scenario(request, pk)
    if request.method == "POST":
        name = scenario.name
        services.scenario_delete(scenario=scenario, user=request.user, ip=audit.client_ip(request))
        messages.success(request, f"Deleted “{name}”.")
        return redirect("scenarios:list")
    return render(request, "scenarios/scenario_confirm_delete.html", {"scenario": scenario})


@require_GET
def scenario_history(request, pk):
    scenario = get_visible_scenario(request, pk)
    versions = scenario.versions.select_related("saved_by")
    is_owner = scenario.owner_id == request.user.pk
    return render(
        request,
        "scenarios/scenario_history.html",
        {
            "scenario": scenario,
            "versions": versions,
            "can_edit": scenario.can_edit(request.user),
            "audit_events": scenario.audit.all()[:100] if is_owner else None,
        },
    )


@require_POST
def scenario_restore(request, pk, number):
    scenario = get_editable_scenario(request, pk)
    version = get_object_or_404(ScenarioVersion, scenario=scenario, number=number)
    try:
        base_version = int(request.POST.get("base_version", ""))
    except ValueError:
        base_version = scenario.version
    try:
        services.scenario_restore(
            scenario=scenario,
            version=version,
            user=request.user,
            base_version=base_version,
            ip=audit.client_ip(request),
        )
    except services.StaleEdit:
        messages.error(
            request, "Someone saved this scenario while you were looking; nothing was restored. Try again."
        )
        return redirect("scenarios:history", pk)
    messages.success(request, f"Restored version {number} as version {scenario.version}.")
    return redirect("scenarios:history", pk)
