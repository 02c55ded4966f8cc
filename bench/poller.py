"""Polls URLs at a fixed interval and records every answer, for load_mixed.sh.

    poller.py BASE_URL OUTPUT NAME=PATH... [--session-for NAME]... [--interval 0.5]
              [--min-seconds 40] [--max-seconds 75] [--recovered-after FILE]

Each tick GETs every PATH in turn (with the session in SESSIONID/CSRFTOKEN
from the environment, if set; redirects not followed, 2 s timeout) and
writes one tab-separated line per request to OUTPUT:

    <unix time sent> <unix time answered> <name> <status or timeout/refused/...>

Only the NAMEs given with --session-for send the cookies; /healthz is
polled the way a load balancer would, without them.

Stops after --max-seconds, or once --min-seconds have passed, FILE exists
(it holds the unix time PostgreSQL was started again) and every NAME has
answered 200 to a request sent after that time.
"""

import argparse
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import session  # noqa: E402

TIMEOUT = 2.0


def fetch(opener, url, headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            response.read()
            return str(response.status)
    except urllib.error.HTTPError as error:
        error.read()
        return str(error.code)
    except TimeoutError:
        return "timeout"
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            return "timeout"
        return type(reason).__name__ if not isinstance(reason, str) else "urlerror"
    except Exception as error:  # noqa: BLE001 - recorded, not raised
        return type(error).__name__


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("output", type=Path)
    parser.add_argument("targets", nargs="+", help="NAME=PATH")
    parser.add_argument("--session-for", action="append", default=[], metavar="NAME")
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--min-seconds", type=float, default=40)
    parser.add_argument("--max-seconds", type=float, default=75)
    parser.add_argument("--recovered-after", type=Path)
    args = parser.parse_args(argv)
    base = args.base.rstrip("/")
    targets = [spec.split("=", 1) for spec in args.targets]
    headers = {}
    if os.environ.get("SESSIONID") and args.session_for:
        headers["Cookie"] = (
            f"sessionid={os.environ['SESSIONID']}; csrftoken={os.environ.get('CSRFTOKEN', '')}"
        )
    opener = urllib.request.build_opener(session.NoRedirect())

    start = time.monotonic()
    tick = 0
    with args.output.open("w", buffering=1) as out:
        while True:
            elapsed = time.monotonic() - start
            if elapsed >= args.max_seconds:
                break
            if elapsed >= args.min_seconds and args.recovered_after and args.recovered_after.exists():
                text = args.recovered_after.read_text().strip()
                if text:
                    restarted = float(text)
                    lines = [line.split("\t") for line in args.output.read_text().splitlines()]
                    answered = {
                        name for sent, _, name, status in lines if status == "200" and float(sent) > restarted
                    }
                    if all(name in answered for name, _ in targets):
                        break
            for name, path in targets:
                sent = time.time()
                status = fetch(opener, f"{base}{path}", headers if name in args.session_for else {})
                out.write(f"{sent:.3f}\t{time.time():.3f}\t{name}\t{status}\n")
            tick += 1
            pause = start + tick * args.interval - time.monotonic()
            if pause > 0:
                time.sleep(pause)


if __name__ == "__main__":
    main(sys.argv[1:])
