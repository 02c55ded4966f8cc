"""What the editor's and the analysis's text fields read: year lists ("2026: 550,000;
2027: 700000") for volume overrides and exchange rates, and money as people type it.
Which characters a name may hold is core/text.py's."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from modelling import currency

# A comma followed by a year and a colon starts a new item; any other comma is
# a thousands separator ("2026: 550,000, 2027: 700,000").
_OVERRIDE_SEPARATOR = re.compile(r"[;\n]|,(?=\s*\d{4}\s*[:=])")
_VOLUME_SEPARATORS = ",_ "


def _year_and_digits(item):
    """(2026, "550000") from " 2026 : 550,000 ", or None if the item is not year: vehicles.

    Read with str methods rather than one pattern: spaces may sit inside the
    volume and around it, and a pattern that lets both claim them backtracked
    for a quarter of a second over a 500-character field (bench/parse_overrides.py).
    isdecimal and strip agree with the \\d and \\s the separator pattern uses.
    """
    text = item.strip()
    year, rest = text[:4], text[4:].lstrip()
    if not (len(year) == 4 and year.isdecimal() and rest[:1] in (":", "=")):
        return None
    volume = rest[1:].strip()
    if not all(c.isdecimal() or c in _VOLUME_SEPARATORS for c in volume):
        return None
    digits = "".join(c for c in volume if c.isdecimal())
    return (int(year), digits) if digits else None


def parse_volume_overrides(text):
    """'2026: 550,000; 2027: 700000' -> {2026: 550000, 2027: 700000}."""
    overrides = {}
    for item in _OVERRIDE_SEPARATOR.split(text or ""):
        if not item.strip():
            continue
        parsed = _year_and_digits(item)
        if parsed is None:
            raise ValidationError(
                "Write each override as year: vehicles, e.g. “2026: 550000; 2027: 700000”. "
                f"Could not read “{item.strip()[:40]}”."
            )
        year, digits = parsed
        if len(digits) > 12:
            raise ValidationError(f"The volume for {year} is too large.")
        if year in overrides:
            raise ValidationError(f"{year} is given twice.")
        overrides[year] = int(digits)
    return overrides


def format_volume_overrides(overrides):
    return "; ".join(f"{year}: {volume}" for year, volume in sorted(overrides.items()))


def parse_fx_rates(text):
    """'2026: 1,450.5; 2027: 1500' -> {2026: Decimal('1450.5'), 2027: Decimal('1500')}."""
    rates = {}
    for item in _OVERRIDE_SEPARATOR.split(text or ""):
        if not item.strip():
            continue
        year, _, rate = item.replace("=", ":").partition(":")
        year, rate = year.strip(), rate.strip().replace(",", "").replace("_", "").replace(" ", "")
        try:
            value = Decimal(rate)
        except InvalidOperation:
            value = None
        if not (len(year) == 4 and year.isdecimal()) or value is None or not value.is_finite():
            raise ValidationError(
                "Write each rate as year: units per US dollar, e.g. “2026: 1450; 2027: 1500”. "
                f"Could not read “{item.strip()[:40]}”."
            )
        if not 0 < value <= currency.MAX_RATE or value.as_tuple().exponent < -6:
            raise ValidationError(
                f"The rate for {year} must be above 0 and at most {currency.MAX_RATE:,}, "
                "with at most six decimal places."
            )
        if int(year) in rates:
            raise ValidationError(f"{year} is given twice.")
        rates[int(year)] = value
    return rates


def format_fx_rates(rates):
    return "; ".join(f"{year}: {rate}" for year, rate in sorted(rates.items()))


# An amount of money as people type it: "15.5B", "15,500,000,000", "$15.5bn",
# "-₩1.2T", "1e10", or as format_money prints it. Read in pieces, each
# optional but the digits; the length is checked first, so no pattern runs
# over a long field.
_MONEY = re.compile(
    r"(?P<sign>[-+]?)\s*(?P<before>US\$|[$₩¥]|[a-z]{3}(?=[\s\d.]))?\s*(?P<sign_after>[-+]?)\s*"
    r"(?P<digits>\d[\d,_ ]*(?:\.\d*)?|\.\d+)(?:e(?P<exponent>[-+]?\d{1,3}))?\s*"
    r"(?P<scale>[a-z]+)?\s*(?P<after>[a-z]{3})?",
    re.IGNORECASE,
)
_MONEY_SCALES = {
    "k": 3,
    "thousand": 3,
    "m": 6,
    "mn": 6,
    "million": 6,
    "b": 9,
    "bn": 9,
    "billion": 9,
    "t": 12,
    "tn": 12,
    "trillion": 12,
}
_GROUPED = re.compile(r"(\d+|\d{1,3}(,\d{3})+)(\.\d*)?|\.\d+")  # commas between threes, or none
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_MONEY_EXAMPLE = "e.g. 15.5B, 15,500,000,000 or $15.5bn"


def _money_currency(mark):
    """The currency code a symbol or code in typed money names, or None if none does."""
    mark = mark.upper()
    if mark == "US$":
        return "USD"
    for code, known in currency.CURRENCIES.items():
        if mark in (code, known.symbol):
            return code
    return None


def parse_money(value, currency_code=None):
    """An amount as people type it, as a Decimal: "15.5B", "$15.5bn" and
    "15,500,000,000" are all 15,500,000,000; "-$1.2M" and "−1.2M" are -1,200,000.
    A currency symbol or code must be currency_code's, when that is given. A number
    (a form's initial value) is taken as it is; empty text is None."""
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value or "").strip().translate(_MINUS_SIGNS)
    if not text:
        return None
    unreadable = ValidationError(f"Enter an amount, {_MONEY_EXAMPLE}.", code="invalid")
    if len(text) > 40:
        raise unreadable
    found = _MONEY.fullmatch(text)
    if not found or (found["sign"] and found["sign_after"]):
        raise unreadable
    scale = (found["scale"] or "").lower()
    if scale and scale not in _MONEY_SCALES:
        # "15USD": the letters are a currency code, not a scale
        if found["after"] or _money_currency(scale) is None:
            raise unreadable
        found_after, scale = scale, ""
    else:
        found_after = found["after"]
    marks = [mark for mark in (found["before"], found_after) if mark]
    for mark in marks:
        code = _money_currency(mark)
        if code is None:
            raise unreadable
        if currency_code and code != currency_code:
            raise ValidationError(
                f"Amounts here are in {currency_code}; “{text}” is in {code}.", code="currency"
            )
    digits = re.sub(r"[_ ]", ",", found["digits"].strip())  # "15 500 000" and "15_500_000" group too
    if not _GROUPED.fullmatch(digits):
        raise ValidationError(
            "Put commas only between groups of three digits, as in 15,500,000,000.", code="invalid"
        )
    number = Decimal(digits.replace(",", "").rstrip(".") or "0")
    exponent = int(found["exponent"] or 0) + _MONEY_SCALES.get(scale, 0)
    amount = number.scaleb(exponent)
    return -amount if "-" in (found["sign"] + found["sign_after"]) else amount
