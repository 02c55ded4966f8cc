"""Pipelines through the API: the list, one pipeline's expected figures, and a
deal's probability and weights, by the pipelines' own selectors, forms and
services (pipelines/)."""

from django.db.models import Count
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from pipelines import selectors
from pipelines.access import get_editable_pipeline, get_visible_pipeline
from pipelines.forms import DealTermsForm
from pipelines.models import Deal, Pipeline
from scenarios import audit

from .errors import Invalid
from .schemas import ERRORS, Number, PipelineOut, PipelineSummary

router = Router(tags=["Pipelines"])


@router.get(
    "/pipelines", response={200: list[PipelineSummary], **ERRORS}, summary="The pipelines you can see"
)
def pipeline_list(request):
    pipelines = (
        Pipeline.objects.visible_to(request.user)
        .select_related("owner")
        .annotate(deal_count=Count("deals", distinct=True))
        .order_by("name", "pk")
    )
    return [
        {
            "id": p.pk,
            "name": p.name,
            "owner": p.owner.get_username(),
            "visibility": p.visibility,
            "deals": p.deal_count,
        }
        for p in pipelines
    ]


def pipeline_out(request, pipeline):
    deals = selectors.deals_of(pipeline)
    result = selectors.result_of(deals)
    return {
        "id": pipeline.pk,
        "name": pipeline.name,
        "description": pipeline.description,
        "owner": pipeline.owner.get_username(),
        "visibility": pipeline.visibility,
        "can_edit": pipeline.can_edit(request.user),
        "years": list(result.years),
        "expected_revenue_usd": list(result.expected_revenue),
        "expected_ebit_usd": list(result.expected_ebit),
        "all_won_revenue_usd": list(result.all_won_revenue),
        "all_won_ebit_usd": list(result.all_won_ebit),
        "expected_npv_usd": result.expected_npv,
        "all_won_npv_usd": result.all_won_npv,
        "by_customer": {name: list(values) for name, values in result.by_customer.items()},
        "by_affiliate": {name: list(values) for name, values in result.by_affiliate.items()},
        "by_component": {name: list(values) for name, values in result.by_component.items()},
        "deals": [
            {
                "id": deal.pk,
                "name": deal.name,
                "probability_pct": deal.probability_pct,
                "cases": [
                    {
                        "id": case.pk,
                        "label": case.label,
                        "weight_pct": case.weight_pct,
                        "scenario": case.scenario_id,
                        "scenario_name": case.scenario.name,
                        "customer": case.scenario.customer.name,
                    }
                    for case in deal.case_list
                ],
                "expected_revenue_usd": figures.expected_revenue,
                "all_won_revenue_usd": figures.all_won_revenue,
                "expected_npv_usd": figures.expected_npv,
            }
            for deal, figures in zip(deals, result.deals, strict=True)
        ],
    }


@router.get("/pipelines/{pk}", response={200: PipelineOut, **ERRORS}, summary="A pipeline's expected figures")
def pipeline_detail(request, pk: int):
    """Expected and if-all-won revenue and EBIT by calendar year, NPV, and expected
    revenue by customer, affiliate and component, all in US dollars; each deal with its
    probability, cases and weights."""
    return pipeline_out(request, get_visible_pipeline(request, pk))


class DealTerms(Schema):
    probability_pct: Number
    weights: dict[str, Number] = {}  # {case id: percent}; every case's, adding up to 100


@router.patch(
    "/pipelines/{pk}/deals/{deal_pk}",
    response={200: PipelineOut, **ERRORS},
    summary="A deal's win probability and its cases' weights",
)
def deal_terms(request, pk: int, deal_pk: int, terms: DealTerms):
    pipeline = get_editable_pipeline(request, pk)
    deal = get_object_or_404(Deal, pk=deal_pk, pipeline=pipeline)
    cases = list(deal.cases.select_related("scenario").order_by("pk"))
    prefix = f"deal-{deal.pk}"
    data = {f"{prefix}-probability_pct": str(terms.probability_pct)}
    data.update({f"{prefix}-weight_{case_id}": str(weight) for case_id, weight in terms.weights.items()})
    form = DealTermsForm(data, deal=deal, cases=cases)
    if not (form.is_valid() and form.save(user=request.user, ip=audit.client_ip(request))):
        raise Invalid.of(form)
    return Status(200, pipeline_out(request, pipeline))
