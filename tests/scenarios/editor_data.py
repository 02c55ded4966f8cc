"""POST data for the scenario editor, as the browser would send it, and a save
of the bound editor forms as the view makes it."""

from scenarios import selectors, services
from scenarios.forms.editor import as_post_data, editor_forms


def editor_post_data(scenario, **changes):
    """Every field of the editor with its current value, then `changes`.

    Line fields are named by component slug in changes: battery__share_pct=80.
    """
    lines = selectors.lines_of(scenario)
    scenario_form, line_forms = editor_forms(
        scenario, lines, selectors.affiliates_of(scenario.supplier_group_id)
    )
    data = as_post_data([scenario_form, *line_forms])
    by_slug = {form.line.category.slug: form for form in line_forms}
    for key, value in changes.items():
        if "__" in key:
            slug, field = key.split("__", 1)
            data[by_slug[slug][field].html_name] = value
        else:
            data[key] = value
    return data


def save_editor_forms(scenario, scenario_form, line_forms, **kwargs):
    """services.scenario_save with the bound editor forms' cleaned values."""
    return services.scenario_save(
        scenario=scenario,
        inputs=scenario_form.cleaned_data,
        line_inputs={form.line.pk: form.cleaned_data for form in line_forms},
        **kwargs,
    )
