"""`make serve` and nginx as real processes on loopback, and a small HTTP client
that keeps cookies and fills in forms, for the tests in this folder that need
the production stack itself rather than Django's test client."""

import contextlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
PORTS = range(18100, 18200)
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# What the environment of the test run must not hand to the server it starts.
NOT_INHERITED = {
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "REDIS_URL",
    "DEBUG",
    "LOCAL_HTTP",
    "BIND",
    "WEB_CONCURRENCY",
    "WEB_THREADS",
    "GUNICORN_CMD_ARGS",
    "FORWARDED_ALLOW_IPS",
    "TRUST_X_FORWARDED_PROTO",
    "TRUST_X_FORWARDED_FOR",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "MAKEFLAGS",
    "MFLAGS",
    "MAKELEVEL",
}


def free_port():
    for port in PORTS:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def wait_for_port(port, process, log, timeout=120):
    """Until /healthz answers 200 on port; fails with the log's tail if the
    process ends first or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}:\n{tail(log)}")
        try:
            if get(port, "/healthz", timeout=2).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"/healthz did not answer on port {port} within {timeout} s:\n{tail(log)}")


def tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def stop_group(process, timeout=30):
    """SIGTERM to the process group the process leads (make, its shell and
    gunicorn with its workers, or nginx with its workers), SIGKILL after timeout."""
    if process.poll() is None or _group_alive(process.pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _group_alive(process.pid) and time.monotonic() < deadline:
            process.poll()
            time.sleep(0.1)
        if _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie leader still counts; it is reaped by process.poll().
    return True


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str


def get(port, path, headers=None, timeout=30):
    return request(port, "GET", path, headers=headers, timeout=timeout)


def request(port, method, path, body=None, headers=None, timeout=30, source="127.0.0.1"):
    """One request on a connection of its own, so that each is accepted afresh
    by whichever worker gets there first; from source, any loopback address."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request(
            method,
            path,
            body=body,
            headers={"Host": f"127.0.0.1:{port}", "Connection": "close", **(headers or {})},
        )
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read().decode("utf-8", "replace"))
    finally:
        connection.close()


class Visitor:
    """A browser in miniature: keeps cookies, sends chosen headers with every
    request, follows no redirects. scheme is the one it believes it is on, for
    the Referer it sends with a form (Django checks it on HTTPS)."""

    def __init__(self, port, source="127.0.0.1", scheme="http", **headers):
        self.port = port
        self.source = source
        self.scheme = scheme
        self.headers = headers
        self.cookies = {}

    def get(self, path):
        return self._send("GET", path)

    def post(self, path, fields, referer=None):
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if referer:
            headers["Referer"] = referer
        return self._send("POST", path, urlencode(fields, doseq=True), headers)

    def submit(self, path, changes=None, form=None):
        """GET path, take its form (the first whose attributes include those in
        `form`) as a browser would send it, change some fields and POST it to
        the form's action."""
        page = self.get(path)
        assert page.status == 200, (path, page.status)
        found = Form.first(page.text, form or {})
        fields = {**dict(found.fields), **(changes or {})}
        referer = f"{self.scheme}://127.0.0.1:{self.port}{path}"
        return self.post(found.action or path, fields, referer=referer)

    def log_in(self, username, password):
        answer = self.submit("/login/", {"username": username, "password": password})
        assert answer.status == 302, f"log-in as {username} answered {answer.status}"
        return answer

    def _send(self, method, path, body=None, headers=None):
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        sent = {**self.headers, **(headers or {}), **({"Cookie": cookie} if cookie else {})}
        answer = request(self.port, method, path, body=body, headers=sent, source=self.source)
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return answer


class Form(HTMLParser):
    """The fields a browser would submit from one form of a page: inputs
    (checkboxes and radios when checked), selects (the selected option, or the
    first) and textareas."""

    def __init__(self, match):
        super().__init__()
        self.match = match
        self.fields = []
        self.action = None
        self._state = "before"  # before, inside, after
        self._select = None
        self._select_chosen = False
        self._first_option = None
        self._option = None
        self._textarea = None

    @classmethod
    def first(cls, html, match):
        form = cls(match)
        form.feed(html)
        assert form._state != "before", f"no form with {match} in the page"
        return form

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self._state == "before" and self.match.items() <= attrs.items():
            self._state = "inside"
            self.action = attrs.get("action") or None
            return
        if self._state != "inside":
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name:
            self._select, self._select_chosen, self._first_option = name, False, None
        elif tag == "option" and self._select:
            value = attrs.get("value")
            self._option = [value, "", "selected" in attrs]
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if self._state != "inside":
            return
        if tag == "option" and self._option is not None:
            value, text, selected = self._option
            value = text.strip() if value is None else value
            if self._first_option is None:
                self._first_option = value
            if selected and not self._select_chosen:
                self.fields.append((self._select, value))
                self._select_chosen = True
            self._option = None
        elif tag == "select" and self._select:
            if not self._select_chosen and self._first_option is not None:
                self.fields.append((self._select, self._first_option))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that may follow <textarea>.
            name, text = self._textarea
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._state = "after"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


class Served:
    """`make serve` on a loopback port with the production settings, LOCAL_HTTP,
    SQLite in a scratch folder (seeded with the demo data) and no REDIS_URL.

    gunicorn's access log goes to its own file, each line starting with the
    answering worker's pid, so a test can tell which worker answered what."""

    ACCESS_FORMAT = '%(p)s %(s)s "%(r)s"'
    ACCESS_LINE = re.compile(r'^<(?P<pid>\d+)> (?P<status>\d+) "(?P<method>\S+) (?P<path>\S+)')

    def __init__(self, folder, **env):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.database = self.folder / "db.sqlite3"
        self.access_log = self.folder / "access.log"
        self.log = self.folder / "serve.log"
        self.env = {
            **{key: value for key, value in os.environ.items() if key not in NOT_INHERITED},
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"sqlite:///{self.database}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOCAL_HTTP": "true",
            "BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_CMD_ARGS": (
                f"--access-logfile {self.access_log} --access-logformat '{self.ACCESS_FORMAT}'"
            ),
            **env,
        }
        self.process = None

    def start(self):
        manage = {**self.env, "DJANGO_SETTINGS_MODULE": "config.settings.prod"}
        for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=manage,
                check=True,
                capture_output=True,
                timeout=120,
            )
        with open(self.log, "wb") as log:
            # -o: the virtualenv the tests run in counts as installed.
            self.process = subprocess.Popen(
                ["make", "-s", "-o", ".venv/.installed", "serve"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        try:
            wait_for_port(self.port, self.process, self.log)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        if self.process is not None:
            stop_group(self.process)

    def visitor(self, scheme="http", **headers):
        return Visitor(self.port, scheme=scheme, **headers)

    def scenario_id(self, name):
        [(pk,)] = self.query("select id from scenarios_scenario where name = ?", name)
        return pk

    def query(self, sql, *params):
        with sqlite3.connect(self.database, timeout=20) as connection:
            return connection.execute(sql, params).fetchall()

    def answered(self):
        """[(pid, status, method, path)] from the access log, oldest first."""
        if not self.access_log.exists():
            return []
        lines = (self.ACCESS_LINE.match(line) for line in self.access_log.read_text().splitlines())
        return [(int(m["pid"]), int(m["status"]), m["method"], m["path"]) for m in lines if m]

    def worker_of(self, path, timeout=10):
        """The pid of the worker that answered path, once its line is in the log
        (gunicorn writes it just after the answer)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for pid, _status, _method, logged in reversed(self.answered()):
                if logged == path:
                    return pid
            time.sleep(0.05)
        raise AssertionError(f"{path} is not in gunicorn's access log:\n{tail(self.access_log)}")


NGINX_MAIN = """\
daemon off;
{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
{http}
}}
"""


def nginx_main_config(folder, http):
    """nginx's main configuration with every path in folder, around the given
    http-context lines; run as root (CI is), its workers stay root so that they
    can reach folder."""
    user = "user root;" if os.geteuid() == 0 else ""
    return NGINX_MAIN.format(folder=folder, user=user, http=http)


class Nginx:
    """nginx, not daemonised, with its own prefix, pid and logs in folder,
    listening on a loopback port with deploy/nginx/partnership-proxy.conf in
    front of upstream_port."""

    def __init__(self, folder, upstream_port):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.config = self.folder / "nginx.conf"
        self.config.write_text(
            nginx_main_config(
                self.folder,
                f"""
    upstream app_servers {{ server 127.0.0.1:{upstream_port}; }}
    server {{
        listen 127.0.0.1:{self.port};
        include {ROOT}/deploy/nginx/partnership-proxy.conf;
    }}""",
            )
        )
        self.process = None

    def start(self):
        log = self.folder / "error.log"
        with open(self.folder / "stderr.log", "wb") as stderr:
            self.process = subprocess.Popen(
                [NGINX, "-p", str(self.folder), "-c", str(self.config), "-e", str(log)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,
            )
        try:
            wait_for_port(self.port, self.process, log, timeout=30)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        if self.process is not None:
            # SIGTERM is nginx's fast shutdown; the group takes its worker too.
            stop_group(self.process, timeout=10)
