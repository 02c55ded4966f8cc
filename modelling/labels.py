"""Text as Plotly figures show it."""


def plotly_text(text):
    """Plotly reads <b>, <br> and <a href> in labels as markup; names people typed
    must show as typed, never as markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
