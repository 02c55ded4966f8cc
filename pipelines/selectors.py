"""Reading a pipeline: its deals and cases with their scenarios, projected, in a
fixed number of queries, and the combined result (modelling/pipeline.py)."""

from django.db.models import Prefetch

from companies.evidence import evidence_classes
from companies.models import Fact
from modelling import currency, engine, inputs, snapshots
from modelling.evidence import projection_coverage, weighted_coverage
from modelling.exposure import Reported, exposure
from modelling.pipeline import Case, Deal, combine
from modelling.pipeline_monte_carlo import RangedCase, RangedDeal, ranges_from_saved
from scenarios.models import ComponentLine, Scenario

from .models import LOWEST, WHOLE, DealCase, Pipeline


def deals_of(pipeline):
    """The pipeline's deals, each with .case_list: its cases, each with its
    scenario (customer, supplier group and lines loaded). Four queries."""
    scenarios = Scenario.objects.select_related("customer", "supplier_group").prefetch_related(
        Prefetch("lines", queryset=ComponentLine.objects.for_snapshots())
    )
    cases = DealCase.objects.prefetch_related(Prefetch("scenario", queryset=scenarios))
    deals = list(pipeline.deals.prefetch_related(Prefetch("cases", queryset=cases, to_attr="case_list")))
    return deals


def project_case(case):
    """The case's scenario projected, once per loaded case (the page's figures and
    its evidence coverage read the same projection)."""
    if not hasattr(case, "projection"):
        scenario = case.scenario
        case.projection = engine.project(
            inputs.engine_input(snapshots.take(scenario, list(scenario.lines.all())))
        )
    return case.projection


def result_of(deals):
    """The pipeline's modelling.pipeline.PipelineResult, each case projected once."""
    model_deals = []
    for deal in deals:
        model_deals.append(
            Deal(
                name=deal.name,
                probability=float(deal.probability_pct) / 100,
                cases=tuple(
                    Case(
                        label=case.label or case.scenario.name,
                        weight=float(case.weight_pct) / 100,
                        customer=case.scenario.customer.name,
                        projection=project_case(case),
                    )
                    for case in deal.case_list
                ),
            )
        )
    return combine(model_deals)


def coverage_of(deals):
    """How much of the pipeline's expected revenue rests on relationships known to
    exist (modelling.evidence.Coverage): each case's coverage for its own customer,
    weighted by the deal's probability × the case's weight. One query per customer."""
    cases = [(deal, case) for deal in deals for case in deal.case_list]
    by_customer = {}
    for _, case in cases:
        by_customer.setdefault(case.scenario.customer_id, set()).update(
            (line.category_id, line.supplier_id) for line in case.scenario.lines.all()
        )
    classes = {
        customer: evidence_classes(customer=customer, pairs=pairs) for customer, pairs in by_customer.items()
    }
    parts = []
    for deal, case in cases:
        scenario = case.scenario
        known = classes[scenario.customer_id]
        by_line = {
            line.category.slug: known[(line.category_id, line.supplier_id)] for line in scenario.lines.all()
        }
        factor = float(deal.probability_pct) / 100 * float(case.weight_pct) / 100
        parts.append((factor, projection_coverage(project_case(case), by_line)))
    return weighted_coverage(parts)


def weights_off(deals):
    """Deals whose weights no longer add up to 100% (a case's scenario was
    deleted since), as [(deal, total)], for the page to ask for new weights."""
    off = []
    for deal in deals:
        total = sum((case.weight_pct for case in deal.case_list), start=LOWEST)
        if deal.case_list and total != WHOLE:
            off.append((deal, total))
    return off


def pipelines_for_adding(user):
    """The pipelines user may add deals to, with their deals, for the scenario
    page's "Add to a pipeline" form."""
    owned_or_editor = Pipeline.objects.filter(owner=user) | Pipeline.objects.filter(
        shares__user=user, shares__can_edit=True
    )
    return list(owned_or_editor.distinct().prefetch_related("deals").order_by("name"))


def ranged_deals(deals):
    """The deals for modelling.pipeline_monte_carlo: each case's engine input and
    the Monte Carlo ranges saved with its scenario."""
    ranged = []
    for deal in deals:
        cases = []
        for case in deal.case_list:
            scenario = case.scenario
            engine_input = inputs.engine_input(snapshots.take(scenario, list(scenario.lines.all())))
            ranges = ranges_from_saved(scenario.monte_carlo, engine_input)
            cases.append(RangedCase(float(case.weight_pct) / 100, engine_input, ranges))
        ranged.append(RangedDeal(float(deal.probability_pct) / 100, tuple(cases)))
    return ranged


REVENUE_METRIC = "revenue"  # the Fact metric of a company's reported annual revenue


def reported_revenues(affiliates):
    """{affiliate name: exposure.Reported}: each affiliate's latest reported
    annual revenue (a Fact with metric "revenue" whose unit is a currency code),
    converted to US dollars at its currency's rate path for that year."""
    facts = (
        Fact.objects.filter(company__name__in=list(affiliates), metric=REVENUE_METRIC, value__isnull=False)
        .exclude(year=None)
        .select_related("company")
        .order_by("company__name", "-year")
    )
    found = {}
    for fact in facts:
        name, code = fact.company.name, fact.unit.upper()
        if name in found or code not in currency.CURRENCIES:
            continue
        rate = currency.rate_path(code, [fact.year])[fact.year]
        found[name] = Reported(float(fact.value) / rate, fact.year, float(fact.value), code)
    return found


def exposure_of(result):
    return exposure(result, reported_revenues(result.by_affiliate))
