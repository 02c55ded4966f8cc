"""The flattened input and select widget templates (templates/django/forms/widgets/) write
exactly what Django's own three nested templates write."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

DJANGO_OWN = DjangoTemplates()

WIDGETS = [
    forms.NumberInput(attrs={"min": -100, "max": 1000, "step": "0.01", "required": True}),
    forms.NumberInput(attrs={"disabled": False, "aria-describedby": 'x" onmouseover="y'}),
    forms.TextInput(attrs={"maxlength": 120, "placeholder": "What changed? <b>"}),
    forms.HiddenInput(),
    forms.EmailInput(attrs={"autofocus": True}),
    forms.Select(choices=[("share", "Share (%)"), ("volume", "Vehicles & <more>")]),
    forms.Select(
        choices=[("Battery", [("share:battery", "Battery share")]), ("", "—")], attrs={"required": True}
    ),
    forms.SelectMultiple(choices=[("12.5", "12.5"), ("", "None")]),
]
VALUES = [None, "", 12.5, "<script>", "2026: 550,000"]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("value", VALUES)
def test_each_input_widget_renders_as_django_renders_it(widget, value):
    assert "TemplatesSetting" in type(get_default_renderer()).__name__
    ours = widget.render("share", value, attrs={"id": "id_share"})
    theirs = widget.render("share", value, attrs={"id": "id_share"}, renderer=DJANGO_OWN)
    assert ours == theirs
