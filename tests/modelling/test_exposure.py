"""Exposure of each affiliate to each customer, on the hand-worked pipeline of
test_pipeline.py: Samsung SDI expects 1,125, 1,125, 500 and 0 from Xiaomi in
2025-2028; Harman 0, 0, 400 and 400 from BYD."""

import pytest

from modelling.exposure import Reported, exposure
from modelling.pipeline import combine
from tests.modelling.test_pipeline import deals  # noqa: F401 (the fixture)


def test_shares_of_the_reported_revenue_and_the_major_customer_flag(deals):  # noqa: F811
    # Samsung SDI reported 15,000 won at 1.333... won per dollar: 11,250 dollars. Xiaomi's
    # 1,125 is 10% of it in 2025 and 2026: the 10% line is reached, so flagged.
    reported = {"Samsung SDI": Reported(amount_usd=11_250, year=2024, amount=15_000, currency="KRW")}
    sdi, harman = sorted(exposure(combine(deals), reported), key=lambda row: row.affiliate == "Harman")
    assert sdi.affiliate == "Samsung SDI" and sdi.reported.year == 2024
    (xiaomi,) = sdi.customers
    assert xiaomi.customer == "Xiaomi"
    assert xiaomi.shares == pytest.approx((0.10, 0.10, 500 / 11_250, 0))
    assert xiaomi.major
    # Harman has no reported revenue: no share and no flag, the expected revenue still shown.
    assert harman.reported is None
    (byd,) = harman.customers
    assert byd.shares is None and not byd.major
    assert byd.expected == pytest.approx((0, 0, 400, 400))


def test_just_under_ten_percent_is_not_flagged(deals):  # noqa: F811
    reported = {"Samsung SDI": Reported(amount_usd=11_251, year=2024, amount=11_251, currency="USD")}
    sdi = next(row for row in exposure(combine(deals), reported) if row.affiliate == "Samsung SDI")
    assert sdi.customers[0].peak_share < 0.10
    assert not sdi.customers[0].major
