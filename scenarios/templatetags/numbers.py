"""Template filters that format numbers for people; the data stays exact."""

from django import template

from companies.formatting import format_money

register = template.Library()


@register.filter
def money(value):
    """$1.23B, $450.00M, $6,200."""
    return format_money(value)


@register.filter
def whole(value):
    """350,000: a count rounded to the nearest whole unit."""
    if value is None:
        return "—"
    return f"{round(value):,}"


@register.filter
def percent(fraction, digits=1):
    """0.1234 -> 12.3%."""
    if fraction is None:
        return "—"
    return f"{fraction * 100:.{int(digits)}f}%"


@register.filter
def pct(value):
    """A value already in percent: 50 -> 50%, 12.5 -> 12.5%."""
    if value is None:
        return "—"
    return f"{float(value):g}%"


@register.filter
def signed_pct(value):
    """-6 -> −6%/yr, 0 -> 0%/yr, 3 -> +3%/yr."""
    number = float(value)
    sign = "+" if number > 0 else ("−" if number < 0 else "")
    return f"{sign}{abs(number):g}%/yr"
