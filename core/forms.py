"""How every form field is written on a page: one template for the label, the
input (with its slider, where the input declares one), the help and the errors.

Templates: core/jinja2/core/field.html and field_errors.html, in Jinja2, the
engine Django's widgets render with here (config/settings/base.py, TEMPLATES).
A page writes a field as ``{{ form.name.as_field_group }}``.
"""

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
