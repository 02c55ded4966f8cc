from django.contrib import admin
from django.db import models

from .models import Company, ComponentCategory, Fact, Source, SupplyRelationship


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "publisher", "published_on", "address"]
    list_filter = ["publisher"]
    search_fields = ["title", "publisher", "excerpt"]
    date_hierarchy = "published_on"


class AffiliateInline(admin.TabularInline):
    model = Company
    fk_name = "parent"
    fields = ["name", "slug", "kind", "country"]
    prepopulated_fields = {"slug": ["name"]}
    extra = 0
    verbose_name = "affiliate"
    verbose_name_plural = "affiliates in this group"
    show_change_link = True


class _RelationshipInline(admin.TabularInline):
    model = SupplyRelationship
    fields = ["supplier", "customer", "component", "segment", "status", "evidence", "since_year", "source"]
    autocomplete_fields = ["supplier", "customer", "component", "source"]
    extra = 0
    show_change_link = True


class SuppliesInline(_RelationshipInline):
    fk_name = "supplier"
    verbose_name_plural = "supplies (as supplier)"


class PurchasesInline(_RelationshipInline):
    fk_name = "customer"
    verbose_name_plural = "purchases (as customer)"


class FactInline(admin.TabularInline):
    model = Fact
    fields = ["metric", "label", "value", "unit", "year", "period", "kind", "qualifier", "source"]
    autocomplete_fields = ["source"]
    extra = 0


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "parent", "country", "default_margin_pct"]
    list_filter = ["kind", "parent", "country", "default_margin_is_assumption"]
    list_select_related = ["parent"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "default_margin_source"]
    inlines = [AffiliateInline, SuppliesInline, PurchasesInline, FactInline]


@admin.register(ComponentCategory)
class ComponentCategoryAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "used_in_ev",
        "default_value_usd",
        "default_annual_price_change_pct",
        "default_value_kind",
        "default_value_source",
    ]
    list_filter = ["used_in_ev", "default_value_kind"]
    list_select_related = ["default_value_source"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["default_value_source"]


@admin.register(SupplyRelationship)
class SupplyRelationshipAdmin(admin.ModelAdmin):
    # Status and evidence before the long columns, evidence in a word and the source by
    # its publisher (the full title is one click away), so the list fits beside its
    # filters without cutting a column.
    list_display = [
        "supplier",
        "customer",
        "component",
        "status",
        "evidence_grade",
        "segment",
        "since_year",
        "source_publisher",
    ]
    list_filter = ["segment", "status", "evidence", "component", "supplier__parent"]
    list_select_related = ["supplier", "customer", "component", "source"]
    search_fields = ["supplier__name", "customer__name", "component__name", "quote", "notes"]
    autocomplete_fields = ["supplier", "customer", "component", "source"]

    @admin.display(description="evidence", ordering="evidence")
    def evidence_grade(self, relationship):
        # The stored value is the grade in a word (supplier, customer, both, press, inferred).
        return relationship.evidence

    @admin.display(description="source", ordering="source__publisher")
    def source_publisher(self, relationship):
        return relationship.source.publisher or relationship.source.title


@admin.register(Fact)
class FactAdmin(admin.ModelAdmin):
    list_display = ["label", "company", "display_value", "when", "kind", "source"]
    list_filter = ["kind", "metric", "company"]
    list_select_related = ["company", "source"]
    search_fields = ["label", "metric", "note", "company__name"]
    autocomplete_fields = ["company", "source"]

    @admin.display(description="value")
    def display_value(self, fact):
        return fact.display_value

    @admin.display(description="year or period", ordering="year")
    def when(self, fact):
        return fact.when or "—"
