"""POST data for the scenario editor, as the browser would send it."""

from scenarios import services
from scenarios.forms import as_post_data, editor_forms


def editor_post_data(scenario, **changes):
    """Every field of the editor with its current value, then `changes`.

    Line fields are named by component slug in changes: battery__share_pct=80.
    """
    lines = services.lines_of(scenario)
    scenario_form, line_forms = editor_forms(
        scenario, lines, services.affiliates_of(scenario.supplier_group_id)
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
