"""Starting points for new scenarios.

The article gives Xiaomi's 2025 plan (350,000 vehicles) and names the Samsung
affiliates that could supply each EV component, but no growth rate, share or
start date: those below are assumptions, shown as such in the editor.
"""

ARTICLE_PRESET = {
    # Named for what it is; the page writes its summary from the inputs, so there is
    # no description to go stale when a share changes.
    "name": "Samsung supplies Xiaomi: the article's plan",
    "description": "",
    "customer_slug": "xiaomi",
    "supplier_group_slug": "samsung",
    "first_year": 2025,
    "horizon_years": 6,
    "first_year_volume": 350_000,
    "annual_growth_pct": 20,
    "share_pct": 50,
    "supply_start_year": 2026,
}

BLANK_DEFAULTS = {
    "first_year": 2025,
    "horizon_years": 6,
    "first_year_volume": 0,
    "annual_growth_pct": 0,
    "share_pct": 0,
    "supply_start_year": 2025,
}
