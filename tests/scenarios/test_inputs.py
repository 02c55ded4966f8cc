"""The declaration of inputs (modelling/inputs.py) against the models and forms that read it."""

from django.db import models

from modelling import inputs
from scenarios.forms.editor import ComponentLineForm, ScenarioForm
from scenarios.models import ComponentLine, Scenario

from .factories import ComponentLineFactory


def _model(declared):
    return ComponentLine if declared.per_component else Scenario


def test_every_declared_input_is_a_model_field_with_room_for_it():
    for declared in inputs.INPUTS:
        field = _model(declared)._meta.get_field(declared.name)
        if declared.whole:
            assert isinstance(field, models.IntegerField), declared.name
        else:
            assert isinstance(field, models.DecimalField), declared.name
            assert (field.max_digits, field.decimal_places) == (declared.max_digits, declared.decimal_places)


def test_the_models_refuse_what_the_declaration_refuses():
    for declared in inputs.INPUTS:
        field = _model(declared)._meta.get_field(declared.name)
        limits = {type(v).__name__: v.limit_value for v in field.validators if hasattr(v, "limit_value")}
        assert limits.get("MaxValueValidator") == declared.high, declared.name
        assert limits.get("MinValueValidator", 0) == declared.low, declared.name


def _check_form_field(field, declared):
    assert (field.min_value, field.max_value) == declared.bounds, declared.name
    assert getattr(field, "decimal_places", None) == declared.decimal_places, declared.name
    assert getattr(field, "max_digits", None) == declared.max_digits, declared.name


def test_the_scenario_form_has_the_declared_bounds_and_labels():
    for declared in inputs.SCENARIO:
        field = ScenarioForm.base_fields[declared.name]
        _check_form_field(field, declared)
        assert field.label == declared.page_label


def test_the_line_form_has_the_declared_bounds(db):
    line = ComponentLineFactory()
    form = ComponentLineForm(line=line, affiliates=[line.supplier])
    assert list(form.fields) == ["supplier", *(i.name for i in inputs.COMPONENT)]
    for declared in inputs.COMPONENT:
        _check_form_field(form.fields[declared.name], declared)
