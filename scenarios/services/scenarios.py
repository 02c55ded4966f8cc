"""Writes that touch a scenario and its component lines: create, clone, save
edits, restore a version, save Monte Carlo ranges, delete, and the version each
records. Each write records its own audit event, so a view, a command and a
test all leave the same trail; views pass ip=audit.client_ip(request)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from companies.models import Company, ComponentCategory
from modelling import inputs as declared_inputs

from .. import audit
from ..models import ComponentLine, Scenario, ScenarioVersion, headline_figures
from ..presets import ARTICLE_PRESET, BLANK_DEFAULTS
from ..selectors import default_suppliers, stored_inputs


def unique_name(owner, wanted, *, among=None):
    """wanted, or "wanted (2)", "(3)"... if owner already has one of that name
    among their scenarios (or among, another queryset of named things of theirs)."""
    named = among if among is not None else Scenario.objects.filter(owner=owner)
    taken = set(named.filter(name__startswith=wanted[:100]).values_list("name", flat=True))
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted} ({number})" in taken:
        number += 1
    return f"{wanted} ({number})"


def _given(kind, defaults):
    """The declared inputs a preset gives, as stored; the rest take the model's defaults."""
    return {i.name: i.read(defaults[i.name]) for i in kind if i.name in defaults}


def _create(*, owner, name, customer, supplier_group, description, defaults):
    scenario = Scenario.objects.create(
        owner=owner,
        name=unique_name(owner, name),
        description=description,
        customer=customer,
        supplier_group=supplier_group,
        **_given(declared_inputs.SCENARIO, defaults),
    )
    categories = list(ComponentCategory.objects.filter(used_in_ev=True))
    suppliers = default_suppliers(supplier_group, customer, categories)
    ComponentLine.objects.bulk_create(
        ComponentLine(
            scenario=scenario,
            category=category,
            supplier=suppliers[category.pk],
            **_given(declared_inputs.COMPONENT, defaults),
            # A category's own defaults, each with its source, over a preset's.
            content_value_usd=category.default_value_usd,
            annual_price_change_pct=category.default_annual_price_change_pct,
            # The supplier's own margin, with its source; none recorded, none assumed.
            operating_margin_pct=suppliers[category.pk].default_margin_pct or 0,
            upfront_year=defaults.get("upfront_year", scenario.first_year),
        )
        for category in categories
    )
    scenario_version_record(scenario=scenario, user=owner, message="Created")
    return scenario


@transaction.atomic
def scenario_create(
    *, owner, name, customer, supplier_group, description="", defaults=BLANK_DEFAULTS, ip=None
):
    """A new private scenario with one line per EV component category, at the
    categories' default values and the given share."""
    scenario = _create(
        owner=owner,
        name=name,
        customer=customer,
        supplier_group=supplier_group,
        description=description,
        defaults=defaults,
    )
    audit.record("scenario_created", user=owner, ip=ip, scenario=scenario, start="blank")
    return scenario


@transaction.atomic
def scenario_create_from_preset(*, owner, name=None, ip=None):
    """A new private scenario from the article's preset."""
    preset = ARTICLE_PRESET
    scenario = _create(
        owner=owner,
        name=name or preset["name"],
        description=preset["description"],
        customer=Company.objects.get(slug=preset["customer_slug"]),
        supplier_group=Company.objects.get(slug=preset["supplier_group_slug"]),
        defaults=preset,
    )
    audit.record("scenario_created", user=owner, ip=ip, scenario=scenario, start="preset")
    return scenario


@transaction.atomic
def scenario_clone(*, source, owner, ip=None):
    """A private copy of source, with its lines, owned by owner."""
    lines = list(source.lines.all())
    copy = Scenario.objects.create(
        owner=owner,
        name=unique_name(owner, f"Copy of {source.name}"[:120]),
        description=source.description,
        customer_id=source.customer_id,
        supplier_group_id=source.supplier_group_id,
        **{declared.name: getattr(source, declared.name) for declared in declared_inputs.SCENARIO},
        volume_overrides=dict(source.volume_overrides),
        reporting_currency=source.reporting_currency,
        fx_rates=dict(source.fx_rates),
    )
    for line in lines:
        line.pk = None
        line.scenario = copy
    ComponentLine.objects.bulk_create(lines)
    scenario_version_record(scenario=copy, user=owner, message=f"Cloned from “{source.name}”")
    audit.record("scenario_created", user=owner, ip=ip, scenario=copy, start="clone", source_id=source.pk)
    return copy


@transaction.atomic
def scenario_delete(*, scenario, user, ip=None):
    """Delete the scenario with its lines, history and shares; its audit events stay."""
    name = scenario.name
    # Recorded first, while the scenario exists for the event to point at.
    audit.record("scenario_deleted", user=user, ip=ip, scenario=scenario, name=name)
    scenario.delete()


def scenario_version_record(*, scenario, user, message=""):
    """Append the scenario's inputs, as stored, to its history as version
    scenario.version, and store the headline figures they give: every write
    that changes an input records a version here, so the two never differ."""
    inputs = stored_inputs(scenario)  # also reads back scenario.version
    scenario_headlines_refresh(scenario=scenario, snapshot=inputs)
    return ScenarioVersion.objects.create(
        scenario=scenario,
        number=scenario.version,
        inputs=inputs,
        saved_by=user,
        message=message[:200],
    )


def scenario_headlines_refresh(*, scenario, snapshot=None):
    """Store the figures the list shows and sorts by (models.headline_figures),
    worked out from snapshot, the scenario's inputs as stored (read here when
    not given). For a write that changed inputs without recording a version."""
    figures = headline_figures(stored_inputs(scenario) if snapshot is None else snapshot)
    # An UPDATE of these columns alone: updated_at stays the time of the write.
    Scenario.objects.filter(pk=scenario.pk).update(**figures)
    for name, value in figures.items():
        setattr(scenario, name, value)
    return figures


class StaleEdit(Exception):
    """Someone saved the scenario after this edit started from base_version."""

    def __init__(self, base_version):
        super().__init__(f"the scenario changed after version {base_version}")
        self.base_version = base_version


# What a save writes: the text beside modelling/inputs.py's declared inputs.
SCENARIO_INPUTS = ["name", "description", "reporting_currency", *(i.name for i in declared_inputs.SCENARIO)]
LINE_INPUTS = ["supplier", *(i.name for i in declared_inputs.COMPONENT)]


def _write(scenario, base_version, fields, line_values, user, message):
    """Apply inputs if the scenario is still at base_version; one new version or nothing."""
    updated = Scenario.objects.filter(pk=scenario.pk, version=base_version).update(
        **fields, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit(base_version)
    for line_pk, values in line_values.items():
        ComponentLine.objects.filter(pk=line_pk, scenario=scenario).update(**values)
    scenario_version_record(scenario=scenario, user=user, message=message)
    return scenario


@transaction.atomic
def scenario_save(*, scenario, inputs, line_inputs, user, base_version, message=""):
    """Save the scenario and every line together, or nothing at all: inputs are
    the editor's cleaned scenario values, line_inputs each line's by line pk.
    The conditional UPDATE refuses an edit that started from an older version,
    so two people never silently overwrite each other. The new version is the
    trail of an edit; no audit event, as before."""
    fields = {name: inputs[name] for name in SCENARIO_INPUTS}
    fields["volume_overrides"] = {str(y): v for y, v in inputs["volume_overrides_text"].items()}
    fields["fx_rates"] = {str(y): str(rate) for y, rate in inputs["fx_rates_text"].items()}
    line_values = {
        line_pk: {name: values[name] for name in LINE_INPUTS} for line_pk, values in line_inputs.items()
    }
    return _write(scenario, base_version, fields, line_values, user, message)


@transaction.atomic
def scenario_restore(*, scenario, version, user, base_version, ip=None):
    """Bring back a version's inputs as a new version; history is never rewritten."""
    inputs = version.inputs

    def scenario_value(name):
        return Scenario._meta.get_field(name).to_python(inputs[name])

    fields = {name: scenario_value(name) for name in SCENARIO_INPUTS if name != "name"}
    fields["volume_overrides"] = inputs["volume_overrides"]
    fields["fx_rates"] = inputs.get("fx_rates", {})
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
    _write(scenario, base_version, fields, line_values, user, f"Restored version {version.number}")
    audit.record(
        "version_restored",
        user=user,
        ip=ip,
        scenario=scenario,
        restored=version.number,
        new_version=scenario.version,
    )
    return scenario


@transaction.atomic
def monte_carlo_ranges_save(*, scenario, ranges, user, base_version):
    """Keep the Monte Carlo ranges with the scenario, as a new version (no audit
    event, as for any other edit)."""
    return _write(scenario, base_version, {"monte_carlo": ranges}, {}, user, "Monte Carlo ranges saved")
