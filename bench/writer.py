"""Saves through the editor in a loop, for load_mixed.sh's fault runs.

    writer.py BASE_URL USERNAME PASSWORD PK OUTPUT --seconds N [--pause S]

Logs in like a browser (bench/session.py), then until N seconds have passed:
reads /scenarios/PK/edit/, changes one supplier share, and POSTs the whole
editor form back with the base_version the page carried. The app answers a
committed save with a 302 to the scenario; since the save is a conditional
UPDATE on version = base_version, the committed version number is
base_version + 1.

Every attempt is one tab-separated line in OUTPUT:

    <unix time> <outcome> <http status or -> <version> <detail>

outcome: committed (302: the app said it saved version N), conflict (409),
rejected (200: the form came back with errors), unavailable (503), error
(another status), unknown (the connection failed after the POST was sent:
version N may or may not exist), read-failed (the edit page could not be read;
nothing was posted). Only "committed" lines are promises the app made; each
of those versions must exist in the database afterwards.
"""

import argparse
import random
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import session  # noqa: E402  (bench/session.py, next to this file)


def attempt(base, pk, reader, poster, number):
    """One read-edit-save round: (outcome, status, version, detail)."""
    try:
        status, _, page = session.read(reader, f"{base}/scenarios/{pk}/edit/")
    except Exception as error:  # noqa: BLE001 - any failure is recorded, then retried
        return "read-failed", "-", "-", type(error).__name__
    if status != 200:
        return "read-failed", status, "-", "edit page"
    form = session.FormFields("editor")
    form.feed(page)
    fields = list(form.fields)
    values = dict(fields)
    shares = [name for name, _ in fields if name.endswith("-share_pct")]
    if "base_version" not in values or not shares:
        return "read-failed", status, "-", "no base_version or share field"
    base_version = int(values["base_version"])
    version = base_version + 1
    target = random.choice(shares)
    share = f"{random.uniform(5, 95):.2f}"
    edited = []
    for name, value in fields:
        if name == target:
            value = share
        elif name == "message":
            value = f"bench writer {number}: {target} = {share}"
        edited.append((name, value))
    if "message" not in values:
        edited.append(("message", f"bench writer {number}"))
    body = urllib.parse.urlencode(edited).encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"{base}/scenarios/{pk}/edit/",
    }
    try:
        status, _, _ = session.read(poster, f"{base}/scenarios/{pk}/edit/", data=body, headers=headers)
    except Exception as error:  # noqa: BLE001
        return "unknown", "-", version, type(error).__name__
    outcome = {302: "committed", 409: "conflict", 200: "rejected", 503: "unavailable"}.get(status, "error")
    return outcome, status, version, f"base {base_version}"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("username")
    parser.add_argument("password")
    parser.add_argument("pk", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between saves")
    args = parser.parse_args(argv)
    base = args.base.rstrip("/")
    deadline = time.monotonic() + args.seconds

    reader, jar = session.open_session(base, args.username, args.password)
    poster = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), session.NoRedirect())
    counts = {}
    number = 0
    with args.output.open("w", buffering=1) as out:
        while time.monotonic() < deadline:
            number += 1
            outcome, status, version, detail = attempt(base, args.pk, reader, poster, number)
            counts[outcome] = counts.get(outcome, 0) + 1
            out.write(f"{time.time():.3f}\t{outcome}\t{status}\t{version}\t{detail}\n")
            time.sleep(args.pause if outcome != "read-failed" else max(args.pause, 0.5))
    print("writer: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
