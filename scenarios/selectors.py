"""Reads assembled for pages: a scenario's lines, its projection and figures,
the editor's parts, and the bridge from stored scenarios to the projection engine.
Nothing here writes."""

import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from companies.cache import reference_data_stamp
from companies.evidence import evidence_classes
from companies.models import Company, Fact, Segment, SupplyRelationship
from modelling import compare, engine, inputs, snapshots
from modelling.evidence import coverage_figure, projection_coverage
from modelling.scenario_figures import scenario_figures
from modelling.summary import describe

from .models import ComponentLine, Scenario, ScenarioVersion, ShareLink

# Cached parts are keyed by scenario version and the reference-data stamp, so
# they are never stale; the timeout only bounds memory.
CACHE_SECONDS = 600

# token_urlsafe's alphabet; 32 bytes make 43 characters.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def lines_of(scenario):
    """The scenario's lines with everything the pages show, in one query."""
    return list(
        scenario.lines.select_related(
            "category__default_value_source", "supplier__default_margin_source"
        ).order_by("category__order", "category__name")
    )


def engine_input(scenario, lines):
    return inputs.engine_input(snapshots.take(scenario, lines))


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
    coverage = SimpleLazyObject(lambda: coverage_of(scenario, lines, projection))
    figures = SimpleLazyObject(
        lambda: scenario_figures(projection, actuals) | {"evidence": coverage_figure(coverage)}
    )
    return {
        "lines": lines,
        "projection": projection,
        "summary": SimpleLazyObject(lambda: describe(projection.scenario)),
        "coverage": coverage,
        "actuals": actuals,
        "figures": figures,
        "cache_stamp": reference_data_stamp(),
    }


def coverage_of(scenario, lines, projection):
    """How much of the projected revenue rests on relationships known to exist
    (modelling.evidence.Coverage): each line's supplier, customer and component,
    classed in one query."""
    classes = evidence_classes(
        customer=scenario.customer_id, pairs=[(line.category_id, line.supplier_id) for line in lines]
    )
    by_line = {line.category.slug: classes[(line.category_id, line.supplier_id)] for line in lines}
    return projection_coverage(projection, by_line)


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


def stored_inputs(scenario):
    """The scenario's inputs as the database holds them, reading the scenario
    back first: an instance keeps what it was given (a growth of 25) until then,
    and the database holds 25.00, which is what every reader of a version sees."""
    scenario.refresh_from_db()
    return snapshots.take(scenario, lines_of(scenario))


def active_link(token):
    """The share link behind a live token, or None for unknown, revoked and expired ones."""
    if not _TOKEN_SHAPE.fullmatch(token or ""):
        return None  # never send a malformed token (a NUL byte, say) to the database
    return ShareLink.objects.active(timezone.now()).select_related("scenario").filter(token=token).first()


def comparison_items(user, wanted):
    """Comparison items (modelling.compare.Item) for [(pk, version number or None)], in
    that order, in a fixed number of queries; Http404 if any is not the user's to see.
    The compare page, its exports and the API read comparisons through here."""
    pks = {pk for pk, _ in wanted}
    scenarios = {
        s.pk: s
        for s in Scenario.objects.visible_to(user)
        .prefetch_related(Prefetch("lines", queryset=ComponentLine.objects.for_snapshots()))
        .filter(pk__in=pks)
    }
    if len(scenarios) != len(pks):
        raise Http404("No such scenario.")
    version_keys = [(pk, number) for pk, number in wanted if number]
    versions = {}
    if version_keys:
        query = Q()
        for pk, number in version_keys:
            query |= Q(scenario_id=pk, number=number)
        versions = {(v.scenario_id, v.number): v for v in ScenarioVersion.objects.filter(query)}
        if len(versions) != len(version_keys):
            raise Http404("No such version.")
    items = []
    for pk, number in wanted:
        scenario = scenarios[pk]
        if number:
            snapshot = versions[(pk, number)].inputs
            label = f"{snapshot['name']} (v{number})"
        else:
            snapshot = snapshots.take(scenario, scenario.lines.all())
            label = scenario.name
        items.append(compare.Item((pk, number), label, scenario, number, snapshot))
    return items
