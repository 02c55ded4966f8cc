from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class Segment(models.TextChoices):
    SMARTPHONE = "smartphone", "Smartphones"
    EV = "ev", "Electric vehicles"


class Source(models.Model):
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    address = models.URLField(max_length=500, blank=True)
    excerpt = models.TextField(blank=True)

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["title", "publisher"], name="source_unique_title_publisher")
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.publisher else self.title

    def clean(self):
        if self.published_on and self.published_on > timezone.localdate():
            raise ValidationError({"published_on": "A source cannot be published in the future."})

    @property
    def citation(self):
        """One line a reader can look up: publisher, date and title."""
        parts = [self.publisher] if self.publisher else []
        if self.published_on:
            parts.append(self.published_on.isoformat())
        parts.append(f"“{self.title}”")
        return ", ".join(parts)


class CompanyQuerySet(models.QuerySet):
    def groups(self):
        return self.filter(kind=Company.Kind.GROUP)

    def in_group(self, group):
        """The group itself and every company whose parent it is."""
        return self.filter(Q(pk=group.pk) | Q(parent=group))


class Company(models.Model):
    class Kind(models.TextChoices):
        GROUP = "group", "Group"
        CAR_MAKER = "car_maker", "Car maker"
        DEVICE_MAKER = "device_maker", "Device maker"
        SUPPLIER = "supplier", "Supplier"
        FOUNDRY = "foundry", "Foundry"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    country = models.CharField(max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="affiliates",
        help_text="The group this company belongs to, if any.",
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    # A supplier's operating margin on what it sells, the default for its new component lines.
    default_margin_pct = models.DecimalField(
        "default operating margin (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(-100), MaxValueValidator(100)],
    )
    default_margin_is_assumption = models.BooleanField(
        default=True, help_text="Untick only when a published figure gives this margin directly."
    )
    default_margin_source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    default_margin_basis = models.TextField(
        blank=True, help_text="How the margin was reached, for a reader checking it."
    )

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:detail", args=[self.slug])

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "A company cannot be its own parent group."})
        # Walk up the chain so that no edit can make a loop of parents.
        seen = {self.pk}
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError({"parent": "This parent would make a loop of groups."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class ComponentCategory(models.Model):
    class ValueKind(models.TextChoices):
        SOURCED = "sourced", "Sourced: a published figure gives it"
        DERIVED = "derived", "Derived: calculated from published figures"
        ASSUMPTION = "assumption", "Assumption: no published figure gives it"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    used_in_ev = models.BooleanField(
        default=True, help_text="Part of an electric vehicle's bill of materials."
    )
    default_value_usd = models.DecimalField(
        "default content value per vehicle (USD)",
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    default_annual_price_change_pct = models.DecimalField(
        "default annual price change (%)",
        max_digits=6,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(-100)],
    )
    default_value_kind = models.CharField(
        "default value is",
        max_length=20,
        choices=ValueKind.choices,
        default=ValueKind.SOURCED,
        help_text=(
            "Sourced and derived values cite the source of their figures; a derived value's "
            "basis shows the calculation."
        ),
    )
    default_value_source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    default_value_basis = models.TextField(
        blank=True, help_text="How the value was reached, for a reader checking it."
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "component categories"
        constraints = [
            models.CheckConstraint(condition=Q(default_value_usd__gte=0), name="category_value_not_negative"),
            models.CheckConstraint(
                condition=Q(default_value_kind="assumption") | Q(default_value_source__isnull=False),
                name="category_value_cited_or_assumption",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def default_value_is_assumption(self):
        return self.default_value_kind == self.ValueKind.ASSUMPTION

    def clean(self):
        if not self.default_value_is_assumption and not self.default_value_source_id:
            raise ValidationError(
                {"default_value_source": "Cite a source, or mark the value as an assumption."}
            )
        if self.default_value_kind == self.ValueKind.DERIVED and not self.default_value_basis.strip():
            raise ValidationError({"default_value_basis": "Show the calculation a derived value comes from."})


class SupplyRelationshipQuerySet(models.QuerySet):
    def for_segment(self, segment):
        return self.filter(segment=segment)

    def involving(self, companies):
        return self.filter(Q(supplier__in=companies) | Q(customer__in=companies))

    def with_related(self):
        return self.select_related("supplier", "customer", "component", "source")


class SupplyRelationship(models.Model):
    class Status(models.TextChoices):
        ESTABLISHED = "established", "Established"
        POTENTIAL = "potential", "Potential"
        ENDED = "ended", "Ended"

    class Evidence(models.TextChoices):
        """Who says the relationship exists, or that nobody has: the one list of grades."""

        SUPPLIER = "supplier", "Disclosed by the supplier"
        CUSTOMER = "customer", "Disclosed by the customer"
        BOTH = "both", "Disclosed by both"
        PRESS = "press", "Reported by the press"
        INFERRED = "inferred", "Inferred by an analyst"

        @property
        def is_disclosed(self):
            """A party to the relationship said so itself."""
            grades = type(self)
            return self in (grades.SUPPLIER, grades.CUSTOMER, grades.BOTH)

    supplier = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="supplies")
    customer = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="purchases")
    component = models.ForeignKey(ComponentCategory, on_delete=models.PROTECT, related_name="relationships")
    segment = models.CharField(max_length=20, choices=Segment.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    since_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Only when the source gives the year."
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="relationships")
    # Unless someone says who disclosed it, a relationship counts as the weakest grade.
    evidence = models.CharField(
        max_length=20,
        choices=Evidence.choices,
        default=Evidence.INFERRED,
        help_text="Who says this relationship exists. For an inferred one, give the reason in the notes.",
    )
    # Only the source's own words; an analyst's reason for an inferred grade goes in notes.
    quote = models.TextField(blank=True, help_text="The words of the source that state this relationship.")
    notes = models.TextField(blank=True)

    objects = SupplyRelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["segment", "status", "supplier__name", "component__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "customer", "component", "segment"],
                name="relationship_unique_per_component_segment",
                violation_error_message=(
                    "This supplier already supplies this customer with this component in this segment."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(supplier=models.F("customer")),
                name="relationship_supplier_is_not_customer",
                violation_error_message="A company cannot supply itself.",
            ),
        ]

    def __str__(self):
        return f"{self.supplier} → {self.customer}: {self.component} ({self.get_segment_display()})"

    @property
    def is_inferred(self):
        return self.evidence == self.Evidence.INFERRED

    def clean(self):
        if self.supplier_id and self.supplier_id == self.customer_id:
            raise ValidationError({"customer": "A company cannot supply itself."})
        if self.since_year and self.since_year > timezone.localdate().year + 10:
            raise ValidationError({"since_year": "That year is too far ahead."})


class FactQuerySet(models.QuerySet):
    def deliveries_reported_by(self, company, years):
        """Reported EV deliveries (metric ev_deliveries, kind actual) for the years given."""
        return (
            self.filter(company=company, metric=Fact.DELIVERIES, kind=Fact.Kind.ACTUAL, year__in=list(years))
            .select_related("source")
            .order_by("year")
        )


class Fact(models.Model):
    # Scenario pages chart facts with this metric, kind "actual", beside the planned volume.
    DELIVERIES = "ev_deliveries"

    class Kind(models.TextChoices):
        ACTUAL = "actual", "Reported actual"
        PLAN = "plan", "Plan or target"
        ESTIMATE = "estimate", "Estimate"

    company = models.ForeignKey(
        Company,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facts",
        help_text="Leave empty for a figure about the whole market.",
    )
    metric = models.SlugField(
        max_length=60,
        help_text=(
            "A stable key so figures can be charted together. Reported vehicle deliveries use "
            "ev_deliveries with kind “Reported actual”: scenario pages show them beside the plan."
        ),
    )
    label = models.CharField(max_length=200)
    value = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=30, blank=True, help_text="vehicles, USD, CNY, %, …")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    period = models.CharField(
        max_length=60,
        blank=True,
        help_text=(
            "When the source gives a period rather than a calendar year (“first year on sale”); "
            "shown instead of the year."
        ),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ACTUAL)
    qualifier = models.CharField(
        max_length=30, blank=True, help_text="‘over’, ‘about’, ‘nearly’: how the source hedges the figure."
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="facts")
    note = models.TextField(blank=True)

    objects = FactQuerySet.as_manager()

    class Meta:
        ordering = ["company__name", "metric", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "metric", "year", "kind", "source"], name="fact_unique_per_source"
            )
        ]

    def __str__(self):
        return f"{self.label}: {self.display_value}"

    @property
    def when(self):
        """The period the source states, else the year; None when neither is known."""
        return self.period or self.year

    @property
    def display_value(self):
        from core.formatting import format_quantity

        if self.value is None:
            return f"by {self.year}" if self.year else "—"
        text = format_quantity(self.value, self.unit)
        return f"{self.qualifier} {text}" if self.qualifier else text
