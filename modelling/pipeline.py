"""A pipeline of deals, each won with a probability, each deal one or more cases
(bear, base, bull) with weights that add up to one.

The expected value of a yearly figure is

    Σ over deals of probability × Σ over its cases of weight × the case's figure,

and the figure "if everything is won" is the same with every probability at one.
Deals whose scenarios start in different years or run for different horizons are
aligned by calendar year: outside a scenario's years it contributes nothing.
Everything is in US dollars; a case's NPV is its scenario's own (discounted at
its own rate to its own first year). Reads engine.Projection; no Django.
"""

import math
from dataclasses import dataclass

from .engine import Projection


@dataclass(frozen=True)
class Case:
    label: str
    weight: float  # 0..1; a deal's weights add up to 1
    customer: str
    projection: Projection


@dataclass(frozen=True)
class Deal:
    name: str
    probability: float  # 0..1
    cases: tuple[Case, ...]


@dataclass(frozen=True)
class DealResult:
    name: str
    probability: float
    expected_revenue: float  # cumulative over the deal's years
    all_won_revenue: float
    expected_npv: float
    all_won_npv: float


@dataclass(frozen=True)
class PipelineResult:
    years: tuple[int, ...]
    expected_revenue: tuple[float, ...]
    expected_ebit: tuple[float, ...]
    all_won_revenue: tuple[float, ...]
    all_won_ebit: tuple[float, ...]
    expected_npv: float
    all_won_npv: float
    # Expected revenue per year, by customer, by supplying affiliate and by component.
    by_customer: dict[str, tuple[float, ...]]
    by_affiliate: dict[str, tuple[float, ...]]
    by_component: dict[str, tuple[float, ...]]
    # Expected revenue per year of each (affiliate, customer) pair: what exposure reads.
    by_affiliate_customer: dict[tuple[str, str], tuple[float, ...]]
    deals: tuple[DealResult, ...]

    @property
    def cumulative_expected_revenue(self):
        return math.fsum(self.expected_revenue)

    @property
    def cumulative_all_won_revenue(self):
        return math.fsum(self.all_won_revenue)

    @property
    def cumulative_expected_ebit(self):
        return math.fsum(self.expected_ebit)


class _Sums:
    """Weighted yearly series summed term by term with math.fsum at the end."""

    def __init__(self, years):
        self.index = {year: offset for offset, year in enumerate(years)}
        self.terms = {}

    def add(self, key, years, values, factor):
        series = self.terms.setdefault(key, [[] for _ in self.index])
        for year, value in zip(years, values, strict=True):
            series[self.index[year]].append(factor * value)

    def get(self, key):
        series = self.terms.get(key)
        return tuple(math.fsum(terms) for terms in series) if series else tuple(0.0 for _ in self.index)

    def keyed(self, kind):
        return {key[1]: self.get(key) for key in self.terms if key[0] == kind}


def pipeline_years(deals):
    """Every calendar year any case covers, first to last with none missing."""
    years = [year for deal in deals for case in deal.cases for year in case.projection.years]
    return tuple(range(min(years), max(years) + 1)) if years else ()


def combine(deals):
    """The PipelineResult of deals (a sequence of Deal)."""
    years = pipeline_years(deals)
    sums = _Sums(years)
    deal_results = []
    npv_expected, npv_all_won = [], []
    for deal in deals:
        revenue_expected, revenue_all_won, deal_npv_expected, deal_npv_all_won = [], [], [], []
        for case in deal.cases:
            projection, weight = case.projection, case.weight
            expected = deal.probability * weight
            case_years = projection.years
            flows = projection.value.total
            sums.add(("expected", "revenue"), case_years, projection.revenue_by_year, expected)
            sums.add(("expected", "ebit"), case_years, flows.ebit, expected)
            sums.add(("all_won", "revenue"), case_years, projection.revenue_by_year, weight)
            sums.add(("all_won", "ebit"), case_years, flows.ebit, weight)
            sums.add(("customer", case.customer), case_years, projection.revenue_by_year, expected)
            for affiliate, affiliate_flows in projection.value.by_affiliate.items():
                sums.add(("affiliate", affiliate), case_years, affiliate_flows.revenue, expected)
                pair = ("pair", (affiliate, case.customer))
                sums.add(pair, case_years, affiliate_flows.revenue, expected)
            for row in projection.rows:
                sums.add(("component", row.component), (row.year,), (row.revenue,), expected)
            revenue_expected.append(expected * projection.cumulative_revenue)
            revenue_all_won.append(weight * projection.cumulative_revenue)
            deal_npv_expected.append(expected * flows.npv)
            deal_npv_all_won.append(weight * flows.npv)
        npv_expected.extend(deal_npv_expected)
        npv_all_won.extend(deal_npv_all_won)
        deal_results.append(
            DealResult(
                name=deal.name,
                probability=deal.probability,
                expected_revenue=math.fsum(revenue_expected),
                all_won_revenue=math.fsum(revenue_all_won),
                expected_npv=math.fsum(deal_npv_expected),
                all_won_npv=math.fsum(deal_npv_all_won),
            )
        )
    return PipelineResult(
        years=years,
        expected_revenue=sums.get(("expected", "revenue")),
        expected_ebit=sums.get(("expected", "ebit")),
        all_won_revenue=sums.get(("all_won", "revenue")),
        all_won_ebit=sums.get(("all_won", "ebit")),
        expected_npv=math.fsum(npv_expected),
        all_won_npv=math.fsum(npv_all_won),
        by_customer=sums.keyed("customer"),
        by_affiliate=sums.keyed("affiliate"),
        by_component=sums.keyed("component"),
        by_affiliate_customer=sums.keyed("pair"),
        deals=tuple(deal_results),
    )
