"""Reference data as spreadsheet rows, for import and export in the admin
(django-import-export): one resource per model, each column named as the model
field it fills.

Rows are found by what people can type: companies and components by slug;
sources, supply relationships and facts by id, where an empty id adds a row.
Related rows are named the same way (a company or component by slug, a source
by its title, or by its id where two sources share a title), so an export
imports again unchanged. Every row is checked as the admin's forms check it
(the model's full_clean, its constraints each named by their columns) and
refused, with the row and column, rather than stored half-right.
"""

import datetime
import io
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.db.models import UniqueConstraint
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.styles import Font

from core.text import (
    FORMULA_START,
    exportable_text,
    no_control_characters_in_a_line,
    no_control_characters_in_text,
)

from .models import Company, ComponentCategory, Fact, Source, SupplyRelationship

_NO_NUL = ProhibitNullCharactersValidator()
# A CSV cell a spreadsheet would run as a formula is written with a leading
# apostrophe, as core.text.safe_text writes them; so is one that starts with
# apostrophes before such a character, and an import of a CSV (csv_quoting=True)
# takes one apostrophe off again: what is exported imports unchanged. A workbook
# needs none of this: its text cells are text.
# Thousands written with commas, as a spreadsheet may save "137,000".
_GROUPED = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?")


def _csv_text(text):
    """Text for a CSV cell: exportable (scenarios.exports.exportable_text) and never a formula."""
    text = exportable_text(text)
    return f"'{text}" if text.lstrip("'").startswith(FORMULA_START) else text


def _typed_text(value, csv_quoting=False):
    text = "" if value is None else str(value).strip()
    if csv_quoting and text.startswith("'") and text.lstrip("'").startswith(FORMULA_START):
        text = text[1:]
    return text


class Text(widgets.CharWidget):
    """Text as the admin's forms take it (surrounding spaces dropped), and written
    to a CSV so that no spreadsheet runs it (an .xlsx keeps it as text itself)."""

    def clean(self, value, row=None, csv_quoting=False, **kwargs):
        return _typed_text(value, csv_quoting)

    def render(self, value, obj=None, **kwargs):
        text = "" if value is None else str(value)
        return text if kwargs.get("force_native_type") else _csv_text(text)


class Choice(Text):
    """A choice by its stored value or by its label, in any case ("Car maker" is
    car_maker). Anything else is left for the model to refuse, naming the choices."""

    def __init__(self, choices):
        super().__init__()
        self.values = {}
        for value, label in choices:
            self.values[str(value).casefold()] = value
            self.values[str(label).casefold()] = value

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        return self.values.get(text.casefold(), text)


class Address(Text):
    """A web address; without a scheme it is taken as https, as the admin's form does."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        try:
            return forms.URLField(assume_scheme="https").to_python(text)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from None


def _number(value):
    """A Decimal from a cell: a number, or text such as "-6", "0.5" or "137,000"."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value).strip()
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    return Decimal(text)


class Number(widgets.DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        try:
            return _number(value)
        except (ArithmeticError, TypeError, ValueError):
            raise ValueError(f"Enter a number, not “{value}”.") from None


class WholeNumber(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        try:
            number = _number(value)
            if number != number.to_integral_value() or abs(number) >= 10**18:
                raise ValueError
        except (ArithmeticError, TypeError, ValueError):
            raise ValueError(f"Enter a whole number, not “{value}”.") from None
        return int(number)


class YesNo(widgets.BooleanWidget):
    """true or false (yes/no, 1/0 too); empty is the field's default."""

    TRUE = {"true", "yes", "y", "1"}
    FALSE = {"false", "no", "n", "0"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        text = _typed_text(value).casefold()
        if not text:
            return None
        if text in self.TRUE | self.FALSE:
            return text in self.TRUE
        raise ValueError(f"Write true or false, not “{value}”.")

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return "" if value is None else str(bool(value)).lower()


class Day(widgets.DateWidget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):  # a workbook's date cell
            return value.date()
        try:
            return super().clean(_typed_text(value), row, **kwargs)
        except (TypeError, ValueError):
            raise ValueError(f"Enter a date as YYYY-MM-DD, not “{value}”.") from None


class ByKey(widgets.ForeignKeyWidget):
    """A related row named by a key people type (a slug, a title). With
    by_id_too, a key two rows share is written, and may be given, as the id."""

    def __init__(self, model, field, by_id_too=False):
        super().__init__(model, field)
        self.by_id_too = by_id_too

    def clean(self, value, row=None, csv_quoting=False, **kwargs):
        key = _typed_text(value, csv_quoting)
        if not key:
            return None
        name = self.model._meta.verbose_name
        found = list(self.model.objects.filter(**{self.field: key})[:2])
        if len(found) == 1:
            return found[0]
        if found:
            raise ValueError(f"More than one {name} has the {self.field} “{key}”: give its id instead.")
        if self.by_id_too and key.isdecimal() and len(key) < 19:
            by_id = self.model.objects.filter(pk=int(key)).first()
            if by_id is not None:
                return by_id
        raise ValueError(f"No {name} has the {self.field} “{key}”.")

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        key = getattr(value, self.field)
        if self.by_id_too and self.model.objects.filter(**{self.field: key}).exclude(pk=value.pk).exists():
            return value.pk
        return key if kwargs.get("force_native_type") else _csv_text(str(key))


def _widget_for(model_field):
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model
        if related is Source:
            return ByKey(Source, "title", by_id_too=True)
        return ByKey(related, "slug")
    if model_field.choices:
        return Choice(model_field.choices)
    if isinstance(model_field, models.URLField):
        return Address()
    if isinstance(model_field, models.DecimalField):
        return Number()
    if isinstance(model_field, models.IntegerField):
        return WholeNumber()
    if isinstance(model_field, models.BooleanField):
        return YesNo()
    if isinstance(model_field, models.DateField):
        return Day()
    return Text()


class _Diff(resources.Diff):
    """The preview's row. A new row's id is left blank: the preview's own save is
    rolled back, and the confirmed import may well be given another."""

    def compare_with(self, resource, instance):
        super().compare_with(resource, instance)
        columns = [field.column_name for field in resource.get_import_fields()]
        if self.new and "id" in columns:
            self.right[columns.index("id")] = ""


class ReferenceResource(resources.ModelResource):
    """What every reference-data resource shares. A subclass's Meta names the
    model, its columns (fields) and what finds a row (import_id_fields)."""

    class Meta:
        # One transaction: a file with any refused row imports nothing.
        use_transactions = True
        # The preview says which rows change; an export imported again changes none.
        skip_unchanged = True
        report_skipped = True

    def get_diff_class(self):
        return _Diff

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        # The related row itself (attribute "parent", not "parent_id"): ByKey finds it.
        return fields.Field(
            attribute=field_name,
            column_name=field_name,
            widget=_widget_for(django_field),
            readonly=readonly or field_name == "id",
            default=django_field.default,
        )

    def before_import(self, dataset, **kwargs):
        unknown = [
            header
            for index, header in enumerate(dataset.headers or [])
            if header not in self.fields and (header not in (None, "") or self._used(dataset, index))
        ]
        if unknown:
            named = ", ".join(f"“{header}”" if header else "one with no heading" for header in unknown)
            raise ValueError(f"Unknown column: {named}. The columns are {', '.join(self._meta.fields)}.")
        # Spreadsheets often end in rows that look empty; ones in between stay and
        # are refused, so every row keeps the number the spreadsheet shows.
        while len(dataset) and all(_typed_text(cell) == "" for cell in dataset[-1]):
            dataset.pop()

    @staticmethod
    def _used(dataset, index):
        return any(_typed_text(row[index]) != "" for row in dataset)

    def before_import_row(self, row, **kwargs):
        """Refuse invisible control characters (and NUL, which PostgreSQL cannot
        store) in any cell, as the editor's forms do, before anything is looked up."""
        errors = {}
        for name, value in row.items():
            if not isinstance(value, str) or name not in self.fields:
                continue
            model_field = self._model_field(name)
            line = not isinstance(model_field, models.TextField)
            try:
                _NO_NUL(value)
                (no_control_characters_in_a_line if line else no_control_characters_in_text)(value)
            except ValidationError as error:
                errors[name] = error.messages
        if errors:
            raise ValidationError(errors)

    def _model_field(self, name):
        try:
            return self._meta.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None

    def get_instance(self, instance_loader, row):
        if self.get_import_id_fields() != ["id"]:
            return super().get_instance(instance_loader, row)
        if row.get("id") in (None, ""):
            return None  # a new row
        try:
            pk = WholeNumber().clean(row["id"])
        except ValueError as error:
            raise ValidationError({"id": str(error)}) from None
        instance = self._meta.model.objects.filter(pk=pk).first()
        if instance is None:
            name = self._meta.model._meta.verbose_name
            raise ValidationError({"id": f"No {name} has the id {pk}; leave it empty to add one."})
        return instance

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's full_clean, with each failed constraint named by its
        columns ("supplier, customer, component, segment") rather than by none."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=errors.keys(), validate_unique=validate_unique, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        model = type(instance)
        for constraint in model._meta.constraints:
            try:
                constraint.validate(model, instance, exclude=set(errors))
            except ValidationError as error:
                columns = ", ".join(getattr(constraint, "fields", ())) or NON_FIELD_ERRORS
                errors.setdefault(columns, []).extend(error.messages + self._existing(constraint, instance))
        if errors:
            raise ValidationError(errors)

    def _existing(self, constraint, instance):
        """For a row that repeats one already stored, which one: its id, to update it."""
        if self.get_import_id_fields() != ["id"] or not isinstance(constraint, UniqueConstraint):
            return []
        model = type(instance)
        attnames = [model._meta.get_field(name).attname for name in constraint.fields]
        same = {attname: getattr(instance, attname) for attname in attnames}
        other = model.objects.filter(**same).exclude(pk=instance.pk).values_list("pk", flat=True).first()
        return [f"It is the one with id {other}: give that id to change it."] if other else []


class SourceResource(ReferenceResource):
    class Meta:
        model = Source
        fields = ["id", "title", "publisher", "published_on", "address", "excerpt"]
        import_id_fields = ["id"]


class CompanyResource(ReferenceResource):
    class Meta:
        model = Company
        fields = [
            "slug",
            "name",
            "kind",
            "parent",
            "country",
            "website",
            "description",
            "default_margin_pct",
            "default_margin_is_assumption",
            "default_margin_source",
            "default_margin_basis",
        ]
        import_id_fields = ["slug"]

    def filter_export(self, queryset, **kwargs):
        # Groups before their affiliates, so the file imports into an empty database too.
        return queryset.order_by(models.F("parent").asc(nulls_first=True), "name")


class ComponentCategoryResource(ReferenceResource):
    class Meta:
        model = ComponentCategory
        fields = [
            "slug",
            "name",
            "description",
            "order",
            "used_in_ev",
            "default_value_usd",
            "default_annual_price_change_pct",
            "default_value_kind",
            "default_value_source",
            "default_value_basis",
        ]
        import_id_fields = ["slug"]


class SupplyRelationshipResource(ReferenceResource):
    class Meta:
        model = SupplyRelationship
        fields = [
            "id",
            "supplier",
            "customer",
            "component",
            "segment",
            "status",
            "evidence",
            "since_year",
            "source",
            "quote",
            "notes",
        ]
        import_id_fields = ["id"]


class FactResource(ReferenceResource):
    class Meta:
        model = Fact
        fields = [
            "id",
            "company",
            "metric",
            "label",
            "value",
            "unit",
            "year",
            "period",
            "kind",
            "qualifier",
            "source",
            "note",
        ]
        import_id_fields = ["id"]


class XLSX(base_formats.XLSX):
    """A workbook whose text stays text: a title like “=HYPERLINK(…)” is never a
    formula, and each character an .xlsx cannot hold is written as U+FFFD, as
    the scenario workbooks do (scenarios.exports)."""

    def export_data(self, dataset, **kwargs):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "data"
        for column, header in enumerate(dataset.headers, start=1):
            cell = sheet.cell(row=1, column=column, value=exportable_text(str(header)))
            cell.font = Font(bold=True)
        for row_number, row in enumerate(dataset, start=2):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column)
                if isinstance(value, str):
                    cell.value = exportable_text(value)
                    cell.data_type = "s"
                else:
                    cell.value = value
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()


# What staff import and export: CSV, and workbooks (the first sheet is read).
FORMATS = [base_formats.CSV, XLSX]
