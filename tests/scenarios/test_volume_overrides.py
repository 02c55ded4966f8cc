"""The editor's volume overrides: the text field of "year: vehicles" items."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from scenarios.forms.text import parse_volume_overrides
from tests.scenarios.editor_data import editor_post_data

HOW_TO = "Write each override as year: vehicles, e.g. “2026: 550000; 2027: 700000”. "


def refusal(text):
    with pytest.raises(ValidationError) as refused:
        parse_volume_overrides(text)
    return refused.value.messages


@pytest.mark.parametrize(
    "text, overrides",
    [
        ("", {}),
        (" ; \n ;", {}),
        ("2026: 550000", {2026: 550_000}),
        ("2026=550000", {2026: 550_000}),
        (" 2026 : 550,000 ", {2026: 550_000}),
        ("2026: 1 000_000", {2026: 1_000_000}),
        # A comma before a year and a colon separates items; other commas group thousands.
        ("2026: 550,000, 2027: 700,000", {2026: 550_000, 2027: 700_000}),
        ("2026: 550000; 2027: 700000\n2028: 1", {2026: 550_000, 2027: 700_000, 2028: 1}),
        # Separators on their own around the digits are read as part of the number: ",5" is 5.
        ("2026: ,5_", {2026: 5}),
        # Any Unicode decimal digit is a digit, as int() reads it: ٢٠٢٦ is 2026, ٥ is 5.
        ("٢٠٢٦: ٥", {2026: 5}),
        ("2026:\t12\u3000", {2026: 12}),
    ],
)
def test_overrides_that_are_read(text, overrides):
    assert parse_volume_overrides(text) == overrides


@pytest.mark.parametrize(
    "text, message",
    [
        ("2026 lots", HOW_TO + "Could not read “2026 lots”."),
        ("2026: 5 cars", HOW_TO + "Could not read “2026: 5 cars”."),
        ("20261: 5", HOW_TO + "Could not read “20261: 5”."),
        ("2026:", HOW_TO + "Could not read “2026:”."),
        ("2026: 1\t000", HOW_TO + "Could not read “2026: 1\t000”."),
        ("2026: ²", HOW_TO + "Could not read “2026: ²”."),
        ("2026: 1234567890123", "The volume for 2026 is too large."),
        ("2026: 1; 2026: 2", "2026 is given twice."),
    ],
)
def test_overrides_that_are_refused_say_why(text, message):
    assert refusal(text) == [message]


@pytest.mark.parametrize("text", ["2026: ,", "2026:_", "2026: , _ ; 2027: 5", "2026: \u00a0 "])
def test_a_volume_of_separators_without_digits_is_refused(text):
    """These once got through the pattern with no digits at all and ended in int("")."""
    item = re.split("[;]", text)[0].strip()
    assert refusal(text) == [HOW_TO + f"Could not read “{item}”."]


# Each 500 characters, the field's max_length: runs a backtracking pattern retried
# for a quarter of a second (bench/parse_overrides.py times them; tests do not).
ADVERSARIAL = [
    "2026:" + " " * 494 + "x",
    "2026:" + " " * 493 + "\tx",
    "2026=" + "\t" * 494 + "x",
    "2026:" + " 1" * 247 + "x",
    "2026:" + " _," * 164 + "_,x",
    "2026" + " " * 495 + "x",
]


@pytest.mark.parametrize("text", ADVERSARIAL)
def test_long_runs_that_end_in_a_stray_character_are_refused(text):
    assert len(text) == 500
    # The message quotes the first 40 characters of the item, which is the whole text.
    assert refusal(text) == [HOW_TO + f"Could not read “{text[:40]}”."]


def test_the_editor_refuses_separators_without_digits_with_a_field_error(owner_client, scenario):
    data = editor_post_data(scenario, volume_overrides_text="2026: _; 2027: 5")
    response = owner_client.post(reverse("scenarios:edit", args=[scenario.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["volume_overrides_text"] == [HOW_TO + "Could not read “2026: _”."]
    scenario.refresh_from_db()
    assert (scenario.version, scenario.volume_overrides) == (1, {})


_BACKTRACKING_ITEM = re.compile(r"^\s*(\d{4})\s*[:=]\s*([\d,_ ]+)\s*$")


def backtracking_parse(text):
    """The parser as it was, one regular expression per item: the reference for
    what is read and what is refused."""
    overrides = {}
    for item in re.split(r"[;\n]|,(?=\s*\d{4}\s*[:=])", text):
        if not item.strip():
            continue
        match = _BACKTRACKING_ITEM.match(item)
        if not match:
            return "refused", HOW_TO + f"Could not read “{item.strip()[:40]}”."
        year = int(match.group(1))
        digits = re.sub(r"[,_ ]", "", match.group(2))
        if not digits:
            return "crashed", HOW_TO + f"Could not read “{item.strip()[:40]}”."
        if len(digits) > 12:
            return "refused", f"The volume for {year} is too large."
        if year in overrides:
            return "refused", f"{year} is given twice."
        overrides[year] = int(digits)
    return "read", overrides


whitespace = st.text(
    alphabet=[" ", "\t", "\r", "\x0b", "\x1c", "\x85", "\xa0", "\u2028", "\u3000"], max_size=3
)
# Mostly items that are nearly right, so both what is read and what is refused get tried.
override_items = st.tuples(
    whitespace,
    st.sampled_from(["2026", "2027", "٢٠٢٦", "２０２６", "202", "20261", "x"]),
    whitespace,
    st.sampled_from([":", "=", "", "-"]),
    whitespace,
    st.text(alphabet="0123456789,_ ²٥x\t", max_size=8),
    whitespace,
).map("".join)
override_texts = st.lists(
    st.tuples(override_items, st.sampled_from([";", "\n", ",", ", ", ""])), max_size=4
).map(lambda items: "".join(item + separator for item, separator in items))


@given(override_texts)
def test_the_parser_reads_and_refuses_exactly_what_the_backtracking_pattern_did(text):
    outcome, expected = backtracking_parse(text)
    if outcome == "read":
        assert parse_volume_overrides(text) == expected
    else:
        # What crashed before is refused now, with the message for an unreadable item.
        assert refusal(text) == [expected]
