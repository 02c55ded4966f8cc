"""A corpus of hostile strings in every text field comes out inert everywhere."""

import csv
import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from companies.models import Company
from scenarios import services
from tests.scenarios.editor_data import editor_post_data

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '<iframe src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "<body onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<details open ontoggle=alert(1)>",
    '"onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "<style>@import 'http://evil.invalid/x.css'</style>",
    "<link rel=stylesheet href=//evil.invalid/x.css>",
    '<meta http-equiv="refresh" content="0;url=//evil.invalid">',
    '<base href="//evil.invalid/">',
    "<form action=//evil.invalid><button>go</button></form>",
    '<object data="javascript:alert(1)">',
    "<embed src=javascript:alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "{{ 7*7 }}<b>template</b>",
    "{% debug %}<i>tag</i>",
    "${alert(1)}<x>",
    "<b onclick=alert(1)>bold</b>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<a href=https://evil.invalid>click</a><br>",
    '=HYPERLINK("https://evil.invalid")<x>',
    "+SUM(1)<y>",
    "@SUM(1)<z>",
    "-1+1<w>",
    "\u2028<script>x</script>",
    "<scr<script>ipt>alert(1)</script>",
]
# Labels plotly would otherwise read as markup; its own hover templates may use <br> and <extra>.
LABEL_KEYS = {"name", "label", "customdata", "x", "y"}


def label_strings(figure):
    found = []

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)
        elif isinstance(node, str) and key in LABEL_KEYS:
            found.append(node)

    walk(figure)
    return found


JSON_BLOCK = re.compile(r'<script id="[^"]+" type="application/json">.*?</script>', re.S)


def figures_in(html):
    blocks = re.findall(r'<script id="([^"]+)" type="application/json">(.*?)</script>', html, re.S)
    return {name: json.loads(body) for name, body in blocks}


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_hostile_text_is_escaped_in_pages_fragments_charts_and_exports(client, seeded, owner, payload):
    assert len(PAYLOADS) >= 30
    scenario = services.scenario_create_from_preset(owner=owner)
    other = services.scenario_create_from_preset(owner=owner, name="Plain")
    sdi = Company.objects.get(slug="samsung-sdi")
    sdi.name = f"{payload} SDI"  # as staff would type it in the admin
    sdi.save()
    client.force_login(owner)
    edit = reverse("scenarios:edit", args=[scenario.pk])
    saved = client.post(edit, editor_post_data(scenario, name=payload, description=payload, message=payload))
    assert saved.status_code == 302, saved.content.decode()[:500]
    link = services.share_link_create(scenario=scenario, created_by=owner)

    pages = {
        "list": reverse("scenarios:list"),
        "detail": reverse("scenarios:detail", args=[scenario.pk]),
        "edit": edit,
        "history": reverse("scenarios:history", args=[scenario.pk]),
        "sharing": reverse("scenarios:sharing", args=[scenario.pk]),
        "compare": f"{reverse('scenarios:compare')}?ids={scenario.pk},{other.pk}",
        "company": reverse("companies:detail", args=["samsung-sdi"]),
        "group": reverse("companies:detail", args=["samsung"]),
        "network": reverse("companies:network"),
        "companies": reverse("companies:list"),
    }
    responses = {name: client.get(url) for name, url in pages.items()}
    responses["public"] = Client().get(f"/s/{link.token}/")
    responses["preview"] = client.post(
        reverse("scenarios:preview", args=[scenario.pk]), editor_post_data(scenario), HTTP_HX_REQUEST="true"
    )
    for name, response in responses.items():
        html = response.content.decode()
        assert response.status_code == 200, name
        # Chart data sits in json_script blocks, where quotes are inert and < > & are
        # \u-escaped; everywhere else the payload must not appear as typed.
        assert payload not in JSON_BLOCK.sub("", html), f"{name} shows the payload unescaped"
        assert "</script><script>" not in html
        for figure_name, figure in figures_in(html).items():
            for label in label_strings(figure):
                # The figures' own line breaks (a long name wrapped under its bar) are the
                # only markup; a typed "<br>" arrives escaped as "&lt;br&gt;".
                label = label.replace("<br>", "")
                assert "<" not in label and ">" not in label, f"{name}/{figure_name}: {label!r}"
    # What was typed is kept exactly, only shown safely.
    scenario.refresh_from_db()
    assert (scenario.name, scenario.description) == (payload.strip(), payload.strip())
    assert scenario.versions.first().message == payload.strip()[:200]

    exported = client.get(reverse("scenarios:export_csv", args=[scenario.pk])).content.decode()
    suppliers = {row["supplier"] for row in csv.DictReader(io.StringIO(exported))}
    expected = f"{payload} SDI"
    assert (f"'{expected}" if expected[0] in "=+-@" else expected) in suppliers


def test_formula_like_scenario_names_are_text_in_the_comparison_csv(client, seeded, owner):
    first = services.scenario_create_from_preset(owner=owner, name="=cmd|' /C calc'!A0")
    second = services.scenario_create_from_preset(owner=owner, name="@SUM(A1:A9)")
    client.force_login(owner)
    exported = client.get(reverse("scenarios:compare_csv"), {"ids": f"{first.pk},{second.pk}"})
    names = {row["scenario"] for row in csv.DictReader(io.StringIO(exported.content.decode()))}
    assert names == {"'=cmd|' /C calc'!A0", "'@SUM(A1:A9)"}
