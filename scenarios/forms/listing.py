"""The scenario list's search, filters and order, read from the query string.

A value the form refuses (a customer id that is not one, a sort it does not
know) gets the field's own error and is left out: the list falls back to that
field's default rather than failing."""

from django import forms
from django.db.models import F

from companies.models import Company

from ..models import Scenario

PAGE_SIZE = 25

OWNERS = [("", "All"), ("mine", "Mine"), ("shared", "Shared with me")]
VISIBILITIES = [
    ("", "Any"),
    (Scenario.Visibility.PRIVATE, "Private"),
    (Scenario.Visibility.SHARED, "Shared with everyone"),
]

# value: (label, ordering). The first is the default. Ties go by id, so no row
# shows on two pages; figures not worked out ("—") come last either way.
SORTS = {
    "-updated": ("Last updated, newest first", ("-updated_at", "-pk")),
    "updated": ("Last updated, oldest first", ("updated_at", "pk")),
    "-revenue": (
        "Cumulative revenue, highest first",
        (F("cumulative_revenue_usd").desc(nulls_last=True), "-pk"),
    ),
    "revenue": ("Cumulative revenue, lowest first", (F("cumulative_revenue_usd").asc(nulls_last=True), "pk")),
    "-npv": ("NPV, highest first", (F("npv_usd").desc(nulls_last=True), "-pk")),
    "npv": ("NPV, lowest first", (F("npv_usd").asc(nulls_last=True), "pk")),
}
DEFAULT_SORT = next(iter(SORTS))


class ScenarioListForm(forms.Form):
    q = forms.CharField(label="Name contains", required=False, max_length=120, strip=True)
    # Company ids, offered as (id, name) pairs rather than a ModelChoiceField's
    # instances: no model is built for each of hundreds of options, and checking
    # a choice needs no query.
    customer = forms.TypedChoiceField(label="Customer", required=False, coerce=int, empty_value=None)
    supplier_group = forms.TypedChoiceField(
        label="Supplier group", required=False, coerce=int, empty_value=None
    )
    owner = forms.ChoiceField(label="Owner", required=False, choices=OWNERS)
    visibility = forms.ChoiceField(label="Visibility", required=False, choices=VISIBILITIES)
    sort = forms.ChoiceField(
        label="Sort by", required=False, choices=[(value, label) for value, (label, _) in SORTS.items()]
    )

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user
        # Scenario.objects.visible_to is the one rule for what the list may hold.
        self.visible = Scenario.objects.visible_to(user)
        # Only the companies some scenario the user can see names: no choice finds nothing.
        for name, anyone in (("customer", "Any customer"), ("supplier_group", "Any group")):
            named = Company.objects.filter(pk__in=self.visible.values(f"{name}_id")).order_by("name")
            self.fields[name].choices = [("", anyone), *named.values_list("pk", "name")]

    @property
    def chosen(self):
        """Each field's value as given, or its default where it was left out or refused."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) or None for name in self.fields}

    @property
    def filtered(self):
        """Whether a search or filter narrows the list (the order does not)."""
        return any(value for name, value in self.chosen.items() if name != "sort")

    def scenarios(self):
        """The scenarios the user can see that the search and filters select, in the chosen order."""
        chosen = self.chosen
        scenarios = self.visible.with_related()
        if chosen["q"]:
            scenarios = scenarios.filter(name__icontains=chosen["q"])
        if chosen["customer"]:
            scenarios = scenarios.filter(customer_id=chosen["customer"])
        if chosen["supplier_group"]:
            scenarios = scenarios.filter(supplier_group_id=chosen["supplier_group"])
        if chosen["owner"] == "mine":
            scenarios = scenarios.filter(owner=self.user)
        elif chosen["owner"] == "shared":
            scenarios = scenarios.exclude(owner=self.user)
        if chosen["visibility"]:
            scenarios = scenarios.filter(visibility=chosen["visibility"])
        _, ordering = SORTS[chosen["sort"] or DEFAULT_SORT]
        return scenarios.order_by(*ordering)

    def anything_visible(self):
        """Whether the user can see any scenario at all, whatever the filters (one query)."""
        return self.visible.exists()
