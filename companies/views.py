from itertools import groupby

from django.shortcuts import get_object_or_404, render

from modelling.network_figure import supply_network

from .models import Company, Fact, Segment, SupplyRelationship


def company_list(request):
    companies = Company.objects.select_related("parent")
    kind = request.GET.get("kind", "")
    group_slug = request.GET.get("group", "")
    if kind in Company.Kind.values:
        companies = companies.filter(kind=kind)
    else:
        kind = ""
    groups = list(Company.objects.groups())
    group = next((g for g in groups if g.slug == group_slug), None)
    if group:
        companies = companies.in_group(group)
    market_facts = Fact.objects.filter(company__isnull=True).select_related("source")
    return render(
        request,
        "companies/company_list.html",
        {
            "companies": companies,
            "kinds": Company.Kind.choices,
            "groups": groups,
            "selected_kind": kind,
            "selected_group": group,
            "market_facts": market_facts,
        },
    )


def _grouped(relationships):
    """[(segment label, [(status label, [relationships])])] in display order."""
    segment_labels = dict(Segment.choices)
    status_labels = dict(SupplyRelationship.Status.choices)
    ordered = sorted(relationships, key=lambda r: (r.segment != Segment.EV, r.segment, r.status))
    return [
        (
            segment_labels[segment],
            [(status_labels[status], list(rows)) for status, rows in groupby(items, key=lambda r: r.status)],
        )
        for segment, items in ((s, list(rows)) for s, rows in groupby(ordered, key=lambda r: r.segment))
    ]


def company_detail(request, slug):
    company = get_object_or_404(Company.objects.select_related("parent"), slug=slug)
    affiliates = list(company.affiliates.all())
    members = [company, *affiliates]
    relationships = list(
        SupplyRelationship.objects.involving(members).with_related().order_by("component__order")
    )
    member_ids = {m.pk for m in members}
    supplies = [r for r in relationships if r.supplier_id in member_ids]
    purchases = [r for r in relationships if r.customer_id in member_ids and r.supplier_id not in member_ids]
    facts = company.facts.select_related("source").order_by("metric", "year")
    return render(
        request,
        "companies/company_detail.html",
        {
            "company": company,
            "affiliates": affiliates,
            "supplies": _grouped(supplies),
            "purchases": _grouped(purchases),
            "relationships": relationships,
            "facts": facts,
            "network": supply_network(relationships, title=f"Supply network around {company.name}"),
        },
    )


def network(request):
    segment = request.GET.get("segment", "")
    relationships = SupplyRelationship.objects.with_related().order_by("supplier__name", "component__order")
    if segment in Segment.values:
        relationships = relationships.for_segment(segment)
    else:
        segment = ""
    relationships = list(relationships)
    return render(
        request,
        "companies/network.html",
        {
            "relationships": relationships,
            "segments": Segment.choices,
            "selected_segment": segment,
            "network": supply_network(relationships),
        },
    )
