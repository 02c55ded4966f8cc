"""What one request costs inside the process: no gunicorn, no sockets, no wrk.

    .venv/bin/python bench/inprocess.py [--requests 2000] [--rounds 5]

Calls the WSGI application (config.wsgi, as gunicorn does, so start-up
objects are frozen out of garbage collection) directly with the same three
requests as run_load.sh, logged in as demo: the trivial view, the scenario
detail page and the htmx preview with the full editor form. Prints, per
endpoint, the median over the rounds of the mean time per request, and the
garbage collector's pauses during the timed requests.

Uses a fresh SQLite database at /tmp/bench-inprocess.sqlite3 and static
files in /tmp/bench-partnership-static, like run_load.sh.
"""

import argparse
import gc
import io
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DATABASE = Path("/tmp/bench-inprocess.sqlite3")


def configure():
    for path in (DATABASE, Path(f"{DATABASE}-wal"), Path(f"{DATABASE}-shm")):
        path.unlink(missing_ok=True)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"sqlite:///{DATABASE}",
        SECRET_KEY="bench-only-secret-key-not-used-anywhere-else-0123456789",
        DEBUG="0",
        LOCAL_HTTP="true",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    os.environ.setdefault("BENCH_STATIC_ROOT", "/tmp/bench-partnership-static")
    sys.path.insert(0, str(ROOT))


class GarbageCollections:
    """Counts the collector's pauses while .counting is set."""

    def __init__(self):
        self.counting = False
        self.pauses = []
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase, info):
        if phase == "start":
            self._started = time.perf_counter()
        elif self.counting:
            self.pauses.append((info["generation"], time.perf_counter() - self._started))


def wsgi_environ(path, *, cookie, csrf, query="", body=None):
    """A WSGI environ as gunicorn would build it: a GET, or an htmx form POST with the CSRF token."""
    values = {
        "REQUEST_METHOD": "POST" if body else "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8765",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8765",
        "HTTP_COOKIE": cookie,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body or b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body or b"")),
    }
    if body:
        values.update(
            CONTENT_TYPE="application/x-www-form-urlencoded",
            HTTP_X_CSRFTOKEN=csrf,
            HTTP_HX_REQUEST="true",
        )
    return values


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per round (default 2000)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per endpoint (default 5)")
    args = parser.parse_args()
    configure()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # prod keeps the cache in a database table
    call_command("seed_demo", stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)

    from django.test import Client

    from bench.session import FormFields
    from config.wsgi import application
    from scenarios.models import Scenario

    scenario = Scenario.objects.get(owner__username="demo", name="Article baseline")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(scenario.owner)
    editor = FormFields("editor")
    editor.feed(client.get(f"/scenarios/{scenario.pk}/edit/").content.decode())
    form_body = urlencode(editor.fields).encode()
    csrf = client.cookies["csrftoken"].value
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"

    statuses = []

    def call(path, body=None):
        result = application(
            wsgi_environ(path, cookie=cookie, csrf=csrf, body=body),
            lambda status, headers, exc_info=None: statuses.append(status),
        )
        content = b"".join(result)
        result.close()
        return content

    endpoints = [
        ("trivial view (GET /bench/ok)", "/bench/ok", None),
        ("scenario detail (GET /scenarios/<pk>/)", f"/scenarios/{scenario.pk}/", None),
        ("htmx preview (POST /scenarios/<pk>/preview/)", f"/scenarios/{scenario.pk}/preview/", form_body),
    ]
    collections = GarbageCollections()
    print(
        f"{args.rounds} rounds of {args.requests:,} requests; "
        f"objects frozen at start-up: {gc.get_freeze_count():,}"
    )
    print()
    print("| endpoint | ms per request (median of rounds) | bytes | GC pauses | longest GC pause |")
    print("|---|---:|---:|---:|---:|")
    for label, path, body in endpoints:
        for _ in range(100):
            content = call(path, body)
        if statuses[-1] != "200 OK":
            sys.exit(f"inprocess.py: {path} answered {statuses[-1]}")
        collections.pauses.clear()
        collections.counting = True
        means = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            for _ in range(args.requests):
                call(path, body)
            means.append((time.perf_counter() - started) / args.requests)
        collections.counting = False
        if any(status != "200 OK" for status in statuses[-args.requests :]):
            sys.exit(f"inprocess.py: {path} did not always answer 200")
        longest = max((pause for _, pause in collections.pauses), default=0.0)
        print(
            f"| {label} | {statistics.median(means) * 1000:.3f} | {len(content):,} "
            f"| {len(collections.pauses):,} | {longest * 1000:.1f} ms |"
        )


if __name__ == "__main__":
    main()
