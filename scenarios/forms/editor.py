from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import all_valid
from django.utils.text import capfirst

from companies.models import Company
from core.forms import PlainNumberInput
from core.text import no_control_characters_in_a_line, no_control_characters_in_text
from modelling import currency, inputs

from .. import services
from ..models import Scenario
from .text import format_fx_rates, format_volume_overrides, parse_fx_rates, parse_volume_overrides


def input_field(declared, label=None):
    """A form field with the bounds, digits, label and slider modelling/inputs.py declares."""
    label = label or capfirst(declared.page_label)
    if declared.whole:
        field = forms.IntegerField(label=label, min_value=declared.low, max_value=declared.high)
    else:
        field = forms.DecimalField(
            label=label,
            min_value=declared.low,
            max_value=declared.high,
            max_digits=declared.max_digits,
            decimal_places=declared.decimal_places,
            widget=PlainNumberInput,
        )
    field.slider = declared.slider  # core.forms.BoundField.slider
    return field


def _scenario_formfield(model_field, **kwargs):
    declared = inputs.BY_NAME.get(model_field.name)
    return input_field(declared) if declared else model_field.formfield(**kwargs)


class ScenarioForm(forms.ModelForm):
    name = Scenario._meta.get_field("name").formfield(validators=[no_control_characters_in_a_line])
    description = Scenario._meta.get_field("description").formfield(
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters_in_text],
        help_text="Your own words, optional: the page writes the summary of the inputs itself.",
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    message = forms.CharField(
        label="What changed (optional)",
        required=False,
        max_length=200,
        validators=[no_control_characters_in_a_line],
        help_text="A line for the history, e.g. “Battery share to 80% after the supplier call”.",
    )
    volume_overrides_text = forms.CharField(
        label="Volume overrides",
        required=False,
        max_length=500,
        help_text="Vehicles in given years, e.g. “2026: 550000”. Later years grow from an override.",
    )
    fx_rates_text = forms.CharField(
        label="Exchange rates",
        required=False,
        max_length=500,
        help_text=(
            "Units of the reporting currency per US dollar in given years, e.g. “2026: 1450”; "
            "later years keep the last rate. Other years use the sourced rate."
        ),
    )

    class Meta:
        model = Scenario
        fields = services.SCENARIO_INPUTS  # what a save writes (services.scenario_save)
        # The declared inputs get their bounds from the declaration, so the form,
        # not only the model, says what the range is.
        formfield_callback = _scenario_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volume_overrides_text"].initial = format_volume_overrides(
            self.instance.volume_overrides_by_year
        )
        self.fields["fx_rates_text"].initial = format_fx_rates(self.instance.fx_rates_by_year)
        self.fields["base_version"].initial = self.instance.version

    @property
    def editor_fields(self):
        """The declared scenario inputs of volume, in the editor's order (scenario_edit.html)."""
        return [self[i.name] for i in inputs.SCENARIO if i not in inputs.VALUE]

    @property
    def value_fields(self):
        """The declared scenario inputs of what the revenue is worth: discount, tax, working capital."""
        return [self[i.name] for i in inputs.SCENARIO if i in inputs.VALUE]

    @property
    def value_assumptions(self):
        """Where the deal-value defaults come from: (label, default, basis) per input, then the rates'."""
        declared = [(i.page_label, i.default, i.default_basis) for i in inputs.SCENARIO if i in inputs.VALUE]
        rates = [(f"{c.code} rates", None, c.basis) for c in currency.CURRENCIES.values() if c.sourced_rates]
        return declared + rates

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if name == self.initial.get("name"):
            return name  # unchanged: no need to ask the database on every preview
        taken = Scenario.objects.filter(owner_id=self.instance.owner_id, name=name).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise ValidationError("You already have a scenario with this name.")
        return name

    def clean_volume_overrides_text(self):
        overrides = parse_volume_overrides(self.cleaned_data["volume_overrides_text"])
        for year, volume in overrides.items():
            if volume > inputs.MAX_VOLUME:
                raise ValidationError(f"The volume for {year} is above {inputs.MAX_VOLUME:,} vehicles.")
        return overrides

    def clean_fx_rates_text(self):
        return parse_fx_rates(self.cleaned_data["fx_rates_text"])

    def clean(self):
        cleaned = super().clean()
        first_year, horizon = cleaned.get("first_year"), cleaned.get("horizon_years")
        for name in ("volume_overrides_text", "fx_rates_text"):
            given = cleaned.get(name)
            if given and first_year and horizon:
                last_year = first_year + horizon - 1
                outside = sorted(y for y in given if not first_year <= y <= last_year)
                if outside:
                    self.add_error(
                        name,
                        f"{', '.join(map(str, outside))} is outside the projected years "
                        f"{first_year}–{last_year}.",
                    )
        if cleaned.get("fx_rates_text") and cleaned.get("reporting_currency") == "USD":
            self.add_error("fx_rates_text", "Choose a reporting currency other than USD for these rates.")
        return cleaned


class ComponentLineForm(forms.Form):
    """The editable assumptions of one existing line; which line it is comes
    from the server (the prefix), never from the posted data. Beside the
    supplier, a field for each per-component input modelling/inputs.py declares."""

    supplier = forms.TypedChoiceField(coerce=int, label="Supplier")

    def __init__(self, *args, line, affiliates, **kwargs):
        super().__init__(*args, prefix=f"line-{line.pk}", **kwargs)
        component = line.category.name
        self.fields["supplier"].label = f"{component}: supplier"
        self.fields.update(
            {i.name: input_field(i, label=f"{component}: {i.page_label}") for i in inputs.COMPONENT}
        )
        self.line = line
        self.affiliates = {company.pk: company for company in affiliates}
        self.fields["supplier"].choices = [(c.pk, c.name) for c in affiliates]
        if not self.is_bound:
            self.initial = {
                "supplier": line.supplier_id,
                **{i.name: getattr(line, i.name) for i in inputs.COMPONENT},
            }

    @property
    def editor_fields(self):
        """The declared per-component inputs, each labelled with its component:
        "Battery: supplier's share (%)"."""
        return [self[i.name] for i in inputs.COMPONENT]

    def clean_supplier(self):
        return self.affiliates[self.cleaned_data["supplier"]]


def editor_forms(scenario, lines, affiliates, data=None):
    """The scenario form and one form per component line, bound when data is given."""
    scenario_form = ScenarioForm(data, instance=scenario)
    line_forms = [ComponentLineForm(data, line=line, affiliates=affiliates) for line in lines]
    return scenario_form, line_forms


def editor_valid(scenario_form, line_forms):
    """Whether the editor's forms are valid each on its own and together: a line's
    up-front cost must fall in a year the scenario projects (the engine refuses
    it otherwise), which only the scenario's years can tell. Every save and
    preview checks through here."""
    if not all_valid([scenario_form, *line_forms]):
        return False
    first_year = scenario_form.cleaned_data["first_year"]
    last_year = first_year + scenario_form.cleaned_data["horizon_years"] - 1
    valid = True
    for form in line_forms:
        year = form.cleaned_data["upfront_year"]
        if form.cleaned_data["upfront_cost_usd"] and not first_year <= year <= last_year:
            form.add_error("upfront_year", f"{year} is outside the projected years {first_year}–{last_year}.")
            valid = False
    return valid


def editor_save(scenario, scenario_form, line_forms, *, user):
    """services.scenario_save with valid editor forms (editor_valid): the editor and
    the API save through here. services.StaleEdit when the edit's version is not the latest."""
    cleaned = scenario_form.cleaned_data
    return services.scenario_save(
        scenario=scenario,
        inputs=cleaned,
        line_inputs={form.line.pk: form.cleaned_data for form in line_forms},
        user=user,
        base_version=cleaned["base_version"],
        message=cleaned["message"],
    )


def engine_input_from_forms(scenario_form, line_forms):
    """The engine's input from valid, unsaved forms (the live preview)."""
    data = scenario_form.cleaned_data
    return inputs.engine_input(
        {
            **{i.name: data[i.name] for i in inputs.SCENARIO},
            "volume_overrides": data["volume_overrides_text"],
            "reporting_currency": data["reporting_currency"],
            "fx_rates": data["fx_rates_text"],
            "lines": [
                {
                    "category": form.line.category.slug,
                    "category_name": form.line.category.name,
                    "supplier": form.cleaned_data["supplier"].name,
                    **{i.name: form.cleaned_data[i.name] for i in inputs.COMPONENT},
                }
                for form in line_forms
            ],
        }
    )


class NewScenarioForm(forms.Form):
    name = forms.CharField(max_length=120, label="Name", validators=[no_control_characters_in_a_line])
    customer = forms.ModelChoiceField(
        queryset=Company.objects.exclude(kind=Company.Kind.GROUP), label="Customer (car maker)"
    )
    supplier_group = forms.ModelChoiceField(queryset=Company.objects.groups(), label="Supplier group")

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["customer"].initial = Company.objects.filter(slug="xiaomi").first()
        self.fields["supplier_group"].initial = Company.objects.filter(slug="samsung").first()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("Give the scenario a name.")
        if Scenario.objects.filter(owner=self.owner, name=name).exists():
            raise ValidationError("You already have a scenario with this name.")
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("customer") and cleaned.get("customer") == cleaned.get("supplier_group"):
            raise ValidationError("The customer and the supplier group must differ.")
        return cleaned


def _as_posted(bound_field):
    """The field's value as a browser posts it; "" for a field the post left out."""
    value = bound_field.value()
    return "" if value is None else str(value)


def as_post_data(forms):
    """What a browser would post for these unbound forms: every field, by its HTML name."""
    return {field.html_name: _as_posted(field) for form in forms for field in form}


def changed_since(base, scenario_form, line_forms):
    """The fields this (valid) edit changed from the base snapshot, by HTML name,
    each with the value it was posted with.

    Read from the bound forms, not the request: a crafted post may leave out a
    field the form does not require, which the form read as empty, so empty is
    what this edit changed it to.
    """
    cleaned = scenario_form.cleaned_data
    changed = [scenario_form[name] for name in ("name", "description") if cleaned[name] != base[name]]
    changed += [scenario_form[i.name] for i in inputs.SCENARIO if cleaned[i.name] != i.read(base[i.name])]
    if cleaned["volume_overrides_text"] != {int(y): v for y, v in base["volume_overrides"].items()}:
        changed.append(scenario_form["volume_overrides_text"])
    if cleaned["reporting_currency"] != base["reporting_currency"]:
        changed.append(scenario_form["reporting_currency"])
    if cleaned["fx_rates_text"] != {int(y): Decimal(r) for y, r in base["fx_rates"].items()}:
        changed.append(scenario_form["fx_rates_text"])
    base_lines = {line["category"]: line for line in base["lines"]}
    for form in line_forms:
        old = base_lines.get(form.line.category.slug)
        for name, value in form.cleaned_data.items():
            if old is None:
                changed.append(form[name])
            elif name == "supplier":
                if value.pk != old["supplier_id"]:
                    changed.append(form[name])
            elif value != inputs.BY_NAME[name].read(old[name]):
                changed.append(form[name])
    return {field.html_name: _as_posted(field) for field in changed}
