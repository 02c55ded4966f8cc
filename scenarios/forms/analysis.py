"""Forms for the analysis tools; bounds come from the engine, messages name fields."""

from django import forms
from django.core.exceptions import ValidationError

from modelling import analysis, inputs

DISTRIBUTIONS = [("triangular", "Triangular"), ("pert", "PERT")]


def input_choices(scenario, *, goal=False):
    names = ["share", "volume", "growth"] if goal else analysis.variable_inputs(scenario)
    if goal:
        names += [f"share:{c.key}" for c in scenario.components]
    return [(name, analysis.input_label(scenario, name)) for name in names]


class SensitivityForm(forms.Form):
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
        self.fields["x_name"].choices = self.fields["y_name"].choices = input_choices(scenario)
        volume = scenario.first_year_volume
        self.initial = {
            "x_name": "share",
            "x_low": 0,
            "x_high": 100,
            "y_name": "volume",
            "y_low": round(volume * 0.5),
            "y_high": round(volume * 1.5) if volume else 500_000,
            "steps": 21,
            **self.initial,
        }

    def run(self):
        data = self.cleaned_data
        try:
            return analysis.sensitivity_grid(
                self.scenario,
                data["x_name"],
                (data["x_low"], data["x_high"]),
                data["y_name"],
                (data["y_low"], data["y_high"]),
                steps=data["steps"],
            )
        except analysis.AnalysisInputError as error:
            field = {"x_range": "x_high", "y_range": "y_high"}.get(error.field, error.field)
            self.add_error(field if field in self.fields else None, error.message)
            return None


class TornadoForm(forms.Form):
    swing_pct = forms.FloatField(label="Move each input by ± (%)", min_value=0.1, max_value=100, initial=20)


class GoalSeekForm(forms.Form):
    target_usd = forms.FloatField(label="Target (USD)", min_value=0, max_value=1e15)
    year = forms.TypedChoiceField(label="Measured as", coerce=int, empty_value=None, required=False)
    name = forms.ChoiceField(label="Solve for")

    def __init__(self, *args, scenario, **kwargs):
        super().__init__(*args, **kwargs)
        self.scenario = scenario
        self.fields["name"].choices = input_choices(scenario, goal=True)
        self.fields["year"].choices = [("", "Cumulative revenue over the horizon")] + [
            (year, f"Revenue in {year}") for year in scenario.years
        ]
        self.initial = {"target_usd": 10_000_000_000, "name": "share", **self.initial}


class MonteCarloForm(forms.Form):
    draws = forms.IntegerField(label="Draws", min_value=1, max_value=analysis.MAX_DRAWS, initial=10_000)
    seed = forms.IntegerField(label="Seed", min_value=0, max_value=2**32 - 1, initial=1)
    target_usd = forms.FloatField(label="Target cumulative revenue (USD)", min_value=0, required=False)
    distribution = forms.ChoiceField(label="Distribution", choices=DISTRIBUTIONS, initial="triangular")
    volume, growth, share = inputs.FIRST_YEAR_VOLUME.bounds, inputs.GROWTH.bounds, inputs.SHARE.bounds
    volume_low = forms.FloatField(
        label="Vehicles in the first year: low", min_value=volume[0], max_value=volume[1]
    )
    volume_mode = forms.FloatField(label="most likely", min_value=volume[0], max_value=volume[1])
    volume_high = forms.FloatField(label="high", min_value=volume[0], max_value=volume[1])
    growth_low = forms.FloatField(label="Annual growth (%): low", min_value=growth[0], max_value=growth[1])
    growth_mode = forms.FloatField(label="most likely", min_value=growth[0], max_value=growth[1])
    growth_high = forms.FloatField(label="high", min_value=growth[0], max_value=growth[1])
    share_low = forms.FloatField(
        label="Share of every component (%): low", min_value=share[0], max_value=share[1]
    )
    share_mode = forms.FloatField(label="most likely", min_value=share[0], max_value=share[1])
    share_high = forms.FloatField(label="high", min_value=share[0], max_value=share[1])
    del volume, growth, share

    EXTRA_RANGES = 2  # rows for any one component's share or price change

    def __init__(self, *args, scenario, saved=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scenario = scenario
        choices = [("", "—")] + [
            (f"{kind}:{c.key}", analysis.input_label(scenario, f"{kind}:{c.key}"))
            for c in scenario.components
            for kind in ("share", "price")
        ]
        for number in range(1, self.EXTRA_RANGES + 1):
            prefix = f"extra{number}"
            self.fields[f"{prefix}_name"] = forms.ChoiceField(
                label=f"Also vary ({number})", choices=choices, required=False
            )
            for part, label in (("low", "low"), ("mode", "most likely"), ("high", "high")):
                self.fields[f"{prefix}_{part}"] = forms.FloatField(label=label, required=False)
        volume, growth = scenario.first_year_volume, scenario.growth_pct
        share = round(analysis.base_value(scenario, "share"), 2)
        self.initial = {
            "draws": 10_000,
            "seed": 1,
            "distribution": "triangular",
            "volume_low": round(volume * 0.8),
            "volume_mode": volume,
            "volume_high": round(volume * 1.2),
            "growth_low": max(float(inputs.GROWTH.low), growth - 10),
            "growth_mode": growth,
            "growth_high": growth + 10,
            "share_low": round(max(0.0, share - 20), 2),
            "share_mode": share,
            "share_high": round(min(100.0, share + 20), 2),
            **self.saved_initial(saved or {}),
            **self.initial,
        }

    @staticmethod
    def saved_initial(saved):
        initial = {key: saved[key] for key in ("draws", "seed", "target_usd", "distribution") if key in saved}
        for prefix in ("volume", "growth", "share"):
            if prefix in saved:
                initial.update(
                    zip((f"{prefix}_low", f"{prefix}_mode", f"{prefix}_high"), saved[prefix], strict=True)
                )
        extras = [key for key in saved if ":" in key][: MonteCarloForm.EXTRA_RANGES]
        for number, key in enumerate(extras, start=1):
            initial[f"extra{number}_name"] = key
            parts = (f"extra{number}_low", f"extra{number}_mode", f"extra{number}_high")
            initial.update(zip(parts, saved[key], strict=True))
        return initial

    def as_saved(self):
        """The ranges as the scenario keeps them (Scenario.monte_carlo)."""
        data = self.cleaned_data
        saved = {key: data[key] for key in ("draws", "seed", "target_usd", "distribution")}
        for prefix in ("volume", "growth", "share"):
            saved[prefix] = [data[f"{prefix}_low"], data[f"{prefix}_mode"], data[f"{prefix}_high"]]
        for n in range(1, self.EXTRA_RANGES + 1):
            if data.get(f"extra{n}_name"):
                saved[data[f"extra{n}_name"]] = [
                    data[f"extra{n}_low"],
                    data[f"extra{n}_mode"],
                    data[f"extra{n}_high"],
                ]
        return saved

    def clean(self):
        cleaned = super().clean()
        for prefix in ("volume", "growth", "share"):
            low, mode, high = (cleaned.get(f"{prefix}_{part}") for part in ("low", "mode", "high"))
            if None not in (low, mode, high) and not low <= mode <= high:
                self.add_error(f"{prefix}_mode", ValidationError("Needs low ≤ most likely ≤ high."))
        for number in range(1, self.EXTRA_RANGES + 1):
            prefix = f"extra{number}"
            name = cleaned.get(f"{prefix}_name")
            if not name:
                continue
            low, mode, high = (cleaned.get(f"{prefix}_{part}") for part in ("low", "mode", "high"))
            if None in (low, mode, high):
                self.add_error(f"{prefix}_low", "Give low, most likely and high.")
            elif not low <= mode <= high:
                self.add_error(f"{prefix}_mode", "Needs low ≤ most likely ≤ high.")
            else:
                bound_low, bound_high = analysis.input_bounds(name)
                if low < bound_low or high > bound_high:
                    self.add_error(f"{prefix}_high", f"Must lie within {bound_low:,g} to {bound_high:,g}.")
        return cleaned

    def ranges(self):
        data = self.cleaned_data
        named = [("volume", "volume"), ("growth", "growth"), ("share", "share")]
        for number in range(1, self.EXTRA_RANGES + 1):
            if data.get(f"extra{number}_name"):
                named.append((f"extra{number}", data[f"extra{number}_name"]))
        return [
            analysis.Range(
                name,
                data[f"{prefix}_low"],
                data[f"{prefix}_mode"],
                data[f"{prefix}_high"],
                data["distribution"],
            )
            for prefix, name in named
        ]
