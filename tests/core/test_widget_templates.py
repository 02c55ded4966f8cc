"""Widgets render through Django's Jinja2 widget templates (the first engine in
TEMPLATES) and write the same HTML as its Django-language ones."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template.backends.jinja2 import Template as Jinja2Template
from django.test.html import parse_html

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
    ours = widget.render("share", value, attrs={"id": "id_share"})
    theirs = widget.render("share", value, attrs={"id": "id_share"}, renderer=DJANGO_OWN)
    assert parse_html(ours) == parse_html(theirs)


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
def test_each_widget_template_comes_from_the_jinja2_engine(widget):
    template = get_default_renderer().get_template(widget.template_name)
    assert isinstance(template, Jinja2Template)


def test_the_admins_own_widget_templates_still_come_from_the_django_engine():
    template = get_default_renderer().get_template("admin/widgets/related_widget_wrapper.html")
    assert not isinstance(template, Jinja2Template)
