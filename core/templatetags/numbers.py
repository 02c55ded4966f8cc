"""Template filters that format numbers for people; the data stays exact."""

from django import template

from core.formatting import MINUS, format_money, with_minus

register = template.Library()


@register.filter
def money(value):
    """$1.23B, $450.00M, $6,200."""
    return format_money(value)


@register.filter
def money_in(value, currency):
    """Short money in a reporting currency (its code): ₩1.41T, ¥7.13B, $1.00B."""
    return format_money(value, currency)


@register.filter
def whole(value):
    """350,000: a count rounded to the nearest whole unit."""
    if value is None:
        return "—"
    return with_minus(f"{round(value):,}")


@register.filter
def percent(fraction, digits=1):
    """0.1234 -> 12.3%."""
    if fraction is None:
        return "—"
    return with_minus(f"{fraction * 100:.{int(digits)}f}%")


@register.filter
def pct(value):
    """A value already in percent: 50 -> 50%, 12.5 -> 12.5%."""
    if value is None:
        return "—"
    return with_minus(f"{float(value):g}%")


@register.filter
def signed_pct(value):
    """-6 -> −6%/yr, 0 -> 0%/yr, 3 -> +3%/yr."""
    number = float(value)
    sign = "+" if number > 0 else (MINUS if number < 0 else "")
    return f"{sign}{abs(number):g}%/yr"


def _number(value):
    text = f"{value:,f}" if hasattr(value, "as_tuple") else f"{value:,}"
    return with_minus(text.rstrip("0").rstrip(".") if "." in text else text)


@register.filter
def by_kind(value, kind):
    """A comparison value shown as its row's kind says: money, percent, year, number or text."""
    if value is None:
        return "never" if kind == "year" else "—"
    if kind == "money":
        return format_money(value)
    if kind == "percent":
        return percent(value)
    if kind == "year":
        return str(value)
    if kind == "number":
        return _number(value)
    return value


@register.filter
def difference_by_kind(cell, kind):
    """+$1.20B (+12.0%), −2 years, +5 (+25.0%)."""
    if cell.difference is None or not cell.differs:
        return ""
    sign = "+" if cell.difference > 0 else MINUS
    magnitude = abs(cell.difference)
    if kind == "money":
        text = format_money(magnitude)
    elif kind == "percent":
        text = f"{magnitude * 100:.1f} pts"
    elif kind == "year":
        return f"{sign}{magnitude} yr"
    else:
        text = _number(magnitude)
    pct = ""
    if cell.difference_pct is not None:
        pct_sign = MINUS if cell.difference_pct < 0 else "+"
        pct = f" ({pct_sign}{abs(cell.difference_pct):.1f}%)"
    return f"{sign}{text}{pct}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
