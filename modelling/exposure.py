"""How exposed each supplying affiliate becomes to each customer: a pipeline's
expected revenue from the customer in a year as a share of the affiliate's
latest reported annual revenue. A customer at 10% or more of an affiliate's
revenue is flagged: the level at which US filers must name a major customer
(Regulation S-K, Item 101); informative here, since the affiliates are not US
filers. Reads a pipeline.PipelineResult; no Django.
"""

from dataclasses import dataclass

MAJOR_CUSTOMER_SHARE = 0.10


@dataclass(frozen=True)
class Reported:
    """An affiliate's latest reported annual revenue, converted to US dollars."""

    amount_usd: float
    year: int
    amount: float  # as reported, in its currency
    currency: str


@dataclass(frozen=True)
class CustomerExposure:
    customer: str
    expected: tuple[float, ...]  # per year, US dollars
    shares: tuple[float, ...] | None  # of the reported revenue, 0..1; None without one

    @property
    def by_year(self):
        """[(expected revenue, share of the reported revenue or None)], one per year."""
        shares = self.shares or (None,) * len(self.expected)
        return list(zip(self.expected, shares, strict=True))

    @property
    def peak_share(self):
        return max(self.shares) if self.shares else None

    @property
    def major(self):
        return self.shares is not None and self.peak_share >= MAJOR_CUSTOMER_SHARE


@dataclass(frozen=True)
class AffiliateExposure:
    affiliate: str
    reported: Reported | None
    customers: tuple[CustomerExposure, ...]


def exposure(result, reported):
    """[AffiliateExposure] for every affiliate in result (pipeline.PipelineResult),
    reported: {affiliate: Reported} for those with a reported revenue."""
    by_affiliate = {}
    for (affiliate, customer), expected in sorted(result.by_affiliate_customer.items()):
        if not any(expected):
            continue  # a line at no share: nothing expected, no exposure
        revenue = reported.get(affiliate)
        shares = (
            tuple(value / revenue.amount_usd for value in expected)
            if revenue and revenue.amount_usd
            else None
        )
        by_affiliate.setdefault(affiliate, []).append(CustomerExposure(customer, expected, shares))
    return [
        AffiliateExposure(affiliate, reported.get(affiliate), tuple(customers))
        for affiliate, customers in by_affiliate.items()
    ]
