"""Reference data, read-only: companies, supply relationships and facts, each
with its source. Staff change them in the admin (and import them there)."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from companies.models import Company, Fact, SupplyRelationship

from .schemas import ERRORS, CompanyOut, FactOut, RelationshipOut

router = Router(tags=["Reference data"])


def source_out(source):
    return {
        "id": source.pk,
        "title": source.title,
        "publisher": source.publisher,
        "published_on": source.published_on,
        "address": source.address,
    }


def company_ref(company):
    return {"slug": company.slug, "name": company.name}


def company_out(company):
    return {
        "slug": company.slug,
        "name": company.name,
        "kind": company.kind,
        "country": company.country,
        "parent": company.parent.slug if company.parent_id else None,
        "website": company.website,
        "description": company.description,
        "default_margin_pct": company.default_margin_pct,
    }


class CompanyFilters(Schema):
    kind: Company.Kind | None = None


@router.get("/companies", response={200: list[CompanyOut], **ERRORS}, summary="Every company, by name")
def company_list(request, filters: Query[CompanyFilters]):
    companies = Company.objects.select_related("parent").order_by("name")
    if filters.kind:
        companies = companies.filter(kind=filters.kind)
    return [company_out(company) for company in companies]


@router.get("/companies/{slug}", response={200: CompanyOut, **ERRORS}, summary="One company")
def company_detail(request, slug: str):
    return company_out(get_object_or_404(Company.objects.select_related("parent"), slug=slug))


@router.get("/relationships", response={200: list[RelationshipOut], **ERRORS}, summary="Supply relationships")
def relationship_list(request, supplier: str = "", customer: str = "", component: str = ""):
    """Filter by the supplier's, the customer's or the component's slug."""
    relationships = SupplyRelationship.objects.select_related("supplier", "customer", "component", "source")
    if supplier:
        relationships = relationships.filter(supplier__slug=supplier)
    if customer:
        relationships = relationships.filter(customer__slug=customer)
    if component:
        relationships = relationships.filter(component__slug=component)
    return [
        {
            "id": r.pk,
            "supplier": company_ref(r.supplier),
            "customer": company_ref(r.customer),
            "component": r.component.slug,
            "component_name": r.component.name,
            "segment": r.segment,
            "status": r.status,
            "evidence": r.evidence,
            "notes": r.notes,
            "quote": r.quote,
            "since_year": r.since_year,
            "source": source_out(r.source),
        }
        for r in relationships.order_by("supplier__name", "customer__name", "component__order", "pk")
    ]


@router.get(
    "/facts", response={200: list[FactOut], **ERRORS}, summary="Reported figures, plans and estimates"
)
def fact_list(request, company: str = "", metric: str = ""):
    """Filter by the company's slug or the metric (e.g. `revenue`, `ev_deliveries`)."""
    facts = Fact.objects.select_related("company", "source")
    if company:
        facts = facts.filter(company__slug=company)
    if metric:
        facts = facts.filter(metric=metric)
    return [
        {
            "id": f.pk,
            "company": f.company.slug if f.company_id else None,
            "metric": f.metric,
            "label": f.label,
            "value": f.value,
            "unit": f.unit,
            "year": f.year,
            "period": f.period,
            "kind": f.kind,
            "qualifier": f.qualifier,
            "note": f.note,
            "source": source_out(f.source),
        }
        for f in facts.order_by("company__name", "metric", "year", "pk")
    ]
