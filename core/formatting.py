"""Numbers formatted for people: $1.23B, 350,000 vehicles, 60%."""

from decimal import Decimal

from modelling.currency import CURRENCIES
from modelling.labels import MINUS, with_minus

_SCALES = ((Decimal("1e12"), "T"), (Decimal("1e9"), "B"), (Decimal("1e6"), "M"))
_CURRENCY_SYMBOLS = {code: currency.symbol for code, currency in CURRENCIES.items()}


def format_money(amount, currency="USD"):
    """Short money: $1.23B, $450.0M, $6,200; negative amounts keep their sign."""
    if amount is None:
        return "—"
    amount = Decimal(str(amount))
    symbol = _CURRENCY_SYMBOLS.get(currency, "")
    suffix = "" if symbol else f" {currency}"
    sign = MINUS if amount < 0 else ""
    magnitude = abs(amount)
    for scale, letter in _SCALES:
        if magnitude >= scale:
            return f"{sign}{symbol}{magnitude / scale:,.2f}{letter}{suffix}"
    return f"{sign}{symbol}{magnitude:,.0f}{suffix}"


def format_quantity(value, unit=""):
    if value is None:
        return "—"
    value = Decimal(str(value))
    if unit in _CURRENCY_SYMBOLS:
        return format_money(value, unit)
    if unit == "%":
        return with_minus(f"{value.normalize():f}%")
    number = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return with_minus(f"{number} {unit}".strip())
