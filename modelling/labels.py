"""Text as Plotly figures show it."""

import textwrap


def plotly_text(text):
    """Plotly reads <b>, <br> and <a href> in labels as markup; names people typed
    must show as typed, never as markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# The one minus sign a page shows (U+2212, as Plotly's axes write it); exports keep
# plain numbers.
MINUS = "\u2212"


def with_minus(text):
    """A formatted number with the page's minus sign in place of a hyphen."""
    return MINUS + text[1:] if text.startswith("-") else text


def input_name_lines(label):
    """ "Battery: value per vehicle (USD)" on short lines, component over measure,
    so a chart's category axis fits a phone's width."""
    head, colon, rest = str(label).partition(": ")
    parts = [head + colon, rest] if colon else [head]
    return "<br>".join(wrapped(part.strip(), 26) for part in parts)


def wrapped(text, width):
    """Plain text as Plotly text on lines of about width characters, for a
    category label under a narrow bar."""
    lines = textwrap.wrap(str(text), width, break_long_words=False) or [""]
    return "<br>".join(plotly_text(line) for line in lines)
