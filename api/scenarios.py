"""Scenarios through the API: the list with the list page's filters, one
scenario's inputs, its projection and value, and the writes. Every write goes
through scenarios/services (and an edit through the editor's own forms), so
bounds, versions, the stale-edit refusal and the audit trail are the pages'."""

import math
from dataclasses import asdict

from django.core.paginator import Paginator
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from companies.models import Company
from modelling import inputs, snapshots
from scenarios import audit, limits, selectors, services
from scenarios.access import get_editable_scenario, get_owned_scenario, get_visible_scenario
from scenarios.forms.editor import NewScenarioForm, as_post_data, editor_forms, editor_save, editor_valid
from scenarios.forms.listing import PAGE_SIZE, ScenarioListForm
from scenarios.forms.text import format_fx_rates, format_volume_overrides
from scenarios.models import Scenario, ScenarioVersion

from .companies import company_ref
from .errors import Invalid
from .schemas import (
    ERRORS,
    Conflict,
    NewScenario,
    Projection,
    ScenarioChanges,
    ScenarioOut,
    ScenarioPage,
    Sort,
    Value,
    Visibility,
    plain_value,
)

router = Router(tags=["Scenarios"])


def summary_out(scenario):
    return {
        "id": scenario.pk,
        "name": scenario.name,
        "owner": scenario.owner.get_username(),
        "customer": company_ref(scenario.customer),
        "supplier_group": company_ref(scenario.supplier_group),
        "visibility": scenario.visibility,
        "version": scenario.version,
        "updated_at": scenario.updated_at,
        "cumulative_revenue_usd": scenario.cumulative_revenue_usd,
        "npv_usd": scenario.npv_usd,
        "url": scenario.get_absolute_url(),
    }


def scenario_out(request, scenario):
    lines = selectors.lines_of(scenario)
    return {
        **summary_out(scenario),
        "description": scenario.description,
        "can_edit": scenario.can_edit(request.user),
        **{declared.name: getattr(scenario, declared.name) for declared in inputs.SCENARIO},
        "reporting_currency": scenario.reporting_currency,
        "volume_overrides": {str(y): int(v) for y, v in scenario.volume_overrides_by_year.items()},
        "fx_rates": {str(y): float(rate) for y, rate in scenario.fx_rates_by_year.items()},
        "lines": [
            {
                "component": line.category.slug,
                "component_name": line.category.name,
                "supplier": company_ref(line.supplier),
                **{declared.name: getattr(line, declared.name) for declared in inputs.COMPONENT},
            }
            for line in lines
        ],
    }


class ListFilters(Schema):
    q: str = ""
    customer: str = ""
    supplier_group: str = ""
    owner: str = ""
    visibility: Visibility | None = None
    sort: Sort | None = None
    page: int = 1


def _company_id(slug):
    return Company.objects.filter(slug=slug).values_list("pk", flat=True).first() if slug else None


@router.get(
    "/scenarios", response={200: ScenarioPage, **ERRORS}, summary="The scenarios you can see, 25 a page"
)
def scenario_list(request, filters: Query[ListFilters]):
    """The list page's search and filters: name contains `q`; `customer` and `supplier_group`
    by slug; `owner` "mine" or "shared" (with me); `visibility`; `sort` by last update,
    cumulative revenue or NPV (a leading "-" for highest or newest first)."""
    query = {
        "q": filters.q,
        "customer": _company_id(filters.customer) or "",
        "supplier_group": _company_id(filters.supplier_group) or "",
        "owner": filters.owner,
        "visibility": filters.visibility or "",
        "sort": filters.sort or "",
    }
    form = ScenarioListForm(query, user=request.user)
    form.is_valid()
    # The form offers only companies a visible scenario names, and falls back to "any"
    # for another; a company asked for here that no visible scenario names selects none.
    asked = [name for name in ("customer", "supplier_group") if getattr(filters, name)]
    if any(not query[name] or name in form.errors for name in asked):
        scenarios = Scenario.objects.none()
    else:
        scenarios = form.scenarios()
    paginator = Paginator(scenarios, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": [summary_out(scenario) for scenario in page.object_list],
    }


@router.post(
    "/scenarios",
    response={201: ScenarioOut, **ERRORS},
    summary="Start a scenario from the article's preset or blank",
)
def scenario_create(request, body: NewScenario):
    wait = limits.seconds_to_wait("create", request.user)
    if wait:
        raise HttpError(429, f"Too many new scenarios: try again in {wait} s.")
    ip = audit.client_ip(request)
    if body.start == "preset":
        form = NewScenarioForm({"name": body.name}, owner=request.user)
        form.is_valid()
        if "name" in form.errors:
            raise Invalid({"name": form.errors["name"]})
        scenario = services.scenario_create_from_preset(owner=request.user, name=body.name.strip(), ip=ip)
    else:
        data = {
            "name": body.name,
            "customer": _company_id(body.customer) or "",
            "supplier_group": _company_id(body.supplier_group) or "",
        }
        form = NewScenarioForm(data, owner=request.user)
        if not form.is_valid():
            raise Invalid.of(form)
        scenario = services.scenario_create(owner=request.user, **form.cleaned_data, ip=ip)
    scenario = Scenario.objects.with_related().get(pk=scenario.pk)
    return Status(201, scenario_out(request, scenario))


@router.get("/scenarios/{pk}", response={200: ScenarioOut, **ERRORS}, summary="One scenario's inputs")
def scenario_detail(request, pk: int):
    return scenario_out(request, get_visible_scenario(request, pk))


# The editor's scenario fields that the API names otherwise.
API_NAMES = {"volume_overrides_text": "volume_overrides", "fx_rates_text": "fx_rates", "__all__": "scenario"}


def _as_text(value):
    return "" if value is None else str(value)


def _editor_data(scenario, changes, lines, affiliates):
    """What the editor would post for this scenario with changes applied."""
    scenario_form, line_forms = editor_forms(scenario, lines, affiliates)
    data = as_post_data([scenario_form, *line_forms])
    given = changes.model_dump(exclude_unset=True)
    data["base_version"] = str(changes.base_version)
    data["message"] = changes.message
    for name, value in given.items():
        if name in ("base_version", "message", "lines"):
            continue
        if name == "volume_overrides":
            data[scenario_form["volume_overrides_text"].html_name] = format_volume_overrides(value or {})
        elif name == "fx_rates":
            data[scenario_form["fx_rates_text"].html_name] = format_fx_rates(value or {})
        else:
            data[scenario_form[name].html_name] = _as_text(value)
    errors = {}
    by_slug = {form.line.category.slug: form for form in line_forms}
    suppliers = {company.slug: company.pk for company in affiliates}
    for slug, line_changes in (given.get("lines") or {}).items():
        form = by_slug.get(slug)
        if form is None:
            errors[f"lines.{slug}"] = [f"This scenario has no “{slug[:40]}” line."]
            continue
        for name, value in line_changes.items():
            if name == "supplier":
                if value not in suppliers:
                    errors[f"lines.{slug}.supplier"] = ["Not an affiliate of the scenario's supplier group."]
                    continue
                value = suppliers[value]
            data[form[name].html_name] = _as_text(value)
    if errors:
        raise Invalid(errors)
    return data


def _form_errors(scenario_form, line_forms):
    """The editor forms' errors by the API's names: "annual_growth_pct", "lines.battery.share_pct"."""
    errors = {API_NAMES.get(name, name): list(messages) for name, messages in scenario_form.errors.items()}
    for form in line_forms:
        line = f"lines.{form.line.category.slug}"
        for name, messages in form.errors.items():
            errors[line if name == "__all__" else f"{line}.{name}"] = list(messages)
    return errors


def _conflict(scenario, base_version):
    base = ScenarioVersion.objects.filter(scenario=scenario, number=base_version).first()
    latest = scenario.versions.select_related("saved_by").first()
    current = snapshots.take(scenario, selectors.lines_of(scenario))
    changes = snapshots.changes(base.inputs, current) if base else []

    return {
        "detail": f"Version {scenario.version} was saved after version {base_version}: nothing was saved.",
        "current_version": scenario.version,
        "base_version": base_version,
        "changes": [
            {"label": label, "before": plain_value(a), "after": plain_value(b)} for label, a, b in changes
        ],
        "saved_by": latest.saved_by.get_username() if latest and latest.saved_by else None,
        "saved_at": latest.saved_at if latest else None,
    }


@router.patch(
    "/scenarios/{pk}",
    response={200: ScenarioOut, 409: Conflict, **ERRORS},
    summary="Change a scenario's inputs (a new version)",
)
def scenario_update(request, pk: int, changes: ScenarioChanges):
    """Only the fields given change. `base_version` is the version the change starts from:
    when someone has saved since, nothing is saved and the answer is 409 with what they
    changed. The editor's forms check every value, with the editor's bounds."""
    scenario = get_editable_scenario(request, pk)
    lines, affiliates = selectors.editor_parts(scenario)
    data = _editor_data(scenario, changes, lines, affiliates)
    scenario_form, line_forms = editor_forms(scenario, lines, affiliates, data)
    if not editor_valid(scenario_form, line_forms):
        raise Invalid(_form_errors(scenario_form, line_forms))
    try:
        editor_save(scenario, scenario_form, line_forms, user=request.user)
    except services.StaleEdit as stale:
        return Status(409, _conflict(Scenario.objects.get(pk=pk), stale.base_version))
    return Status(200, scenario_out(request, Scenario.objects.with_related().get(pk=pk)))


@router.post(
    "/scenarios/{pk}/clone",
    response={201: ScenarioOut, **ERRORS},
    summary="A private copy, owned by you",
)
def scenario_clone(request, pk: int):
    source = get_visible_scenario(request, pk)
    wait = limits.seconds_to_wait("clone", request.user)
    if wait:
        raise HttpError(429, f"Too many clones: try again in {wait} s.")
    copy = services.scenario_clone(source=source, owner=request.user, ip=audit.client_ip(request))
    return Status(201, scenario_out(request, Scenario.objects.with_related().get(pk=copy.pk)))


@router.delete(
    "/scenarios/{pk}",
    response={204: None, **ERRORS},
    summary="Delete a scenario (its owner only)",
)
def scenario_delete(request, pk: int):
    scenario = get_owned_scenario(request, pk)
    services.scenario_delete(scenario=scenario, user=request.user, ip=audit.client_ip(request))
    return Status(204, None)


def _projection_of(request, pk):
    scenario = get_visible_scenario(request, pk)
    return scenario, selectors.project(scenario, selectors.lines_of(scenario))


@router.get(
    "/scenarios/{pk}/projection", response={200: Projection, **ERRORS}, summary="Revenue year by year"
)
def scenario_projection(request, pk: int):
    """Every year's volume, addressable content and revenue, and every component-year,
    in US dollars at full precision: what `export.csv` holds."""
    scenario, projection = _projection_of(request, pk)
    return {
        "scenario": scenario.pk,
        "version": scenario.version,
        "cumulative_revenue_usd": projection.cumulative_revenue,
        "years": [
            {
                "year": row.year,
                "volume": row.volume,
                "addressable_usd": row.addressable,
                "revenue_usd": row.revenue,
                "cumulative_revenue_usd": row.cumulative,
                "capture_rate": row.capture_rate,
            }
            for row in projection.yearly
        ],
        "rows": [
            {
                "year": row.year,
                "component": row.component_key,
                "component_name": row.component,
                "supplier": row.supplier,
                "volume": row.volume,
                "unit_value_usd": row.unit_value,
                "share_pct": row.share_pct,
                "addressable_usd": row.addressable,
                "revenue_usd": row.revenue,
            }
            for row in projection.rows
        ],
    }


def _finite(value):
    return value if value is None or math.isfinite(value) else None


@router.get("/scenarios/{pk}/value", response={200: Value, **ERRORS}, summary="What the revenue is worth")
def scenario_value(request, pk: int):
    """EBIT, tax, working capital, up-front cost, free cash flow and present value per
    year, NPV, IRR and payback, in the scenario's reporting currency (each year at its
    rate), and per affiliate: what `export-value.csv` holds."""
    scenario, projection = _projection_of(request, pk)
    value = projection.value
    flows = value.total
    return {
        "scenario": scenario.pk,
        "version": scenario.version,
        "currency": value.currency.code,
        "npv": value.npv,
        "cumulative_revenue": value.cumulative_revenue,
        "cumulative_ebit": value.cumulative_ebit,
        "irr_pct": _finite(flows.irr),
        "payback_year": flows.payback_year,
        "years": [asdict(row) for row in value.yearly],
        "affiliates": [
            {"affiliate": name, "revenue": revenue, "ebit": ebit, "npv": npv}
            for name, revenue, ebit, npv in value.by_affiliate_in_currency
        ],
    }
