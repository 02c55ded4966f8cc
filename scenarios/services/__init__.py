"""Writes, each recording its own audit event: scenarios (create, clone, save,
restore, delete, Monte Carlo ranges, versions and the headline figures each
version stores) and sharing (visibility, users, links). Reads live in
scenarios.selectors."""

from .scenarios import (
    LINE_INPUTS,
    SCENARIO_INPUTS,
    StaleEdit,
    monte_carlo_ranges_save,
    scenario_clone,
    scenario_create,
    scenario_create_from_preset,
    scenario_delete,
    scenario_headlines_refresh,
    scenario_restore,
    scenario_save,
    scenario_version_record,
    unique_name,
)
from .sharing import (
    scenario_share_with_user,
    scenario_unshare,
    scenario_visibility_set,
    share_link_create,
    share_link_revoke,
)

__all__ = [
    "LINE_INPUTS",
    "SCENARIO_INPUTS",
    "StaleEdit",
    "monte_carlo_ranges_save",
    "scenario_clone",
    "scenario_create",
    "scenario_create_from_preset",
    "scenario_delete",
    "scenario_headlines_refresh",
    "scenario_restore",
    "scenario_save",
    "scenario_share_with_user",
    "scenario_unshare",
    "scenario_version_record",
    "scenario_visibility_set",
    "share_link_create",
    "share_link_revoke",
    "unique_name",
]
