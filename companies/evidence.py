"""The evidence class (modelling/evidence.py) of the relationship behind each
component line: who supplies the customer with that component, and how we know."""

from modelling import evidence as coverage

from .models import Segment, SupplyRelationship

Evidence = SupplyRelationship.Evidence


def evidence_class(status, evidence):
    """disclosed, press or potential, for a relationship's status and grade."""
    if status != SupplyRelationship.Status.ESTABLISHED or evidence not in Evidence.values:
        return coverage.POTENTIAL
    if Evidence(evidence).is_disclosed:
        return coverage.DISCLOSED
    if evidence == Evidence.PRESS:
        return coverage.PRESS
    return coverage.POTENTIAL  # established, but only an analyst's inference


def _pk(value):
    return getattr(value, "pk", value)


def evidence_classes(*, customer, pairs, segment=Segment.EV):
    """{(category id, supplier id): class} for each (category, supplier) pair given,
    each a model or an id, in one query; a pair with no relationship to this customer
    in this segment is potential."""
    wanted = {(_pk(category), _pk(supplier)) for category, supplier in pairs}
    if not wanted:
        return {}
    rows = SupplyRelationship.objects.filter(
        customer=customer,
        segment=segment,
        component_id__in={category for category, _ in wanted},
        supplier_id__in={supplier for _, supplier in wanted},
    ).values_list("component_id", "supplier_id", "status", "evidence")
    found = {
        (category, supplier): evidence_class(status, evidence)
        for category, supplier, status, evidence in rows
        if (category, supplier) in wanted
    }
    return {pair: found.get(pair, coverage.POTENTIAL) for pair in wanted}
