"""Forms for the analysis tools; bounds come from the input declaration, messages name fields.

An input to vary travels as its key ("share:battery"); each form cleans it
into an analysis.AnalysisInput. What a tool measures travels as "metric"
("revenue", "ebit" or "npv"; left out, revenue, as links from before it had a
choice expect) and is cleaned into an analysis.Metric. Money is in the
scenario's reporting currency, typed as people write it ("15.5B", "$15.5bn",
text.parse_money); the fields keep their names ("target_usd"), which links and
saved Monte Carlo ranges carry.

Every default range lies within the declared bounds whatever the scenario, and
holds the scenario's own value (Monte Carlo's most likely value is that value):
for every component's share, their mean, at which the mix kept is the scenario's own.
"""

from functools import partial

from django import forms
from django.core.exceptions import ValidationError

from modelling import analysis, inputs

from .text import parse_money

DISTRIBUTIONS = [("triangular", "Triangular"), ("pert", "PERT")]
VOLUME, GROWTH, SHARE = (analysis.AnalysisInput.parse(key) for key in ("volume", "growth", "share"))
MAX_MONEY = 1e18  # a target either way, in any reporting currency: far beyond any deal


def metric_field():
    """The target metric, cleaned into an analysis.Metric; revenue when left out."""
    return forms.TypedChoiceField(
        label="Target",
        choices=[(metric.code, metric.label) for metric in analysis.METRICS.values()],
        coerce=analysis.Metric.parse,
        empty_value=analysis.REVENUE,
        required=False,
        initial=analysis.REVENUE.code,
    )


class MoneyField(forms.FloatField):
    """An amount in the scenario's reporting currency (currency, set by the form),
    as text.parse_money reads it; cleaned into a float."""

    widget = forms.TextInput(attrs={"placeholder": "e.g. 15.5B", "autocomplete": "off"})
    currency = None

    def to_python(self, value):
        amount = parse_money(value, self.currency)
        return None if amount is None else float(amount)


def money_field(label, **kwargs):
    return MoneyField(label=label, min_value=-MAX_MONEY, max_value=MAX_MONEY, **kwargs)


def check_target(form, field):
    """A revenue target cannot be negative; EBIT and NPV can."""
    metric, target = form.cleaned_data.get("metric"), form.cleaned_data.get(field)
    if metric and target is not None and target < 0 and not metric.can_be_negative:
        form.add_error(
            field, f"{metric.label} cannot be negative: ensure this value is greater than or equal to 0."
        )


def check_moved(form, field):
    """An input the metric does not depend on (a margin, for revenue) is refused."""
    metric, varied = form.cleaned_data.get("metric"), form.cleaned_data.get(field)
    if metric and varied and not metric.moved_by(varied):
        form.add_error(
            field, f"{varied.label(form.scenario)} does not change {metric.in_text}: target EBIT or NPV."
        )


def input_field(scenario, tool, **kwargs):
    """A choice of what the tool varies, cleaned into an analysis.AnalysisInput."""
    return forms.TypedChoiceField(
        choices=[(varied.key, varied.label(scenario)) for varied in analysis.analysis_inputs(scenario, tool)],
        coerce=partial(analysis.AnalysisInput.parse, scenario=scenario),
        **kwargs,
    )


# AnalysisInputError.field -> the form field it is about (else the form's own error)
ERROR_FIELDS = {"input": "name", "target": "target_usd", "x_range": "x_high", "y_range": "y_high"}


def with_defaults(form_class, given=None, **kwargs):
    """A tool's form bound to the page's defaults (each field's initial value, saved
    Monte Carlo ranges included) with given over them: a tool the page runs before
    anyone asked, or the API's request that names only what it changes."""
    form = form_class(**kwargs)
    defaults = {name: form.get_initial_for_field(field, name) for name, field in form.fields.items()}
    form.is_bound = True
    form.data = {**defaults, **(given or {})}
    return form


def run_tool(form, tool, *args, **kwargs):
    """The tool's result, or None with the error put beside its field: what a valid
    form's run() gives, on the page and through the API alike."""
    try:
        return tool(*args, **kwargs)
    except analysis.AnalysisInputError as error:
        field = ERROR_FIELDS.get(error.field, error.field)
        form.add_error(field if field in form.fields else None, error.message)
        return None


class SensitivityForm(forms.Form):
    metric = metric_field()
    x_name = forms.ChoiceField(label="Across")
    x_low = forms.FloatField(label="from")
    x_high = forms.FloatField(label="to")
    y_name = forms.ChoiceField(label="Down")
    y_low = forms.FloatField(label="from")
    y_high = forms.FloatField(label="to")
    steps = forms.IntegerField(label="Steps", min_value=2, max_value=analysis.MAX_GRID, initial=21)

    def __init__(self, *args, scenario, **kwargs):
        super().__init__(*args, **kwargs)
        self.scenario = scenario
        self.fields["x_name"] = input_field(scenario, "sensitivity", label="Across")
        self.fields["y_name"] = input_field(scenario, "sensitivity", label="Down")
        volume = scenario.first_year_volume
        self.initial = {
            "metric": analysis.REVENUE.code,
            "x_name": "share",  # every component's, the mix kept: the grid passes through the scenario
            "x_low": inputs.SHARE.low,
            "x_high": inputs.SHARE.high,
            "y_name": "volume",
            "y_low": round(volume * 0.5),
            "y_high": round(VOLUME.clip(volume * 1.5)) if volume else 500_000,
            "steps": 21,
            **self.initial,
        }

    def clean(self):
        cleaned = super().clean()
        check_moved(self, "x_name")
        check_moved(self, "y_name")
        return cleaned

    def run(self):
        data = self.cleaned_data
        return run_tool(
            self,
            analysis.sensitivity_grid,
            self.scenario,
            data["x_name"],
            (data["x_low"], data["x_high"]),
            data["y_name"],
            (data["y_low"], data["y_high"]),
            steps=data["steps"],
            metric=data["metric"],
        )


class TornadoForm(forms.Form):
    metric = metric_field()
    swing_pct = forms.FloatField(label="Move each input by ± (%)", min_value=0.1, max_value=100, initial=20)

    def run(self, scenario):
        data = self.cleaned_data
        return run_tool(self, analysis.tornado, scenario, data["swing_pct"], metric=data["metric"])


class GoalSeekForm(forms.Form):
    metric = metric_field()
    year = forms.TypedChoiceField(label="Measured", coerce=int, empty_value=None, required=False)
    target_usd = money_field("Value to reach")
    name = forms.ChoiceField(label="Solve for")

    def __init__(self, *args, scenario, **kwargs):
        super().__init__(*args, **kwargs)
        self.scenario = scenario
        self.fields["target_usd"].label = f"Value to reach ({scenario.currency})"
        self.fields["target_usd"].currency = scenario.currency
        self.fields["name"] = input_field(scenario, "goal", label="Solve for")
        self.fields["year"].choices = [("", "Over the whole horizon")] + [
            (year, f"In {year} only") for year in scenario.years
        ]
        self.initial = {
            "metric": analysis.REVENUE.code,
            "target_usd": 10_000_000_000,
            "name": "share",
            **self.initial,
        }

    def clean(self):
        cleaned = super().clean()
        metric, year = cleaned.get("metric"), cleaned.get("year")
        check_target(self, "target_usd")
        check_moved(self, "name")
        if metric and year is not None and not metric.by_year:
            self.add_error(
                "year", f"{metric.label} is over the whole horizon: choose “Over the whole horizon”."
            )
        return cleaned

    def run(self):
        data = self.cleaned_data
        return run_tool(
            self,
            analysis.goal_seek,
            self.scenario,
            data["name"],
            data["target_usd"],
            year=data["year"],
            metric=data["metric"],
        )


class MonteCarloForm(forms.Form):
    metric = metric_field()
    draws = forms.IntegerField(label="Draws", min_value=1, max_value=analysis.MAX_DRAWS, initial=10_000)
    seed = forms.IntegerField(label="Seed", min_value=0, max_value=2**32 - 1, initial=1)
    target_usd = money_field("Chance of reaching", required=False)
    distribution = forms.ChoiceField(label="Distribution", choices=DISTRIBUTIONS, initial="triangular")

    # Always given a range: first-year volume, growth and every component's share;
    # their fields are "volume_low", "volume_mode", "volume_high" and so on. Any
    # other input Monte Carlo can vary (every component's margin, one component's
    # share, price change or margin) takes one of the extra rows.
    WIDE = (VOLUME, GROWTH, SHARE)
    PARTS = (("low", "low"), ("mode", "most likely"), ("high", "high"))
    EXTRA_RANGES = 2
    SAVED = ("metric", "draws", "seed", "target_usd", "distribution")  # kept with the ranges

    def __init__(self, *args, scenario, saved=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scenario = scenario
        self.fields["target_usd"].label = f"Chance of reaching ({scenario.currency})"
        self.fields["target_usd"].currency = scenario.currency
        for varied in self.WIDE:
            low, high = varied.input.bounds
            for part, label in self.PARTS:
                self.fields[f"{varied.key}_{part}"] = forms.FloatField(
                    label=f"{varied.label(scenario)}: low" if part == "low" else label,
                    min_value=low,
                    max_value=high,
                )
        for number in range(1, self.EXTRA_RANGES + 1):
            prefix = f"extra{number}"
            field = input_field(
                scenario, "montecarlo", label=f"Also vary ({number})", required=False, empty_value=None
            )
            field.choices = [("", "—")] + [
                (varied.key, varied.label(scenario))
                for varied in analysis.analysis_inputs(scenario, "montecarlo")
                if varied not in self.WIDE
            ]
            self.fields[f"{prefix}_name"] = field
            for part, label in self.PARTS:
                self.fields[f"{prefix}_{part}"] = forms.FloatField(label=label, required=False)
        volume, growth = scenario.first_year_volume, scenario.growth_pct
        share = SHARE.value(scenario)  # unrounded: the scenario's own mix, exactly
        self.initial = {
            "metric": analysis.REVENUE.code,
            "draws": 10_000,
            "seed": 1,
            "distribution": "triangular",
            "volume_low": round(volume * 0.8),
            "volume_mode": volume,
            "volume_high": round(VOLUME.clip(volume * 1.2)),
            "growth_low": GROWTH.clip(growth - 10),
            "growth_mode": growth,
            "growth_high": GROWTH.clip(growth + 10),
            "share_low": round(SHARE.clip(share - 20), 2),
            "share_mode": share,
            "share_high": round(SHARE.clip(share + 20), 2),
            **self.saved_initial(saved or {}),
            **self.initial,
        }

    @classmethod
    def saved_initial(cls, saved):
        """The form's initial values from ranges as Scenario.monte_carlo keeps them:
        {"draws": ..., "volume": [low, mode, high], "price:battery": [...], ...}."""
        initial = {key: saved[key] for key in cls.SAVED if key in saved}
        for varied in cls.WIDE:
            if varied.key in saved:
                parts = (f"{varied.key}_{part}" for part, _ in cls.PARTS)
                initial.update(zip(parts, saved[varied.key], strict=True))
        extras = []
        for key in saved:
            try:
                if analysis.AnalysisInput.parse(key) not in cls.WIDE:
                    extras.append(key)
            except analysis.AnalysisInputError:
                continue  # not a range ("draws", "seed"...)
        for number, key in enumerate(extras[: cls.EXTRA_RANGES], start=1):
            initial[f"extra{number}_name"] = key
            parts = (f"extra{number}_{part}" for part, _ in cls.PARTS)
            initial.update(zip(parts, saved[key], strict=True))
        return initial

    def _ranged(self):
        """(field prefix, AnalysisInput) for every range this form holds."""
        ranged = [(varied.key, varied) for varied in self.WIDE]
        for number in range(1, self.EXTRA_RANGES + 1):
            varied = self.cleaned_data.get(f"extra{number}_name")
            if varied:
                ranged.append((f"extra{number}", varied))
        return ranged

    def as_saved(self):
        """The ranges as the scenario keeps them (Scenario.monte_carlo)."""
        data = self.cleaned_data
        saved = {key: data[key] for key in self.SAVED}
        saved["metric"] = data["metric"].code
        for prefix, varied in self._ranged():
            saved[varied.key] = [data[f"{prefix}_{part}"] for part, _ in self.PARTS]
        return saved

    def clean(self):
        cleaned = super().clean()
        check_target(self, "target_usd")
        for varied in self.WIDE:
            low, mode, high = (cleaned.get(f"{varied.key}_{part}") for part, _ in self.PARTS)
            if None not in (low, mode, high) and not low <= mode <= high:
                self.add_error(f"{varied.key}_mode", ValidationError("Needs low ≤ most likely ≤ high."))
        for number in range(1, self.EXTRA_RANGES + 1):
            prefix = f"extra{number}"
            varied = cleaned.get(f"{prefix}_name")
            if not varied:
                continue
            check_moved(self, f"{prefix}_name")
            low, mode, high = (cleaned.get(f"{prefix}_{part}") for part, _ in self.PARTS)
            if None in (low, mode, high):
                self.add_error(f"{prefix}_low", "Give low, most likely and high.")
            elif not low <= mode <= high:
                self.add_error(f"{prefix}_mode", "Needs low ≤ most likely ≤ high.")
            else:
                bound_low, bound_high = varied.bounds
                if low < bound_low or high > bound_high:
                    self.add_error(f"{prefix}_high", f"Must lie within {bound_low:,g} to {bound_high:,g}.")
        return cleaned

    def ranges(self):
        data = self.cleaned_data
        return [
            analysis.Range(
                varied, *(data[f"{prefix}_{part}"] for part, _ in self.PARTS), data["distribution"]
            )
            for prefix, varied in self._ranged()
        ]

    def run(self):
        data = self.cleaned_data
        return run_tool(
            self,
            analysis.monte_carlo,
            self.scenario,
            self.ranges(),
            draws=data["draws"],
            seed=data["seed"],
            target=data["target_usd"],
            metric=data["metric"],
        )
