import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm
from import_export.tmp_storages import CacheStorage

from .cache import bump_reference_data_stamp
from .models import Company, ComponentCategory, Fact, Source, SupplyRelationship
from .resources import (
    FORMATS,
    CompanyResource,
    ComponentCategoryResource,
    FactResource,
    SourceResource,
    SupplyRelationshipResource,
)

# Reference data is a few hundred rows; a file far larger is a mistake.
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class _ImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(f"Choose a file of at most {MAX_IMPORT_BYTES // 2**20} MB.")
        return upload


class _ConfirmImportForm(ConfirmImportForm):
    """The preview's hidden fields, posted back: checked before anything reads them,
    so that an edited form is refused rather than a 500."""

    def clean_import_file_name(self):
        name = super().clean_import_file_name()
        if not re.fullmatch(r"[0-9a-f]{32}", name):  # CacheStorage's names: uuid4().hex
            raise forms.ValidationError("This is not a file uploaded here; choose it again.")
        return name

    def clean_format(self):
        value = self.cleaned_data["format"]
        if value not in {str(index) for index in range(len(FORMATS))}:
            raise forms.ValidationError("Choose the file's format again.")
        return value

    def clean_resource(self):
        value = self.cleaned_data.get("resource", "")
        if value not in ("", "0"):
            raise forms.ValidationError("Choose the file again.")
        return value


class SpreadsheetAdminMixin(ImportExportMixin):
    """Import and export of the model's rows as CSV or XLSX (companies/resources.py):
    a preview of what will change, every row checked, and nothing imported unless
    every row is valid (one transaction, also when confirming)."""

    formats = FORMATS
    import_form_class = _ImportForm
    confirm_form_class = _ConfirmImportForm
    # Every column, always: an export then imports again unchanged. (The library's
    # column picker also needs an inline onchange handler, which the CSP refuses.)
    export_form_class = ExportForm
    # The upload waits for the confirmation in the shared cache: every worker
    # finds it, and a posted name is only ever a cache key, never a path.
    tmp_storage_class = CacheStorage
    import_template_name = "admin/companies/import.html"

    def has_import_permission(self, request):
        # An import adds and changes rows; it deletes none.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_context_data(self, **kwargs):
        key = self.get_import_resource_classes(None)[0]._meta.import_id_fields
        return super().get_import_context_data(**kwargs) | {"import_key": ", ".join(key)}

    def get_import_data_kwargs(self, **kwargs):
        file_format = self.get_import_formats()[int(kwargs["form"].cleaned_data["format"])]
        return super().get_import_data_kwargs(**kwargs) | {
            # A row refused on confirmation (the data changed since the preview) rolls back every row.
            "rollback_on_validation_errors": True,
            # A CSV cell "'=x" is the text "=x", as the export writes it.
            "csv_quoting": not file_format().is_binary(),
        }

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # The library knows its own XLSX class only: a workbook gets numbers, dates
        # and booleans as themselves, and text that resources.XLSX keeps as text.
        if not self.has_export_permission(request):
            raise PermissionDenied
        binary = file_format.is_binary()
        return file_format.export_data(
            self.get_data_for_export(request, queryset, force_native_type=binary, **kwargs)
        )

    def export_action(self, request):
        # The export takes the list's filters from the address, as the list does;
        # ones it cannot read are refused as the list refuses them, not a 500.
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            messages.error(request, "The list's filters in that address could not be read.")
            return HttpResponseRedirect(self._admin_url("export"))

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """The library's confirmation step, but the upload is taken out of the
        cache before it is imported: a second click on "Confirm import" (or a
        stale tab) finds it gone and imports nothing twice."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_confirm_form(request)
        if not form.is_valid():
            return super().process_import(request, **kwargs)  # the form's errors, on the import page
        key = CacheStorage.CACHE_PREFIX + form.cleaned_data["import_file_name"]
        data = cache.get(key)
        if data is None or not cache.delete(key):
            messages.error(request, "That file was imported already, or has expired; choose it again.")
            return HttpResponseRedirect(self._admin_url("import"))
        file_format = self.get_import_formats()[int(form.cleaned_data["format"])]
        dataset = file_format(encoding=self.from_encoding).create_dataset(data)
        return self.process_result(self.process_dataset(dataset, form, request, **kwargs), request)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, "Nothing was imported: the data changed since the preview. See below.")
            return self._result_page(request, result)
        # Pages cached with reference data (scenario pages) are retired once the rows are committed.
        transaction.on_commit(bump_reference_data_stamp)
        return super().process_result(result, request)

    def _result_page(self, request, result):
        form = self.get_import_form_class(request)(
            self.get_import_formats(), self.get_import_resource_classes(request)
        )
        resource = self.get_import_resource_classes(request)[0]()
        columns = [field.column_name for field in resource.get_user_visible_fields()]
        context = (
            self.get_import_context_data()
            | self.admin_site.each_context(request)
            | {
                "title": "Import",
                "opts": self.model._meta,
                "form": form,
                "result": result,
                "media": self.media + form.media,
                "fields_list": [(resource.get_display_name(), columns)],
                "import_error_display": self.import_error_display,
            }
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def _admin_url(self, view):
        meta = self.model._meta
        return reverse(f"{self.admin_site.name}:{meta.app_label}_{meta.model_name}_{view}")


@admin.register(Source)
class SourceAdmin(SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [SourceResource]
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
class CompanyAdmin(SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [CompanyResource]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "parent", "country", "default_margin_pct"]
    list_filter = ["kind", "parent", "country", "default_margin_is_assumption"]
    list_select_related = ["parent"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "default_margin_source"]
    inlines = [AffiliateInline, SuppliesInline, PurchasesInline, FactInline]


@admin.register(ComponentCategory)
class ComponentCategoryAdmin(SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [ComponentCategoryResource]
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
class SupplyRelationshipAdmin(SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [SupplyRelationshipResource]
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
class FactAdmin(SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [FactResource]
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
