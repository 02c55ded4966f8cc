"""The analysis page: sensitivity heatmap, tornado, goal seek and Monte Carlo.

Each tool is a GET form (its address is the analysis, and nothing is saved);
htmx swaps in one tool's fragment, a plain request gets the whole page.
"""

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from modelling import analysis, engine
from modelling import scenario_figures as charts

from .. import selectors, services
from ..access import get_editable_scenario, get_visible_scenario
from ..forms.analysis import GoalSeekForm, MonteCarloForm, SensitivityForm, TornadoForm

TOOLS = ("sensitivity", "tornado", "goal", "montecarlo")


def apply_url(scenario, values):
    """The editor with these inputs ({AnalysisInput: value}) filled in, unsaved."""
    query = urlencode([("apply", f"{varied.key}={value:.10g}") for varied, value in values.items()])
    return f"{reverse('scenarios:edit', args=[scenario.pk])}?{query}"


def _bound(form_class, request, tool, **kwargs):
    kwargs["auto_id"] = f"id_{tool}_%s"  # four forms on one page: ids must not repeat
    if request.GET.get("tool") == tool:
        return form_class(request.GET, **kwargs)
    form = form_class(**kwargs)
    form.is_bound = True
    form.data = {name: form.get_initial_for_field(field, name) for name, field in form.fields.items()}
    return form


def sensitivity(request, scenario, base):
    form = _bound(SensitivityForm, request, "sensitivity", scenario=base)
    grid = form.run() if form.is_valid() else None
    context = {"form": form, "grid": grid}
    if grid:
        x_label, y_label = grid.x.label(base), grid.y.label(base)
        context.update(
            figure=charts.sensitivity_heatmap(grid, x_label, y_label),
            x_label=x_label,
            y_label=y_label,
            # static/js/app.js fills {x} and {y} from the clicked cell.
            click_template=(
                f"{reverse('scenarios:edit', args=[scenario.pk])}"
                f"?apply={quote(grid.x.key + '=')}{{x}}&apply={quote(grid.y.key + '=')}{{y}}"
            ),
            rows=list(zip(grid.y_values, grid.cumulative, strict=True)),
        )
    return context


def tornado(request, scenario, base):
    form = _bound(TornadoForm, request, "tornado")
    context = {"form": form}
    if form.is_valid():
        bars = analysis.tornado(base, form.cleaned_data["swing_pct"])
        labels = {bar.input: bar.input.label(base) for bar in bars}
        base_result = engine.project(base).cumulative_revenue
        context.update(
            bars=[(labels[bar.input], bar) for bar in bars],
            figure=charts.tornado_chart(bars, labels, base_result),
            base_result=base_result,
        )
    return context


def goal(request, scenario, base):
    form = _bound(GoalSeekForm, request, "goal", scenario=base)
    context = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = analysis.goal_seek(base, data["name"], data["target_usd"], year=data["year"])
        except analysis.AnalysisInputError as error:
            form.add_error(None, error.message)
        else:
            context.update(
                result=result,
                label=result.input.label(base),
                apply=apply_url(scenario, {result.input: result.value}) if result.reached else None,
            )
    return context


def montecarlo(request, scenario, base):
    form = _bound(MonteCarloForm, request, "montecarlo", scenario=base, saved=scenario.monte_carlo)
    context = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = analysis.monte_carlo(
                base, form.ranges(), draws=data["draws"], seed=data["seed"], target=data["target_usd"]
            )
        except analysis.AnalysisInputError as error:
            form.add_error(None, error.message)
        else:
            context.update(
                result=result,
                fan=charts.monte_carlo_fan(result),
                histogram=charts.monte_carlo_histogram(result),
                percentiles=list(zip(result.years, result.p10, result.p50, result.p90, strict=True)),
            )
    return context


BUILDERS = {"sensitivity": sensitivity, "tornado": tornado, "goal": goal, "montecarlo": montecarlo}


@require_GET
@vary_on_headers("HX-Request")
def scenario_analysis(request, pk):
    scenario = get_visible_scenario(request, pk)
    base = selectors.engine_input(scenario, selectors.lines_of(scenario))
    tool = request.GET.get("tool")
    context = {"scenario": scenario, "can_edit": scenario.can_edit(request.user)}
    if request.htmx and tool in BUILDERS:
        context[tool] = BUILDERS[tool](request, scenario, base)
        return render(request, f"scenarios/analysis.html#{tool}", context)
    context.update({name: build(request, scenario, base) for name, build in BUILDERS.items()})
    return render(request, "scenarios/analysis.html", context)


@require_POST
def save_ranges(request, pk):
    """Keep the Monte Carlo ranges with the scenario (a new version), so they
    appear in compare and history."""
    scenario = get_editable_scenario(request, pk)
    base = selectors.engine_input(scenario, selectors.lines_of(scenario))
    form = MonteCarloForm(request.POST, scenario=base, auto_id="id_montecarlo_%s")
    if not form.is_valid():
        messages.error(request, "The ranges were not saved: fix the highlighted fields and run them first.")
        return redirect(
            f"{reverse('scenarios:analysis', args=[pk])}?{request.POST.urlencode()}#tool-montecarlo"
        )
    try:
        base_version = int(request.POST.get("base_version", scenario.version))
        services.monte_carlo_ranges_save(
            scenario=scenario, ranges=form.as_saved(), user=request.user, base_version=base_version
        )
    except (ValueError, services.StaleEdit):
        messages.error(
            request, "Someone saved this scenario meanwhile; the ranges were not saved. Try again."
        )
    else:
        messages.success(
            request, f"Monte Carlo ranges saved with the scenario as version {scenario.version}."
        )
    return redirect(f"{reverse('scenarios:analysis', args=[pk])}#tool-montecarlo")
