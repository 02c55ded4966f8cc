"""Writes: scenarios (create, clone, save, restore, Monte Carlo ranges) and sharing."""

# Reads that moved to scenarios.selectors, still importable as services.<name>
# for the callers that have not moved yet.
from ..selectors import (
    affiliates_of,
    component_input,
    default_suppliers,
    editor_parts,
    engine_input,
    lazy_results,
    lines_of,
    project,
    stored_inputs,
)
from .scenarios import (
    LINE_INPUTS,
    SCENARIO_INPUTS,
    StaleEdit,
    clone_scenario,
    create_from_article_preset,
    create_scenario,
    record_version,
    restore_version,
    save_edits,
    save_monte_carlo_ranges,
    unique_name,
)

__all__ = [
    "LINE_INPUTS",
    "SCENARIO_INPUTS",
    "StaleEdit",
    "affiliates_of",
    "clone_scenario",
    "component_input",
    "create_from_article_preset",
    "create_scenario",
    "default_suppliers",
    "editor_parts",
    "engine_input",
    "lazy_results",
    "lines_of",
    "project",
    "record_version",
    "restore_version",
    "save_edits",
    "save_monte_carlo_ranges",
    "stored_inputs",
    "unique_name",
]
