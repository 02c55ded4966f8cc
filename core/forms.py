"""How every form field is written on a page: one template for the label, the
input (with its slider, where the input declares one), the help and the errors.

Templates: core/jinja2/core/field.html and field_errors.html, in Jinja2, the
engine Django's widgets render with here (config/settings/base.py, TEMPLATES).
A page writes a field as ``{{ form.name.as_field_group }}``.
"""

from decimal import Decimal

from django import forms
from django.forms.renderers import TemplatesSetting


class BoundField(forms.BoundField):
    @property
    def slider(self):
        """(low, high, step) of the slider beside the number, or None (modelling/inputs.py)."""
        return getattr(self.field, "slider", None)

    @property
    def errors_box(self):
        """The box of this field's errors, which a preview with errors swaps in."""
        return self.render("core/field_errors.html", {"field": self, "oob": False})

    @property
    def errors_box_oob(self):
        return self.render("core/field_errors.html", {"field": self, "oob": True})


class FormRenderer(TemplatesSetting):
    field_template_name = "core/field.html"
    bound_field_class = BoundField


class PlainNumberInput(forms.NumberInput):
    """A stored 20.00 is shown as 20, and -6.50 as -6.5: as the other pages write
    them, with no trailing zeros the user never typed."""

    def format_value(self, value):
        if isinstance(value, Decimal) and value.is_finite():
            value = f"{value:f}"
            value = value.rstrip("0").rstrip(".") if "." in value else value
            value = "0" if value == "-0" else value
        return super().format_value(value)
