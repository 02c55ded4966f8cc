"""Writes that touch a scenario and its component lines, and the bridge from
stored scenarios to the projection engine."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from companies.cache import reference_data_stamp
from companies.models import Company, ComponentCategory, Fact, Segment, SupplyRelationship
from modelling import engine, snapshots
from modelling.scenario_figures import scenario_figures

from .models import ComponentLine, Scenario, ScenarioVersion
from .presets import ARTICLE_PRESET, BLANK_DEFAULTS

# Cached parts are keyed by scenario version and the reference-data stamp, so
# they are never stale; the timeout only bounds memory.
CACHE_SECONDS = 600


def lines_of(scenario):
    """The scenario's lines with everything the pages show, in one query."""
    return list(
        scenario.lines.select_related("category__default_value_source", "supplier").order_by(
            "category__order", "category__name"
        )
    )


def component_input(line, **overrides):
    values = {
        "key": line.category.slug,
        "name": line.category.name,
        "supplier": line.supplier.name,
        "content_value": float(line.content_value_usd),
        "price_change_pct": float(line.annual_price_change_pct),
        "share_pct": float(line.share_pct),
        "supply_start_year": line.supply_start_year,
    }
    values.update(overrides)
    return engine.ComponentInput(**values)


def engine_input(scenario, lines):
    return engine.ScenarioInput(
        first_year=scenario.first_year,
        horizon=scenario.horizon_years,
        first_year_volume=float(scenario.first_year_volume),
        growth_pct=float(scenario.annual_growth_pct),
        volume_overrides={year: float(v) for year, v in scenario.volume_overrides_by_year.items()},
        components=tuple(component_input(line) for line in lines),
    )


def project(scenario, lines):
    return engine.project(engine_input(scenario, lines))


def affiliates_of(group_id):
    return list(Company.objects.filter(Q(pk=group_id) | Q(parent_id=group_id)).order_by("name"))


def cache_key(scenario, part):
    return f"scenario:{scenario.pk}:v{scenario.version}:{reference_data_stamp()}:{part}"


def editor_parts(scenario):
    """(lines, the supplier group's affiliates) for the editor, cached per version."""
    return cache.get_or_set(
        cache_key(scenario, "editor"),
        lambda: (lines_of(scenario), affiliates_of(scenario.supplier_group_id)),
        CACHE_SECONDS,
    )


@dataclass(frozen=True)
class PlanVersusActual:
    year: int
    planned: float
    fact: object  # companies.models.Fact

    @property
    def difference(self):
        return float(self.fact.value) - self.planned

    @property
    def difference_pct(self):
        return self.difference / self.planned * 100 if self.planned else None


def plan_versus_actuals(scenario, projection):
    """Reported deliveries of the scenario's customer beside its planned volume, year by year."""
    planned = dict(zip(projection.years, projection.volumes, strict=True))
    facts = Fact.objects.deliveries_reported_by(scenario.customer_id, projection.years)
    return [PlanVersusActual(fact.year, planned[fact.year], fact) for fact in facts if fact.value is not None]


def lazy_results(scenario):
    """Lines, projection, reported actuals and figures for a scenario page,
    worked out only if the page's cached fragment has to be rendered again."""
    lines = SimpleLazyObject(lambda: lines_of(scenario))
    projection = SimpleLazyObject(lambda: project(scenario, lines))
    actuals = SimpleLazyObject(lambda: plan_versus_actuals(scenario, projection))
    figures = SimpleLazyObject(lambda: scenario_figures(projection, actuals))
    return {
        "lines": lines,
        "projection": projection,
        "actuals": actuals,
        "figures": figures,
        "cache_stamp": reference_data_stamp(),
    }


def default_suppliers(group, customer, categories):
    """For each category, the group affiliate best placed to supply it: one with a
    relationship to this customer for EVs first, then one supplying anybody,
    else the group itself."""
    relationships = (
        SupplyRelationship.objects.filter(
            supplier__in=Company.objects.in_group(group), component__in=categories
        )
        .exclude(status=SupplyRelationship.Status.ENDED)
        .select_related("supplier")
        .annotate(
            rank=Case(
                When(customer=customer, segment=Segment.EV, then=Value(0)),
                When(segment=Segment.EV, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "supplier__name")
    )
    chosen = {}
    for relationship in relationships:
        chosen.setdefault(relationship.component_id, relationship.supplier)
    return {category.pk: chosen.get(category.pk, group) for category in categories}


def unique_name(owner, wanted):
    taken = set(
        Scenario.objects.filter(owner=owner, name__startswith=wanted[:100]).values_list("name", flat=True)
    )
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted} ({number})" in taken:
        number += 1
    return f"{wanted} ({number})"


@transaction.atomic
def create_scenario(*, owner, name, customer, supplier_group, description="", defaults=BLANK_DEFAULTS):
    """A new private scenario with one line per EV component category, at the
    categories' default values and the given share."""
    scenario = Scenario.objects.create(
        owner=owner,
        name=unique_name(owner, name),
        description=description,
        customer=customer,
        supplier_group=supplier_group,
        first_year=defaults["first_year"],
        horizon_years=defaults["horizon_years"],
        first_year_volume=defaults["first_year_volume"],
        annual_growth_pct=Decimal(defaults["annual_growth_pct"]),
    )
    categories = list(ComponentCategory.objects.filter(used_in_ev=True))
    suppliers = default_suppliers(supplier_group, customer, categories)
    ComponentLine.objects.bulk_create(
        ComponentLine(
            scenario=scenario,
            category=category,
            supplier=suppliers[category.pk],
            content_value_usd=category.default_value_usd,
            annual_price_change_pct=category.default_annual_price_change_pct,
            share_pct=Decimal(defaults["share_pct"]),
            supply_start_year=defaults["supply_start_year"],
        )
        for category in categories
    )
    record_version(scenario, owner, "Created")
    return scenario


def create_from_article_preset(owner, name=None):
    preset = ARTICLE_PRESET
    return create_scenario(
        owner=owner,
        name=name or preset["name"],
        description=preset["description"],
        customer=Company.objects.get(slug=preset["customer_slug"]),
        supplier_group=Company.objects.get(slug=preset["supplier_group_slug"]),
        defaults=preset,
    )


@transaction.atomic
def clone_scenario(source, owner):
    """A private copy of source, with its lines, owned by owner."""
    lines = list(source.lines.all())
    copy = Scenario.objects.create(
        owner=owner,
        name=unique_name(owner, f"Copy of {source.name}"[:120]),
        description=source.description,
        customer_id=source.customer_id,
        supplier_group_id=source.supplier_group_id,
        first_year=source.first_year,
        horizon_years=source.horizon_years,
        first_year_volume=source.first_year_volume,
        annual_growth_pct=source.annual_growth_pct,
        volume_overrides=dict(source.volume_overrides),
    )
    for line in lines:
        line.pk = None
        line.scenario = copy
    ComponentLine.objects.bulk_create(lines)
    record_version(copy, owner, f"Cloned from “{source.name}”")
    return copy


def stored_inputs(scenario):
    """The scenario's inputs as the database holds them, reading the scenario
    back first: an instance keeps what it was given (a growth of 25) until then,
    and the database holds 25.00, which is what every reader of a version sees."""
    scenario.refresh_from_db()
    return snapshots.take(scenario, lines_of(scenario))


def record_version(scenario, user, message=""):
    """Append the scenario's inputs, as stored, to its history as version scenario.version."""
    inputs = stored_inputs(scenario)  # also reads back scenario.version
    return ScenarioVersion.objects.create(
        scenario=scenario,
        number=scenario.version,
        inputs=inputs,
        saved_by=user,
        message=message[:200],
    )


class StaleEdit(Exception):
    """Someone saved the scenario after this edit started from base_version."""

    def __init__(self, base_version):
        super().__init__(f"the scenario changed after version {base_version}")
        self.base_version = base_version


SCENARIO_INPUTS = [
    "name",
    "description",
    "first_year",
    "horizon_years",
    "first_year_volume",
    "annual_growth_pct",
]
LINE_INPUTS = ["supplier", "content_value_usd", "annual_price_change_pct", "share_pct", "supply_start_year"]


def _write(scenario, base_version, fields, line_values, user, message):
    """Apply inputs if the scenario is still at base_version; one new version or nothing."""
    updated = Scenario.objects.filter(pk=scenario.pk, version=base_version).update(
        **fields, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit(base_version)
    for line_pk, values in line_values.items():
        ComponentLine.objects.filter(pk=line_pk, scenario=scenario).update(**values)
    record_version(scenario, user, message)
    return scenario


@transaction.atomic
def save_edits(scenario, scenario_form, line_forms, *, user, base_version, message=""):
    """Save the scenario and every line together, or nothing at all. The
    conditional UPDATE refuses an edit that started from an older version, so
    two people never silently overwrite each other."""
    cleaned = scenario_form.cleaned_data
    fields = {name: cleaned[name] for name in SCENARIO_INPUTS}
    fields["volume_overrides"] = {str(y): v for y, v in cleaned["volume_overrides_text"].items()}
    line_values = {
        form.line.pk: {name: form.cleaned_data[name] for name in LINE_INPUTS} for form in line_forms
    }
    return _write(scenario, base_version, fields, line_values, user, message)


@transaction.atomic
def restore_version(scenario, version, *, user, base_version):
    """Bring back a version's inputs as a new version; history is never rewritten."""
    inputs = version.inputs

    def scenario_value(name):
        return Scenario._meta.get_field(name).to_python(inputs[name])

    fields = {name: scenario_value(name) for name in SCENARIO_INPUTS if name != "name"}
    fields["volume_overrides"] = inputs["volume_overrides"]
    fields["monte_carlo"] = inputs.get("monte_carlo", {})
    name_taken = (
        Scenario.objects.filter(owner_id=scenario.owner_id, name=inputs["name"])
        .exclude(pk=scenario.pk)
        .exists()
    )
    if not name_taken:
        fields["name"] = inputs["name"]
    saved = {line["category"]: line for line in inputs["lines"]}
    existing_suppliers = set(
        Company.objects.filter(pk__in=[line["supplier_id"] for line in inputs["lines"]]).values_list(
            "pk", flat=True
        )
    )
    line_values = {}
    for line in scenario.lines.select_related("category"):
        old = saved.get(line.category.slug)
        if old is None:
            continue
        values = {
            name: ComponentLine._meta.get_field(name).to_python(old[name])
            for name in LINE_INPUTS
            if name != "supplier"
        }
        if old["supplier_id"] in existing_suppliers:
            values["supplier_id"] = old["supplier_id"]
        line_values[line.pk] = values
    return _write(scenario, base_version, fields, line_values, user, f"Restored version {version.number}")


@transaction.atomic
def save_monte_carlo_ranges(scenario, ranges, *, user, base_version):
    """Keep the Monte Carlo ranges with the scenario, as a new version."""
    return _write(scenario, base_version, {"monte_carlo": ranges}, {}, user, "Monte Carlo ranges saved")
