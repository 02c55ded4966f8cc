"""Text rules every app shares: what a typed name or note may hold, and what an
export can hold. The editor's forms, the admin's spreadsheet import and every
export read them here."""

import re

from django.core.exceptions import ValidationError

# Characters nobody means to type, which show as nothing where they sit: a
# name or note with one is refused with a message saying which. What staff
# enter in the admin may still hold them; exportable_text makes that
# exportable. NUL is left to Django's CharField, which refuses it already.
_CONTROL_IN_A_LINE = re.compile(r"[\x01-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks are text


def _refusing(control_characters):
    def validate(value):
        found = control_characters.search(value)
        if found:
            raise ValidationError(
                f"Remove the invisible control character U+{ord(found.group()):04X} from this text.",
                code="control_character",
            )

    return validate


no_control_characters_in_a_line = _refusing(_CONTROL_IN_A_LINE)
no_control_characters_in_text = _refusing(_CONTROL_IN_TEXT)

# What a spreadsheet runs as a formula when a cell starts with it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0 cannot hold (its Char production), so neither can an .xlsx:
# control characters other than tab, LF and CR, the noncharacters U+FFFE and
# U+FFFF, and surrogates, which UTF-8 cannot encode either. openpyxl's
# ILLEGAL_CHARACTERS_RE has only the control characters, and U+FFFE saves
# without complaint into a workbook that then fails to open.
_UNEXPORTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def exportable_text(value):
    """Text every export can hold: each character an .xlsx cannot becomes U+FFFD,
    which shows the reader where one was. The CSV gets the same, so both exports
    of a scenario say the same.

    Names, descriptions and citations reach the exports from every form and from
    the admin, where staff can type anything; one vertical tab in a supplier's
    name would otherwise break the workbook of every scenario it supplies."""
    return _UNEXPORTABLE.sub("\ufffd", value)


def safe_text(value):
    """Exportable text a spreadsheet will not run as a formula, for CSV cells."""
    value = exportable_text(value)
    return f"'{value}" if value.startswith(FORMULA_START) else value
