"""The analysis page: sensitivity heatmap, tornado, goal seek and Monte Carlo.

Each tool is a GET form (its address is the analysis, and nothing is saved);
htmx swaps in one tool's fragment, a plain request gets the whole page. The
whole page runs no tool but the one its address names: the others arrive as
forms that submit themselves once the page has painted (`hx-trigger="load"`),
so the page is on screen before 10,000 Monte Carlo draws are made, and without
JavaScript each form's button runs its tool.

Each tool measures the target its form names (cumulative revenue, cumulative
EBIT or NPV), in the scenario's reporting currency.
"""

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from core.formatting import format_money
from modelling import currency, engine
from modelling import scenario_figures as charts

from .. import selectors, services
from ..access import get_editable_scenario, get_visible_scenario
from ..forms.analysis import GoalSeekForm, MonteCarloForm, SensitivityForm, TornadoForm, with_defaults


def apply_url(scenario, values):
    """The editor with these inputs ({AnalysisInput: value}) filled in, unsaved; each
    value at full precision (the shortest text that reads back as the same float)."""
    query = urlencode([("apply", f"{varied.key}={float(value)!r}") for varied, value in values.items()])
    return f"{reverse('scenarios:edit', args=[scenario.pk])}?{query}"


def _bound(form_class, request, tool, **kwargs):
    kwargs["auto_id"] = f"id_{tool}_%s"  # four forms on one page: ids must not repeat
    if request.GET.get("tool") == tool:
        return form_class(request.GET, **kwargs)
    return with_defaults(form_class, **kwargs)


def _money(base):
    """Format an amount in the scenario's reporting currency: $1.23B, 1.74T KRW."""
    return lambda amount: format_money(amount, base.currency)


def _reporting(base):
    return currency.CURRENCIES[base.currency]


def _measured(metric, base):
    """What a tool's results are, for captions: "Cumulative EBIT, US dollars"."""
    return {"metric": metric, "title": metric.title(_reporting(base))}


def sensitivity(form, scenario, base):
    grid = form.run() if form.is_valid() else None
    context = {"grid": grid}
    if grid:
        x_label, y_label = grid.x.label(base), grid.y.label(base)
        money = _money(base)
        measured = _measured(grid.metric, base)
        context.update(
            measured,
            figure=charts.sensitivity_heatmap(grid, x_label, y_label, _reporting(base)),
            x_label=x_label,
            y_label=y_label,
            # static/js/app.js fills {x} and {y} from the clicked cell.
            click_template=(
                f"{reverse('scenarios:edit', args=[scenario.pk])}"
                f"?apply={quote(grid.x.key + '=')}{{x}}&apply={quote(grid.y.key + '=')}{{y}}"
            ),
            rows=[
                (y, [money(value) for value in row])
                for y, row in zip(grid.y_values, grid.results, strict=True)
            ],
        )
    return context


def tornado(form, scenario, base):
    context = {}
    bars = form.run(base) if form.is_valid() else None
    if bars is not None:
        metric = form.cleaned_data["metric"]
        labels = {bar.input: bar.input.label(base) for bar in bars}
        base_result = metric.of(engine.project(base))
        money = _money(base)
        measured = _measured(metric, base)
        context.update(
            measured,
            bars=[(labels[bar.input], bar) for bar in bars],
            # the table's rows: label, the bar, its two results and its swing, formatted
            rows=[
                (labels[bar.input], bar, money(bar.low_result), money(bar.high_result), money(bar.swing))
                for bar in bars
            ],
            figure=charts.tornado_chart(bars, labels, base_result, metric, _reporting(base)),
            base_result=base_result,
            base_text=money(base_result),
        )
    return context


def goal(form, scenario, base):
    context = {}
    result = form.run() if form.is_valid() else None
    if result is not None:
        money = _money(base)
        metric = result.metric
        varied = result.input
        low, high = varied.bounds
        context.update(
            _measured(metric, base),
            result=result,
            answer=result.answer(base),
            # each component's own value, when every component's moves
            each=[(name, varied.amount(value)) for name, value in varied.each(base, result.value)],
            bounds=f"{varied.amount(low)} to {varied.amount(high)}",
            measure=metric.measured(result.year),
            target=money(result.target),
            reached_value=money(round(result.result)),  # to the unit: not "-0" for -0.3
            apply=apply_url(scenario, {varied: result.value}) if result.reached else None,
        )
    return context


def montecarlo(form, scenario, base):
    context = {}
    result = form.run() if form.is_valid() else None
    if result is not None:
        money = _money(base)
        reporting = _reporting(base)
        context.update(
            _measured(result.metric, base),
            result=result,
            yearly_title=f"{result.metric.yearly_label} per year, {reporting.name}",
            target=money(result.target) if result.target is not None else None,
            fan=charts.monte_carlo_fan(result, money=reporting),
            histogram=charts.monte_carlo_histogram(result, money=reporting),
            percentiles=[
                (year, *(money(value) for value in values))
                for year, *values in zip(result.years, result.p10, result.p50, result.p90, strict=True)
            ],
        )
    return context


BUILDERS = {"sensitivity": sensitivity, "tornado": tornado, "goal": goal, "montecarlo": montecarlo}


def tool_form(tool, request, scenario, base):
    if tool == "tornado":
        return _bound(TornadoForm, request, tool)
    if tool == "montecarlo":
        return _bound(MonteCarloForm, request, tool, scenario=base, saved=scenario.monte_carlo)
    form_class = SensitivityForm if tool == "sensitivity" else GoalSeekForm
    return _bound(form_class, request, tool, scenario=base)


def tool_context(tool, request, scenario, base, *, run):
    """One tool's part of the page: its form, and its results when run (else it loads itself)."""
    form = tool_form(tool, request, scenario, base)
    if not run:
        return {"form": form, "pending": True}
    return {"form": form, **BUILDERS[tool](form, scenario, base)}


@require_GET
@vary_on_headers("HX-Request")
def scenario_analysis(request, pk):
    scenario = get_visible_scenario(request, pk)
    base = selectors.engine_input(scenario, selectors.lines_of(scenario))
    tool = request.GET.get("tool")
    context = {"scenario": scenario, "can_edit": scenario.can_edit(request.user)}
    if request.htmx and tool in BUILDERS:
        context[tool] = tool_context(tool, request, scenario, base, run=True)
        return render(request, f"scenarios/analysis.html#{tool}", context)
    context.update({name: tool_context(name, request, scenario, base, run=name == tool) for name in BUILDERS})
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
