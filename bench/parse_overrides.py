"""The editor's volume-override parser on adversarial input: the worst time per call.

    .venv/bin/python bench/parse_overrides.py [--calls N]

Every preview parses the override field, as typed, up to its 500 characters
(ScenarioForm's max_length). Each input below is 500 characters built to make
a backtracking pattern retry: long runs of whitespace, digits or separators
that end in a character no override allows. For each input the script times
--calls parses and keeps the median; it prints every input's figure and the
worst of them, and exits 1 when the worst is 1 ms or more.

No database: Django is set up only so scenarios.forms.editor can be imported.
"""

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402

from scenarios.forms.text import parse_volume_overrides  # noqa: E402

LENGTH = 500
TARGET_MS = 1.0


def padded(head, filler, tail):
    """head + filler repeated + tail, exactly LENGTH characters."""
    body = (filler * LENGTH)[: LENGTH - len(head) - len(tail)]
    return head + body + tail


INPUTS = {
    "spaces after the colon, then x": padded("2026:", " ", "x"),
    "spaces after the colon, then a tab and x": padded("2026:", " ", "\tx"),
    "tabs after the colon, then x": padded("2026=", "\t", "x"),
    "spaced digits, then x": padded("2026: ", "1 ", "x"),
    "separators and spaces, then x": padded("2026:", " _,", "x"),
    "spaces between the year and the colon": padded("2026", " ", "x"),
    "a comma, then spaces": padded("2026: 1,", " ", "2026"),
    "commas before years that never get a colon": padded("", ", 2026 ", ""),
    "spaces only, then x": padded("", " ", "x"),
}


def time_one(text, calls):
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        with contextlib.suppress(ValidationError):
            parse_volume_overrides(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=21, help="parses per input (median)")
    calls = parser.parse_args().calls
    assert all(len(text) == LENGTH for text in INPUTS.values())
    results = {name: time_one(text, calls) for name, text in INPUTS.items()}
    for name, ms in results.items():
        print(f"{ms:10.4f} ms  {name}")
    worst = max(results.values())
    verdict = "met" if worst < TARGET_MS else "MISSED"
    print(f"worst: {worst:.4f} ms per parse of {LENGTH} characters (target < {TARGET_MS} ms: {verdict})")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
