"""Reporting currencies and their exchange-rate paths.

The engine works in US dollars; a figure in the reporting currency is the
dollar figure of a year times that year's rate (units of the currency per
dollar). Each currency has sourced rates for some years (``../shared`` figures,
cited on the pages); a scenario may set its own rate for any year, and a year
with neither takes the rate of the latest year before it that has one (flat
after the last sourced year), or the earliest known rate.

Plain Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Currency:
    code: str
    name: str
    symbol: str  # printed before amounts: "$1.2B", "₩1.7T"
    sourced_rates: dict  # {year: units per US dollar}
    basis: str  # where the sourced rates come from, or why they are assumptions


USD = Currency("USD", "US dollars", "$", {}, "The engine's own currency: no conversion.")
KRW = Currency(
    "KRW",
    "South Korean won",
    "₩",
    {2025: 1412.23},
    "1,412.23 won per dollar, the 2025 average to 10 October (Bank of Korea, reported by Dong-A Ilbo, "
    "13 October 2025); later years are an assumption: flat at that rate.",
)
CNY = Currency(
    "CNY",
    "Chinese yuan",
    "¥",
    {2024: 7.13},
    "About 7.13 yuan per dollar, derived from the SU7's average price given in both currencies "
    "(228,644 yuan ≈ $32,058; CnEVPost, 21 August 2024); an assumption for every later year.",
)

CURRENCIES = {currency.code: currency for currency in (USD, KRW, CNY)}
CHOICES = [(code, f"{code}: {currency.name}") for code, currency in CURRENCIES.items()]
MAX_RATE = 1_000_000  # units per dollar: far above any currency listed


def rate_path(code, years, overrides=None):
    """{year: rate} for each of years: the scenario's own rate, else the latest
    rate at or before the year (its own or sourced), else the earliest known."""
    if code == "USD":
        return dict.fromkeys(years, 1.0)
    known = {**CURRENCIES[code].sourced_rates, **{int(y): float(r) for y, r in (overrides or {}).items()}}
    ordered = sorted(known)
    path = {}
    for year in years:
        earlier = [y for y in ordered if y <= year]
        path[year] = float(known[earlier[-1] if earlier else ordered[0]])
    return path
