from django import forms
from django.core.exceptions import ValidationError

from core.forms import PlainNumberInput
from core.text import no_control_characters_in_a_line, no_control_characters_in_text
from modelling.analysis import MAX_DRAWS
from scenarios.forms.analysis import MAX_MONEY, MoneyField

from . import services
from .models import LOWEST, WHOLE, Deal, DealCase, Pipeline, check_weights


class PipelineForm(forms.ModelForm):
    name = Pipeline._meta.get_field("name").formfield(validators=[no_control_characters_in_a_line])
    description = Pipeline._meta.get_field("description").formfield(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), validators=[no_control_characters_in_text]
    )

    class Meta:
        model = Pipeline
        fields = ["name", "description"]

    def clean_name(self):
        """A new pipeline is given a free name (services.pipeline_create); a
        renamed one must not take the name of another of its owner's."""
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("Give the pipeline a name.")
        others = Pipeline.objects.filter(owner_id=self.instance.owner_id, name=name).exclude(
            pk=self.instance.pk
        )
        if self.instance.pk and others.exists():
            raise ValidationError("You already have a pipeline with this name.")
        return name


def _probability_field(**kwargs):
    return Deal._meta.get_field("probability_pct").formfield(
        label="Win probability (%)", widget=PlainNumberInput, min_value=LOWEST, max_value=WHOLE, **kwargs
    )


class DealTermsForm(forms.Form):
    """A deal's row: its win probability and each case's weight, sent together
    (the weights are only right when they add up to 100%)."""

    def __init__(self, *args, deal, cases, **kwargs):
        super().__init__(*args, prefix=f"deal-{deal.pk}", **kwargs)
        self.deal, self.cases = deal, cases
        self.fields["probability_pct"] = _probability_field()
        self.initial["probability_pct"] = deal.probability_pct
        weight = DealCase._meta.get_field("weight_pct")
        for case in cases:
            name = f"weight_{case.pk}"
            self.fields[name] = weight.formfield(
                label=f"Weight of {case.label or case.scenario.name} (%)",
                widget=PlainNumberInput,
                min_value=LOWEST,
                max_value=WHOLE,
            )
            self.initial[name] = case.weight_pct

    def weight_fields(self):
        return [(case, self[f"weight_{case.pk}"]) for case in self.cases]

    def clean(self):
        cleaned = super().clean()
        weights = [cleaned.get(f"weight_{case.pk}") for case in self.cases]
        if all(weight is not None for weight in weights):
            try:
                check_weights(weights)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    @property
    def weights(self):
        return {case.pk: self.cleaned_data[f"weight_{case.pk}"] for case in self.cases}

    def save(self, *, user, ip=None):
        """Set the deal's terms from the valid form; whether they were set. A case
        added or removed since the row was drawn is the form's error, nothing saved."""
        try:
            services.deal_terms_set(
                deal=self.deal,
                user=user,
                probability_pct=self.cleaned_data["probability_pct"],
                weights=self.weights,
                ip=ip,
            )
        except ValidationError as error:
            self.add_error(None, error)
            return False
        return True


class AddToPipelineForm(forms.Form):
    """Where a scenario goes: a new deal in one of the user's pipelines, or one
    more case of a deal already there."""

    target = forms.ChoiceField(label="Add it as")
    probability_pct = _probability_field(required=False, help_text="For a new deal.")
    label = DealCase._meta.get_field("label").formfield(
        label="Case (optional)", validators=[no_control_characters_in_a_line]
    )

    def __init__(self, *args, pipelines, **kwargs):
        super().__init__(*args, **kwargs)
        self.pipelines = {pipeline.pk: pipeline for pipeline in pipelines}
        self.deals = {deal.pk: deal for pipeline in pipelines for deal in pipeline.deals.all()}
        choices = []
        for pipeline in pipelines:
            options = [(f"pipeline-{pipeline.pk}", f"a new deal in {pipeline.name}")]
            options += [
                (f"deal-{deal.pk}", f"a case of “{deal.name}” in {pipeline.name}")
                for deal in pipeline.deals.all()
            ]
            choices.append((pipeline.name, options))
        self.fields["target"].choices = choices
        self.fields["label"].widget.attrs["placeholder"] = "bear, base, bull…"

    def clean(self):
        cleaned = super().clean()
        kind, _, pk = (cleaned.get("target") or "").partition("-")
        if kind == "pipeline":
            cleaned["pipeline"], cleaned["deal"] = self.pipelines[int(pk)], None
            if cleaned.get("probability_pct") is None:
                self.add_error("probability_pct", "Give the new deal's chance of being won, 0–100%.")
        elif kind == "deal":
            deal = self.deals[int(pk)]
            cleaned["pipeline"], cleaned["deal"] = self.pipelines[deal.pipeline_id], deal
        return cleaned


class PipelineMonteCarloForm(forms.Form):
    """The draws of a pipeline's Monte Carlo; the ranges are each scenario's own, as saved."""

    draws = forms.IntegerField(label="Draws", min_value=1, max_value=MAX_DRAWS, initial=10_000)
    seed = forms.IntegerField(label="Seed", min_value=0, max_value=2**32 - 1, initial=1)
    target_usd = MoneyField(
        label="Target cumulative revenue (USD, optional)", required=False, min_value=0, max_value=MAX_MONEY
    )

    def __init__(self, data=None):
        super().__init__(data if data is not None and "draws" in data else None)

    def settings(self):
        """(draws, seed, target): the form's values, or the initial ones before any are sent."""
        if not self.is_bound:
            return 10_000, 1, None
        data = self.cleaned_data
        return data["draws"], data["seed"], data["target_usd"]
