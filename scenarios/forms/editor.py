import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst

from companies.models import Company
from modelling import currency, inputs

from .. import services
from ..models import Scenario

# Characters nobody means to type, which show as nothing where they sit: a
# name or note with one is refused with a message saying which. What staff
# enter in the admin may still hold them; exports.exportable_text makes that
# exportable. NUL is left to Django's CharField, which refuses it already.
_CONTROL_IN_A_LINE = re.compile(r"[\x01-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks are text


def _refusing(control_characters):
    def validate(value):
        found = control_characters.search(value)
        if found:
            raise ValidationError(
                f"Remove the invisible control character U+{ord(found.group()):04X} from this text.",
                code="control_character",
            )

    return validate


no_control_characters_in_a_line = _refusing(_CONTROL_IN_A_LINE)
no_control_characters_in_text = _refusing(_CONTROL_IN_TEXT)

# A comma followed by a year and a colon starts a new item; any other comma is
# a thousands separator ("2026: 550,000, 2027: 700,000").
_OVERRIDE_SEPARATOR = re.compile(r"[;\n]|,(?=\s*\d{4}\s*[:=])")
_VOLUME_SEPARATORS = ",_ "


def _year_and_digits(item):
    """(2026, "550000") from " 2026 : 550,000 ", or None if the item is not year: vehicles.

    Read with str methods rather than one pattern: spaces may sit inside the
    volume and around it, and a pattern that lets both claim them backtracked
    for a quarter of a second over a 500-character field (bench/parse_overrides.py).
    isdecimal and strip agree with the \\d and \\s the separator pattern uses.
    """
    text = item.strip()
    year, rest = text[:4], text[4:].lstrip()
    if not (len(year) == 4 and year.isdecimal() and rest[:1] in (":", "=")):
        return None
    volume = rest[1:].strip()
    if not all(c.isdecimal() or c in _VOLUME_SEPARATORS for c in volume):
        return None
    digits = "".join(c for c in volume if c.isdecimal())
    return (int(year), digits) if digits else None


def parse_volume_overrides(text):
    """'2026: 550,000; 2027: 700000' -> {2026: 550000, 2027: 700000}."""
    overrides = {}
    for item in _OVERRIDE_SEPARATOR.split(text or ""):
        if not item.strip():
            continue
        parsed = _year_and_digits(item)
        if parsed is None:
            raise ValidationError(
                "Write each override as year: vehicles, e.g. “2026: 550000; 2027: 700000”. "
                f"Could not read “{item.strip()[:40]}”."
            )
        year, digits = parsed
        if len(digits) > 12:
            raise ValidationError(f"The volume for {year} is too large.")
        if year in overrides:
            raise ValidationError(f"{year} is given twice.")
        overrides[year] = int(digits)
    return overrides


def format_volume_overrides(overrides):
    return "; ".join(f"{year}: {volume}" for year, volume in sorted(overrides.items()))


def parse_fx_rates(text):
    """'2026: 1,450.5; 2027: 1500' -> {2026: Decimal('1450.5'), 2027: Decimal('1500')}."""
    rates = {}
    for item in _OVERRIDE_SEPARATOR.split(text or ""):
        if not item.strip():
            continue
        year, _, rate = item.replace("=", ":").partition(":")
        year, rate = year.strip(), rate.strip().replace(",", "").replace("_", "").replace(" ", "")
        try:
            value = Decimal(rate)
        except InvalidOperation:
            value = None
        if not (len(year) == 4 and year.isdecimal()) or value is None or not value.is_finite():
            raise ValidationError(
                "Write each rate as year: units per US dollar, e.g. “2026: 1450; 2027: 1500”. "
                f"Could not read “{item.strip()[:40]}”."
            )
        if not 0 < value <= currency.MAX_RATE or value.as_tuple().exponent < -6:
            raise ValidationError(
                f"The rate for {year} must be above 0 and at most {currency.MAX_RATE:,}, "
                "with at most six decimal places."
            )
        if int(year) in rates:
            raise ValidationError(f"{year} is given twice.")
        rates[int(year)] = value
    return rates


def format_fx_rates(rates):
    return "; ".join(f"{year}: {rate}" for year, rate in sorted(rates.items()))


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
        )
    field.slider = declared.slider  # core.forms.BoundField.slider
    return field


def _scenario_formfield(model_field, **kwargs):
    declared = inputs.BY_NAME.get(model_field.name)
    return input_field(declared) if declared else model_field.formfield(**kwargs)


class ScenarioForm(forms.ModelForm):
    name = Scenario._meta.get_field("name").formfield(validators=[no_control_characters_in_a_line])
    description = Scenario._meta.get_field("description").formfield(
        widget=forms.Textarea(attrs={"rows": 2}), validators=[no_control_characters_in_text]
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
