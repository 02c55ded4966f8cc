from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from modelling import currency
from modelling.analysis import AnalysisInputError
from modelling.evidence import coverage_figure
from modelling.pipeline_figures import pipeline_figures
from modelling.pipeline_monte_carlo import pipeline_monte_carlo
from modelling.scenario_figures import monte_carlo_fan, monte_carlo_histogram
from scenarios import audit
from scenarios.access import get_visible_scenario
from scenarios.exports.text import write_csv
from scenarios.exports.workbook import write_workbook
from scenarios.forms.sharing import ShareWithUserForm

from . import exports, selectors, services
from .access import get_editable_pipeline, get_owned_pipeline, get_visible_pipeline
from .forms import AddToPipelineForm, DealTermsForm, PipelineForm, PipelineMonteCarloForm
from .models import Deal, DealCase, Pipeline

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _render_list(request, form, status=200):
    pipelines = (
        Pipeline.objects.visible_to(request.user)
        .select_related("owner")
        .annotate(deal_count=Count("deals", distinct=True))
    )
    context = {"pipelines": pipelines, "form": form}
    return render(request, "pipelines/pipeline_list.html", context, status=status)


@require_GET
def pipeline_list(request):
    return _render_list(request, PipelineForm())


@require_POST
def pipeline_new(request):
    form = PipelineForm(request.POST)
    if not form.is_valid():
        return _render_list(request, form, status=400)
    pipeline = services.pipeline_create(owner=request.user, ip=audit.client_ip(request), **form.cleaned_data)
    messages.success(request, f"Created “{pipeline.name}”. Add deals to it from any scenario's page.")
    return redirect(pipeline)


def _page_context(request, pipeline, forms=None):
    deals = selectors.deals_of(pipeline)
    result = selectors.result_of(deals)
    forms = forms or {}
    rows = [
        (deal, deal_result, forms.get(deal.pk) or DealTermsForm(deal=deal, cases=deal.case_list))
        for deal, deal_result in zip(deals, result.deals, strict=True)
    ]
    coverage = selectors.coverage_of(deals)
    return {
        "pipeline": pipeline,
        "result": result,
        "coverage": coverage,
        "evidence_figure": coverage_figure(coverage, "Expected revenue by evidence"),
        "rows": rows,
        "weights_off": selectors.weights_off(deals),
        "exposure": selectors.exposure_of(result),
        "figures": pipeline_figures(result),
        "can_edit": pipeline.can_edit(request.user),
        "is_owner": pipeline.owner_id == request.user.pk,
    }


@require_GET
def pipeline_detail(request, pipeline_pk):
    pipeline = get_visible_pipeline(request, pipeline_pk)
    context = _page_context(request, pipeline)
    if context["can_edit"]:
        context["edit_form"] = PipelineForm(instance=pipeline)
    if context["is_owner"]:
        context["share_form"] = ShareWithUserForm(owner_id=pipeline.owner_id)
        context["shares"] = pipeline.shares.select_related("user")
    return render(request, "pipelines/pipeline_detail.html", context)


def _deal_of(pipeline, deal_pk):
    return get_object_or_404(Deal, pk=deal_pk, pipeline=pipeline)


@require_POST
def deal_terms(request, pipeline_pk, deal_pk):
    """A deal's probability and weights, from its row: the body comes back with
    every figure recomputed, or with the row's message and nothing saved."""
    pipeline = get_editable_pipeline(request, pipeline_pk)
    deal = _deal_of(pipeline, deal_pk)
    cases = list(deal.cases.select_related("scenario"))
    form = DealTermsForm(request.POST, deal=deal, cases=cases)
    forms = {}
    if form.is_valid():
        form.save(user=request.user, ip=audit.client_ip(request))
    if form.errors:
        forms[deal.pk] = form
    if not request.htmx:
        if forms:
            messages.error(request, " ".join(form.non_field_errors()) or "Check the deal's figures.")
        return redirect(pipeline)
    template = "pipelines/pipeline_detail.html#pipeline-body"
    return render(request, template, _page_context(request, pipeline, forms), status=200)


@require_POST
def case_remove(request, pipeline_pk, case_pk):
    pipeline = get_editable_pipeline(request, pipeline_pk)
    case = get_object_or_404(DealCase.objects.select_related("deal"), pk=case_pk, deal__pipeline=pipeline)
    services.case_remove(case=case, user=request.user, ip=audit.client_ip(request))
    messages.success(request, "Case removed; the deal's other cases were scaled back to 100%.")
    return redirect(pipeline)


@require_POST
def deal_remove(request, pipeline_pk, deal_pk):
    pipeline = get_editable_pipeline(request, pipeline_pk)
    deal = _deal_of(pipeline, deal_pk)
    services.deal_remove(deal=deal, user=request.user, ip=audit.client_ip(request))
    messages.success(request, f"Removed the deal “{deal.name}”.")
    return redirect(pipeline)


@require_http_methods(["GET", "POST"])
def add_scenario(request, scenario_pk):
    """Add a scenario the user can see to one of the pipelines they may change:
    as a new deal, or as one more case of a deal."""
    scenario = get_visible_scenario(request, scenario_pk)
    pipelines = selectors.pipelines_for_adding(request.user)
    form = AddToPipelineForm(request.POST or None, pipelines=pipelines)
    if request.method == "POST" and form.is_valid():
        cleaned, ip = form.cleaned_data, audit.client_ip(request)
        pipeline = cleaned["pipeline"]
        try:
            if cleaned["deal"] is None:
                services.deal_add(
                    pipeline=pipeline,
                    scenario=scenario,
                    user=request.user,
                    probability_pct=cleaned["probability_pct"],
                    label=cleaned["label"],
                    ip=ip,
                )
                messages.success(request, f"Added “{scenario.name}” to {pipeline.name} as a new deal.")
            else:
                services.case_add(
                    deal=cleaned["deal"], scenario=scenario, user=request.user, label=cleaned["label"], ip=ip
                )
                messages.success(
                    request,
                    f"Added “{scenario.name}” as a case of “{cleaned['deal'].name}”; its cases' weights were "
                    "split evenly: set them in the deal's row.",
                )
            return redirect(pipeline)
        except ValidationError as error:
            form.add_error(None, error)
    status = 400 if request.method == "POST" else 200
    cases = DealCase.objects.filter(scenario=scenario, deal__pipeline__in=pipelines).select_related(
        "deal__pipeline"
    )
    context = {
        "scenario": scenario,
        "form": form,
        "pipelines": pipelines,
        "cases": cases,
        "new_form": PipelineForm(),
    }
    return render(request, "pipelines/add_scenario.html", context, status=status)


@require_POST
def set_visibility(request, pipeline_pk):
    pipeline = get_owned_pipeline(request, pipeline_pk)
    visibility = request.POST.get("visibility")
    if visibility not in Pipeline.Visibility.values:
        messages.error(request, "Choose private or shared.")
    else:
        services.pipeline_visibility_set(
            pipeline=pipeline, user=request.user, visibility=visibility, ip=audit.client_ip(request)
        )
        messages.success(request, f"Visibility: {Pipeline.Visibility(visibility).label}.")
    return redirect(pipeline)


@require_POST
def share_with_user(request, pipeline_pk):
    pipeline = get_owned_pipeline(request, pipeline_pk)
    form = ShareWithUserForm(request.POST, owner_id=pipeline.owner_id)
    if form.is_valid():
        services.pipeline_share(
            pipeline=pipeline,
            user=request.user,
            with_user=form.user,
            can_edit=form.cleaned_data["can_edit"],
            ip=audit.client_ip(request),
        )
        messages.success(request, f"Shared with {form.user.get_username()}.")
    else:
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    return redirect(pipeline)


@require_POST
def unshare(request, pipeline_pk, pipeline_share_pk):
    pipeline = get_owned_pipeline(request, pipeline_pk)
    share = pipeline.shares.select_related("user").filter(pk=pipeline_share_pk).first()
    if share is None:
        raise Http404("No such share.")
    services.pipeline_unshare(share=share, user=request.user, ip=audit.client_ip(request))
    messages.success(request, f"{share.user.get_username()} no longer sees this pipeline by name.")
    return redirect(pipeline)


@require_POST
def pipeline_edit(request, pipeline_pk):
    """A pipeline's name and description, from the form on its page (owner and editors)."""
    pipeline = get_editable_pipeline(request, pipeline_pk)
    form = PipelineForm(request.POST, instance=Pipeline(owner=pipeline.owner, pk=pipeline.pk))
    if form.is_valid():
        try:
            services.pipeline_update(
                pipeline=pipeline, user=request.user, ip=audit.client_ip(request), **form.cleaned_data
            )
        except ValidationError as error:  # the name taken since the form was checked
            pipeline.refresh_from_db()
            form.add_error(None, error)
        else:
            messages.success(request, f"Saved the pipeline's name and description: “{pipeline.name}”.")
            return redirect(pipeline)
    context = _page_context(request, pipeline) | {"edit_form": form}
    return render(request, "pipelines/pipeline_detail.html", context, status=400)


@require_POST
def pipeline_delete(request, pipeline_pk):
    pipeline = get_owned_pipeline(request, pipeline_pk)
    name = pipeline.name
    services.pipeline_delete(pipeline=pipeline, user=request.user, ip=audit.client_ip(request))
    messages.success(request, f"Deleted the pipeline “{name}”; its scenarios are untouched.")
    return redirect("pipelines:list")


@require_GET
def monte_carlo(request, pipeline_pk):
    """The pipeline's Monte Carlo, a fragment the page asks for once it is shown
    (and again when the form is sent)."""
    pipeline = get_visible_pipeline(request, pipeline_pk)
    form = PipelineMonteCarloForm(request.GET)
    context = {"pipeline": pipeline, "form": form}
    if not form.is_bound or form.is_valid():
        draws, seed, target = form.settings()
        deals = selectors.deals_of(pipeline)
        try:
            result = pipeline_monte_carlo(
                selectors.ranged_deals(deals), draws=draws, seed=seed, target=target
            )
        except AnalysisInputError as error:
            context["error"] = f"A scenario's saved ranges cannot be drawn: {error}"
        else:
            if result.years:
                context.update(
                    result=result,
                    revenue=result.percentiles(result.totals),
                    npv=result.percentiles(result.npv),
                    fan=monte_carlo_fan(result, currency.USD),
                    histogram=monte_carlo_histogram(result, currency.USD),
                    npv_histogram=monte_carlo_histogram(result.of_npv, currency.USD),
                )
    return render(request, "pipelines/_monte_carlo.html", context)


def _export_parts(request, pipeline_pk):
    pipeline = get_visible_pipeline(request, pipeline_pk)
    deals = selectors.deals_of(pipeline)
    return pipeline, deals, selectors.result_of(deals)


@require_GET
def export_csv(request, pipeline_pk):
    pipeline, _, result = _export_parts(request, pipeline_pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pipeline-{pipeline.pk}.csv"'
    write_csv(exports.yearly_table(result), response)
    return response


@require_GET
def export_xlsx(request, pipeline_pk):
    pipeline, deals, result = _export_parts(request, pipeline_pk)
    body = write_workbook([exports.yearly_table(result), exports.deals_table(deals, result)])
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="pipeline-{pipeline.pk}.xlsx"'
    return response
