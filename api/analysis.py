"""Comparisons with their bridges, and the analysis tools, through the API: the
same selectors, forms and bounds as the compare and analysis pages."""

import numpy as np
from ninja import Router
from ninja.errors import HttpError

from modelling import bridge_section, compare, engine
from scenarios import selectors
from scenarios.access import get_visible_scenario
from scenarios.forms.analysis import GoalSeekForm, MonteCarloForm, SensitivityForm, TornadoForm, with_defaults
from scenarios.views.analysis import apply_url

from .errors import Invalid
from .schemas import (
    ERRORS,
    AnalysisRequest,
    Comparison,
    GoalSeek,
    Heatmap,
    MonteCarlo,
    Tornado,
    plain_value,
)

router = Router(tags=["Compare and analyse"])


def _row(row):
    return {
        "section": row.section,
        "key": row.key,
        "label": row.label,
        "cells": [
            {
                "value": plain_value(cell.value),
                "difference": None if cell.difference is None else float(cell.difference),
                "difference_pct": cell.difference_pct,
                "differs": cell.differs,
            }
            for cell in row.cells
        ],
    }


@router.get("/compare", response={200: Comparison, **ERRORS}, summary="Compare 2 to 6")
def comparison(request, ids: str, bridge: str = "revenue", bridge_year: str = ""):
    """`ids` as on the compare page: "3,7,9", or "7v2" for version 2 of scenario 7; the
    first is the reference. Every input and result with its difference from the
    reference, and the bridge (revenue, ebit or npv, over every year or one) from the
    reference to each other item, its steps adding up to the difference."""
    try:
        wanted = compare.parse_ids([ids])
    except compare.CompareRequestError as error:
        raise HttpError(400, str(error)) from error
    items = selectors.comparison_items(request.user, wanted)
    if len(items) < compare.MIN_ITEMS:
        raise HttpError(400, "Give at least two scenarios to compare.")
    section = bridge_section.section(items, bridge, bridge_year)
    return {
        "items": [
            {
                "token": item.token,
                "label": item.label,
                "scenario": item.key[0],
                "version": item.version_number,
            }
            for item in items
        ],
        "rows": [_row(row) for row in (*compare.input_rows(items), *compare.output_rows(items))],
        "bridges": [
            {
                "reference": pair.reference,
                "other": pair.other,
                "metric": section.metric,
                "year": section.year,
                "currency": pair.bridge.currency,
                "start": pair.bridge.start,
                "end": pair.bridge.end,
                "steps": [{"label": step.label, "amount": step.amount} for step in pair.bridge.steps],
            }
            for pair in section.pairs
        ],
        "bridge_error": section.error,
    }


def _scenario_and_base(request, pk):
    scenario = get_visible_scenario(request, pk)
    return scenario, selectors.engine_input(scenario, selectors.lines_of(scenario))


def _run(form_class, params, *run_args, **kwargs):
    """The tool's result from its page form, with the page's defaults under params;
    the form's errors, and the tool's own refusals beside their fields, a 400."""
    given = {name: "" if value is None else str(value) for name, value in params.items()}
    form = with_defaults(form_class, given, **kwargs)
    result = form.run(*run_args) if form.is_valid() else None
    if result is None:
        raise Invalid.of(form, detail="Some values were refused: see each field's message.")
    return form, result


@router.post("/scenarios/{pk}/analysis/heatmap", response={200: Heatmap, **ERRORS}, summary="Heatmap")
def heatmap(request, pk: int, body: AnalysisRequest):
    """The metric over a grid of two inputs (the page's sensitivity form: `x_name`,
    `x_low`, `x_high`, `y_name`, `y_low`, `y_high`, `steps`, `metric`)."""
    scenario, base = _scenario_and_base(request, pk)
    _, grid = _run(SensitivityForm, body.params, scenario=base)
    return {
        "metric": grid.metric.code,
        "currency": base.currency,
        "x": {"key": grid.x.key, "label": grid.x.label(base), "values": list(grid.x_values)},
        "y": {"key": grid.y.key, "label": grid.y.label(base), "values": list(grid.y_values)},
        "results": [[float(value) for value in row] for row in grid.results],
    }


@router.post("/scenarios/{pk}/analysis/tornado", response={200: Tornado, **ERRORS}, summary="Tornado")
def tornado(request, pk: int, body: AnalysisRequest):
    """The metric with each input moved by ± `swing_pct` (default 20), largest swing first."""
    scenario, base = _scenario_and_base(request, pk)
    form, bars = _run(TornadoForm, body.params, base)
    metric = form.cleaned_data["metric"]
    return {
        "metric": metric.code,
        "currency": base.currency,
        "base_result": metric.of(engine.project(base)),
        "bars": [
            {
                "key": bar.input.key,
                "label": bar.input.label(base),
                "low_value": bar.low_input,
                "high_value": bar.high_input,
                "low_result": bar.low_result,
                "high_result": bar.high_result,
                "swing": bar.swing,
            }
            for bar in bars
        ],
    }


@router.post("/scenarios/{pk}/analysis/goal-seek", response={200: GoalSeek, **ERRORS}, summary="Goal seek")
def goal_seek(request, pk: int, body: AnalysisRequest):
    """The value of one input (`name`) at which the metric reaches `target_usd` (typed
    as people write money: "15.5B"), over every year or one (`year`)."""
    scenario, base = _scenario_and_base(request, pk)
    _, result = _run(GoalSeekForm, body.params, scenario=base)
    varied = result.input
    found = result.answer(base)
    if not result.reached:
        low, high = (varied.amount(bound) for bound in varied.bounds)
        found = f"Out of reach between {low} and {high}: {found[0].lower()}{found[1:]} comes closest"
    return {
        "metric": result.metric.code,
        "currency": base.currency,
        "key": varied.key,
        "reached": result.reached,
        "value": result.value,
        "result": result.result,
        "target": result.target,
        "answer": found,
        "apply_url": apply_url(scenario, {varied: result.value}) if result.reached else None,
    }


@router.post(
    "/scenarios/{pk}/analysis/monte-carlo", response={200: MonteCarlo, **ERRORS}, summary="Monte Carlo"
)
def monte_carlo(request, pk: int, body: AnalysisRequest):
    """P10, P50 and P90 of the metric per year over `draws` draws (seeded by `seed`) of
    the page's ranges (`volume_low`, `volume_mode`, `volume_high`, ...; the ranges saved
    with the scenario, else the page's defaults), and the chance of reaching `target_usd`."""
    scenario, base = _scenario_and_base(request, pk)
    _, result = _run(MonteCarloForm, body.params, scenario=base, saved=scenario.monte_carlo)
    p10, p50, p90 = (float(value) for value in np.percentile(result.totals, [10, 50, 90]))
    return {
        "metric": result.metric.code,
        "currency": base.currency,
        "draws": result.draws,
        "seed": result.seed,
        "years": list(result.years),
        "p10": [float(v) for v in result.p10],
        "p50": [float(v) for v in result.p50],
        "p90": [float(v) for v in result.p90],
        "total_p10": p10,
        "total_p50": p50,
        "total_p90": p90,
        "mean": float(result.totals.mean()),
        "target": result.target,
        "probability_above_target": result.probability_above_target,
    }
