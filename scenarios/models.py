from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from companies.models import Company, ComponentCategory
from modelling import currency, engine, inputs


def _within(declared):
    return [MinValueValidator(declared.low), MaxValueValidator(declared.high)]


def _decimal(declared, **extra):
    """A model field with the digits and bounds modelling/inputs.py declares."""
    if declared.default is not None:
        extra.setdefault("default", declared.default)
    return models.DecimalField(
        max_digits=declared.max_digits,
        decimal_places=declared.decimal_places,
        validators=_within(declared),
        **extra,
    )


class ScenarioQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What user may open: their own, those shared with everyone, and those
        shared with them by name. Scenario.is_visible_to says the same of one
        scenario already loaded (tests/scenarios/test_access.py holds them equal)."""
        if not user.is_authenticated:
            return self.none()
        shared_with_user = ScenarioShare.objects.filter(user=user).values("scenario_id")
        return self.filter(
            Q(owner=user) | Q(visibility=Scenario.Visibility.SHARED) | Q(pk__in=shared_with_user)
        )

    def with_related(self):
        return self.select_related("owner", "customer", "supplier_group")


def headline_figures(snapshot):
    """The stored figures (Scenario.cumulative_revenue_usd, npv_usd) that the
    inputs of a snapshot (modelling/snapshots.take) give, by field name."""
    projection = engine.project(inputs.engine_input(snapshot))
    return {
        "cumulative_revenue_usd": projection.cumulative_revenue,
        "npv_usd": projection.value.total.npv,
    }


class Scenario(models.Model):
    class Visibility(models.TextChoices):
        PRIVATE = "private", "Private"
        SHARED = "shared", "Shared read-only with every logged-in user"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=2000)
    customer = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    supplier_group = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE)

    # Bounds and digits from modelling/inputs.py; tests/scenarios/test_inputs.py checks they agree.
    first_year = models.PositiveSmallIntegerField(validators=_within(inputs.FIRST_YEAR))
    horizon_years = models.PositiveSmallIntegerField(validators=_within(inputs.HORIZON))
    first_year_volume = models.PositiveIntegerField(
        validators=[MaxValueValidator(inputs.FIRST_YEAR_VOLUME.high)], help_text="Vehicles in the first year."
    )
    annual_growth_pct = _decimal(inputs.GROWTH)
    # {"2026": 550000}: JSON object keys are strings; volume_overrides_by_year converts.
    volume_overrides = models.JSONField(default=dict, blank=True)
    discount_rate_pct = _decimal(inputs.DISCOUNT_RATE)
    tax_rate_pct = _decimal(inputs.TAX_RATE)
    working_capital_pct = _decimal(inputs.WORKING_CAPITAL)
    reporting_currency = models.CharField(max_length=3, choices=currency.CHOICES, default="USD")
    # {"2026": "1450.5"}: the scenario's own rates (units per dollar), as text so nothing is rounded.
    fx_rates = models.JSONField(default=dict, blank=True)
    # The Monte Carlo ranges last saved from the analysis page (see analysis_forms.MonteCarloForm).
    monte_carlo = models.JSONField(default=dict, blank=True)

    # What the list shows and sorts by, in US dollars (headline_figures below),
    # stored with every version (services.scenario_version_record) so the list
    # projects nothing; None where none could be worked out (migration 0007
    # leaves it so for inputs the engine refuses), which the list shows as "—".
    cumulative_revenue_usd = models.FloatField(null=True, blank=True, editable=False)
    npv_usd = models.FloatField(null=True, blank=True, editable=False)

    # Bumped on every save so a stale edit can be detected.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="scenario_unique_name_per_owner"),
        ]
        # The list's orders (forms/listing.py SORTS): a page is read off an index in
        # order rather than every visible row sorted (bench/pages_at_scale.py).
        indexes = [
            models.Index(fields=["updated_at", "id"], name="scenario_by_updated"),
            models.Index(fields=["cumulative_revenue_usd", "id"], name="scenario_by_revenue"),
            models.Index(fields=["npv_usd", "id"], name="scenario_by_npv"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("scenarios:detail", args=[self.pk])

    @property
    def last_year(self):
        return self.first_year + self.horizon_years - 1

    @property
    def volume_overrides_by_year(self):
        return {int(year): volume for year, volume in sorted(self.volume_overrides.items())}

    @property
    def fx_rates_by_year(self):
        return {int(year): Decimal(str(rate)) for year, rate in sorted(self.fx_rates.items())}

    @property
    def reporting_currency_name(self):
        """The reporting currency as a sentence names it: "South Korean won"."""
        return currency.CURRENCIES[self.reporting_currency].name

    @property
    def is_shared(self):
        return self.visibility == self.Visibility.SHARED

    def is_visible_to(self, user):
        """ScenarioQuerySet.visible_to for one scenario: the owner and the
        shared-with-everyone case need no query, which is most page views."""
        if not user.is_authenticated:
            return False
        if self.owner_id == user.pk or self.is_shared:
            return True
        return self.shares.filter(user=user).exists()

    def can_edit(self, user):
        if self.owner_id == user.pk:
            return True
        return self.shares.filter(user=user, can_edit=True).exists()


class ComponentLineQuerySet(models.QuerySet):
    def for_snapshots(self):
        """Lines with only the columns modelling/snapshots.take reads: the
        category's slug and name, the supplier's name and the declared inputs."""
        return self.select_related("category", "supplier").only(
            "scenario_id",
            "supplier_id",
            "category__slug",
            "category__name",
            "supplier__name",
            *(declared.name for declared in inputs.COMPONENT),
        )


class ComponentLine(models.Model):
    """One component category's assumptions within a scenario."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="lines")
    category = models.ForeignKey(ComponentCategory, on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    content_value_usd = _decimal(inputs.CONTENT_VALUE)
    annual_price_change_pct = _decimal(inputs.PRICE_CHANGE)
    share_pct = _decimal(inputs.SHARE)
    supply_start_year = models.PositiveSmallIntegerField(validators=_within(inputs.SUPPLY_START))
    operating_margin_pct = _decimal(inputs.MARGIN, default=0)
    upfront_cost_usd = _decimal(inputs.UPFRONT_COST, default=0)
    upfront_year = models.PositiveSmallIntegerField(validators=_within(inputs.UPFRONT_YEAR))

    objects = ComponentLineQuerySet.as_manager()

    class Meta:
        ordering = ["category__order", "category__name"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "category"], name="line_unique_category"),
            models.CheckConstraint(
                condition=Q(share_pct__gte=0, share_pct__lte=100), name="line_share_0_to_100"
            ),
            models.CheckConstraint(condition=Q(content_value_usd__gte=0), name="line_value_not_negative"),
        ]

    def __str__(self):
        return f"{self.scenario}: {self.category}"

    @property
    def uses_default_value(self):
        return self.content_value_usd == self.category.default_value_usd


class ScenarioShare(models.Model):
    """A scenario shared with one named user, to view or to edit."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="shares")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    can_edit = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__username"]
        constraints = [models.UniqueConstraint(fields=["scenario", "user"], name="share_once_per_user")]

    def __str__(self):
        return f"{self.scenario} → {self.user} ({'edit' if self.can_edit else 'view'})"


class ShareLinkQuerySet(models.QuerySet):
    def active(self, now):
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ShareLink(models.Model):
    """A read-only link for someone without an account; the token is the secret."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="links")
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Link to {self.scenario}"

    def get_absolute_url(self):
        return reverse("public:detail", args=[self.token])

    def is_active(self, now):
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class ScenarioVersion(models.Model):
    """The full set of inputs as saved; history is only ever appended to."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    inputs = models.JSONField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)
    message = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["scenario", "number"], name="version_number_once")]

    def __str__(self):
        return f"{self.scenario} v{self.number}"


class AuditEvent(models.Model):
    """Who did what to which scenario, from where; also written as a JSON line."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=40)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    scenario = models.ForeignKey(
        Scenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit"
    )
    object_repr = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '-'} {self.action} {self.object_repr}"

    @property
    def in_words(self):
        from .audit import in_words  # audit.py writes these rows and imports this module

        return in_words(self)
