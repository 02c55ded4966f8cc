"""Pipelines: a portfolio of deals a supplier pursues, each won with a
probability, each deal one or more scenarios as its cases (bear, base, bull)
with weights that add up to 100%. Sharing follows the scenarios' rules."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from scenarios.models import Scenario

# One home for the bounds of a probability and a weight, in percent: the model's
# validators and the forms' min and max (pipelines/forms.py) both read them.
LOWEST, WHOLE = Decimal("0"), Decimal("100")
PERCENT = [MinValueValidator(LOWEST), MaxValueValidator(WHOLE)]


def check_weights(weights):
    """A deal's case weights (percent, Decimals) must add up to exactly 100."""
    total = sum(weights, Decimal("0"))
    if weights and total != WHOLE:
        raise ValidationError(
            f"The weights of a deal's cases must add up to 100%; these add up to {total.normalize():f}%.",
            code="weights",
        )


def split_evenly(count):
    """count weights (percent, two places) adding up to exactly 100: 33.34, 33.33, 33.33."""
    if count < 1:
        return []
    share = (WHOLE / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    weights = [share] * count
    weights[0] += WHOLE - share * count
    return weights


def rescaled(weights):
    """Weights scaled to add up to 100 again (two places; what rounding leaves goes
    to the largest), as when a case leaves its deal. All zero: split evenly."""
    total = sum(weights, Decimal("0"))
    if not total:
        return split_evenly(len(weights))
    scaled = [(weight * WHOLE / total).quantize(Decimal("0.01")) for weight in weights]
    largest = max(range(len(scaled)), key=scaled.__getitem__)
    scaled[largest] += WHOLE - sum(scaled, Decimal("0"))
    return scaled


class PipelineQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The owner's, those shared with everyone and those shared by name;
        Pipeline.is_visible_to says the same of one pipeline."""
        if not user.is_authenticated:
            return self.none()
        named = PipelineShare.objects.filter(user=user).values("pipeline_id")
        return self.filter(Q(owner=user) | Q(visibility=Pipeline.Visibility.SHARED) | Q(pk__in=named))


class Pipeline(models.Model):
    Visibility = Scenario.Visibility

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pipelines")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=2000)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PipelineQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="pipeline_unique_name_per_owner")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("pipelines:detail", args=[self.pk])

    @property
    def is_shared(self):
        return self.visibility == self.Visibility.SHARED

    def is_visible_to(self, user):
        if not user.is_authenticated:
            return False
        if self.owner_id == user.pk or self.is_shared:
            return True
        return self.shares.filter(user=user).exists()

    def can_edit(self, user):
        if self.owner_id == user.pk:
            return True
        return self.shares.filter(user=user, can_edit=True).exists()


class PipelineShare(models.Model):
    """A pipeline shared with one named user, to view or to edit."""

    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="shares")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    can_edit = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__username"]
        constraints = [
            models.UniqueConstraint(fields=["pipeline", "user"], name="pipeline_share_once_per_user")
        ]

    def __str__(self):
        return f"{self.pipeline} with {self.user}"


class Deal(models.Model):
    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="deals")
    name = models.CharField(max_length=120)
    probability_pct = models.DecimalField(
        "win probability (%)", max_digits=5, decimal_places=2, validators=PERCENT
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(probability_pct__gte=0) & Q(probability_pct__lte=100),
                name="deal_probability_within_0_100",
            )
        ]

    def __str__(self):
        return self.name


class DealCase(models.Model):
    """One scenario as a case of a deal, with its weight among the deal's cases."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="cases")
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="deal_cases")
    label = models.CharField(max_length=40, blank=True, help_text="bear, base, bull…")
    weight_pct = models.DecimalField("weight (%)", max_digits=5, decimal_places=2, validators=PERCENT)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["deal", "scenario"], name="case_once_per_deal"),
            models.CheckConstraint(
                condition=Q(weight_pct__gte=0) & Q(weight_pct__lte=100), name="case_weight_within_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.deal}: {self.label or self.scenario}"
