"""The supply-network Sankey (companies/charts.py)."""

import json
import re

import pytest
from django.urls import reverse

from companies.charts import supply_network
from tests.companies.factories import CarMakerFactory, CompanyFactory, SupplyRelationshipFactory


def test_the_title_is_escaped_like_every_other_label():
    figure = supply_network([], title="Supply network around <b>Bold</b> & Co")
    # Plotly reads <b> in a title as markup; escaped, it shows the name as typed.
    assert figure["layout"]["title"]["text"] == "Supply network around &lt;b&gt;Bold&lt;/b&gt; &amp; Co"


@pytest.mark.django_db
def test_a_company_page_titles_its_network_with_the_name_as_typed(owner_client):
    company = CompanyFactory(name="<b>Bold</b> Parts", slug="bold-parts")
    SupplyRelationshipFactory(supplier=company, customer=CarMakerFactory(name="Car B"))

    html = owner_client.get(reverse("companies:detail", args=["bold-parts"])).content.decode()

    data = re.search(r'<script id="chart-network-data" type="application/json">(.*?)</script>', html, re.S)
    title = json.loads(data.group(1))["layout"]["title"]["text"]
    assert title == "Supply network around &lt;b&gt;Bold&lt;/b&gt; Parts"
