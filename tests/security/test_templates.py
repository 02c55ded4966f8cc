"""Nothing in the templates needs eval, inline script or another host."""

import re
from pathlib import Path

import pytest

TEMPLATES = sorted((Path(__file__).resolve().parents[2] / "templates").rglob("*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_templates_use_no_eval_dependent_htmx_and_no_inline_script(template):
    html = template.read_text()
    assert not re.search(r"\bhx-on[:-]", html), "hx-on handlers need eval"
    assert "hx-vars" not in html and "js:" not in html
    for trigger in re.findall(r'hx-trigger="([^"]*)"', html):
        assert "[" not in trigger, f"trigger filters need eval: {trigger}"
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\")\b)[^>]*>", html), "inline script"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert not re.search(r'(src|href)="(https?:)?//', html), "loads from another host"


def test_htmx_runs_with_eval_disallowed():
    base = (Path(__file__).resolve().parents[2] / "templates" / "base.html").read_text()
    assert '<meta name="htmx-config" content=\'{"allowEval": false' in base
