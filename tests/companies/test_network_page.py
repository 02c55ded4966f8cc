"""The supply network on a company's page."""

import json
import re

import pytest
from django.urls import reverse

from tests.companies.factories import CarMakerFactory, CompanyFactory, SupplyRelationshipFactory


@pytest.mark.django_db
def test_a_company_page_titles_its_network_with_the_name_as_typed(owner_client):
    company = CompanyFactory(name="<b>Bold</b> Parts", slug="bold-parts")
    SupplyRelationshipFactory(supplier=company, customer=CarMakerFactory(name="Car B"))

    html = owner_client.get(reverse("companies:detail", args=["bold-parts"])).content.decode()

    data = re.search(r'<script id="chart-network-data" type="application/json">(.*?)</script>', html, re.S)
    title = json.loads(data.group(1))["layout"]["title"]["text"]
    assert title == "Supply network around &lt;b&gt;Bold&lt;/b&gt; Parts"
