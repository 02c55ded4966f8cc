"""Every form field is written by core/jinja2/core/field.html (core.forms.FormRenderer)."""

from django import forms
from django.test.html import parse_html


class PlanForm(forms.Form):
    share = forms.DecimalField(label="Battery: supplier's share (%)", min_value=0, max_value=100)
    note = forms.CharField(label="Note", help_text="A line for <the> history", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["share"].slider = (0, 100, 1)


def test_a_field_with_a_slider_is_written_with_its_label_slider_input_and_error_box():
    html = str(PlanForm(initial={"share": 65})["share"].as_field_group())
    assert parse_html(html) == parse_html(
        '<div class="field">'
        '<label for="id_share">Battery: supplier&#x27;s share (%)</label>'
        '<div class="slider-pair">'
        '<input type="range" min="0" max="100" step="1" value="65" data-sync="id_share"'
        ' aria-label="Battery: supplier&#x27;s share (%), slider" tabindex="-1">'
        '<input type="number" name="share" value="65" min="0" max="100" step="any" required id="id_share">'
        "</div>"
        '<div class="field-errors" id="id_share-errors"></div>'
        "</div>"
    )


def test_a_field_without_a_slider_shows_its_help_escaped_and_no_range():
    html = str(PlanForm()["note"].as_field_group())
    assert 'type="range"' not in html
    assert '<p class="help">A line for &lt;the&gt; history</p>' in html


def test_an_invalid_field_is_marked_and_its_errors_can_be_swapped_in_alone():
    form = PlanForm({"share": "120"})
    assert not form.is_valid()
    assert 'class="field has-error"' in str(form["share"].as_field_group())
    box = str(form["share"].errors_box_oob)
    assert parse_html(box) == parse_html(
        '<div class="field-errors" id="id_share-errors" hx-swap-oob="true">'
        '<p role="alert">Ensure this value is less than or equal to 100.</p></div>'
    )
    assert "hx-swap-oob" not in str(form["share"].errors_box)
