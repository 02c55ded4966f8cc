"""Every write to a pipeline, each in one transaction and each logged on the
audit logger. Views and the seed call these; nothing else writes pipelines."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from scenarios import audit
from scenarios.services import unique_name

from .models import Deal, DealCase, Pipeline, PipelineShare, check_weights, rescaled, split_evenly


def _log(action, pipeline, user, ip, **detail):
    audit.record(action, user=user, ip=ip, pipeline_id=pipeline.pk, pipeline=pipeline.name, **detail)


@transaction.atomic
def pipeline_create(*, owner, name, description="", ip=None):
    pipeline = Pipeline.objects.create(
        owner=owner,
        name=unique_name(owner, name, among=Pipeline.objects.filter(owner=owner)),
        description=description,
    )
    _log("pipeline_created", pipeline, owner, ip)
    return pipeline


@transaction.atomic
def pipeline_update(*, pipeline, user, name, description, ip=None):
    pipeline.name, pipeline.description = name, description
    pipeline.full_clean()
    pipeline.save()
    _log("pipeline_updated", pipeline, user, ip)
    return pipeline


@transaction.atomic
def pipeline_delete(*, pipeline, user, ip=None):
    _log("pipeline_deleted", pipeline, user, ip)
    pipeline.delete()


@transaction.atomic
def pipeline_visibility_set(*, pipeline, user, visibility, ip=None):
    pipeline.visibility = visibility
    pipeline.save(update_fields=["visibility", "updated_at"])
    _log("pipeline_visibility_set", pipeline, user, ip, visibility=visibility)


@transaction.atomic
def pipeline_share(*, pipeline, user, with_user, can_edit, ip=None):
    share, _ = PipelineShare.objects.update_or_create(
        pipeline=pipeline, user=with_user, defaults={"can_edit": can_edit}
    )
    _log("pipeline_shared", pipeline, user, ip, with_user=with_user.get_username(), can_edit=can_edit)
    return share


@transaction.atomic
def pipeline_unshare(*, share, user, ip=None):
    _log("pipeline_unshared", share.pipeline, user, ip, with_user=share.user.get_username())
    share.delete()


def _touch(pipeline):
    pipeline.save(update_fields=["updated_at"])


@transaction.atomic
def deal_add(*, pipeline, scenario, user, probability_pct, name="", label="", ip=None):
    """A new deal of one case, scenario, at weight 100%. The caller has checked
    that user may see scenario (pipelines/views.py, through scenarios.access)."""
    deal = Deal(pipeline=pipeline, name=name or scenario.name, probability_pct=probability_pct)
    deal.full_clean()
    deal.save()
    DealCase.objects.create(deal=deal, scenario=scenario, label=label, weight_pct=Decimal("100"))
    _touch(pipeline)
    _log("deal_added", pipeline, user, ip, deal=deal.name, case_scenario=scenario.pk)
    return deal


@transaction.atomic
def case_add(*, deal, scenario, user, label="", ip=None):
    """scenario as one more case of deal; the weights are split evenly again,
    for the user to set in the deal's row."""
    if deal.cases.filter(scenario=scenario).exists():
        raise ValidationError("That scenario is already a case of this deal.", code="duplicate")
    case = DealCase.objects.create(deal=deal, scenario=scenario, label=label, weight_pct=Decimal("0"))
    cases = list(deal.cases.order_by("pk"))
    for each, weight in zip(cases, split_evenly(len(cases)), strict=True):
        each.weight_pct = weight
    DealCase.objects.bulk_update(cases, ["weight_pct"])
    _touch(deal.pipeline)
    _log("case_added", deal.pipeline, user, ip, deal=deal.name, case_scenario=scenario.pk)
    return case


@transaction.atomic
def deal_terms_set(*, deal, user, probability_pct, weights, name=None, ip=None):
    """The deal's win probability and its cases' weights ({case pk: percent}),
    together, since the weights are only right when they add up to 100%."""
    cases = list(deal.cases.order_by("pk"))
    if set(weights) != {case.pk for case in cases}:
        raise ValidationError("Give a weight for each of the deal's cases.", code="weights")
    check_weights([weights[case.pk] for case in cases])
    deal.probability_pct = probability_pct
    if name is not None:
        deal.name = name
    deal.full_clean()
    deal.save()
    for case in cases:
        case.weight_pct = weights[case.pk]
    DealCase.objects.bulk_update(cases, ["weight_pct"])
    _touch(deal.pipeline)
    _log(
        "deal_terms_set",
        deal.pipeline,
        user,
        ip,
        deal=deal.name,
        probability_pct=probability_pct,
        weights={str(pk): weight for pk, weight in weights.items()},
    )
    return deal


@transaction.atomic
def case_remove(*, case, user, ip=None):
    """Take a case out of its deal; the rest are scaled back to 100%. A deal's
    last case takes the deal with it."""
    deal = case.deal
    case.delete()
    rest = list(deal.cases.order_by("pk"))
    if not rest:
        deal.delete()
    else:
        for each, weight in zip(rest, rescaled([each.weight_pct for each in rest]), strict=True):
            each.weight_pct = weight
        DealCase.objects.bulk_update(rest, ["weight_pct"])
    _touch(deal.pipeline)
    _log("case_removed", deal.pipeline, user, ip, deal=deal.name, case_scenario=case.scenario_id)


@transaction.atomic
def deal_remove(*, deal, user, ip=None):
    pipeline = deal.pipeline
    _log("deal_removed", pipeline, user, ip, deal=deal.name)
    deal.delete()
    _touch(pipeline)
