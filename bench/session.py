"""HTTP helpers for run_load.sh, standard library only (urllib + http.cookiejar).

session.py login BASE_URL USERNAME PASSWORD PK
    Logs in through /login/ like a browser, reads the editor form of
    scenario PK and prints shell assignments (eval-able):
    SESSIONID, CSRFTOKEN, PK, FORM_BODY (the urlencoded editor form).

session.py check BASE_URL PATH [--post] [--expect TEXT]
    One request with the session from the environment (SESSIONID,
    CSRFTOKEN, FORM_BODY for --post), redirects NOT followed. Exits non-zero
    unless the answer is 200 (and contains TEXT when given), so a
    redirect to the login page cannot pass for a result.
"""

import http.cookiejar
import os
import shlex
import sys
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

TIMEOUT = 15  # seconds, per request


class FormFields(HTMLParser):
    """Name/value pairs that a browser would submit for the form with form_id
    (every form on the page when form_id is None).

    Inputs without a name, buttons, and unchecked checkboxes/radios are left
    out; a <select> gives its selected option (or its first one); a
    <textarea> its text.
    """

    SKIPPED_TYPES = {"submit", "button", "reset", "image", "file"}

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.found = False
        self.fields = []
        self._select = None  # [name, selected value, first value]
        self._option = None  # [value or None, text] while inside <option>
        self._textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = self.form_id is None or attrs.get("id") == self.form_id
            self.found = self.found or self.in_form
            return
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in self.SKIPPED_TYPES:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = [name, None, None]
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "", "selected" in attrs]
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def _close_option(self):
        if self._option is None:
            return
        value, text, selected = self._option
        value = text.strip() if value is None else value
        if self._select[2] is None:
            self._select[2] = value
        if selected and self._select[1] is None:
            self._select[1] = value
        self._option = None

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            name, selected, first = self._select
            value = selected if selected is not None else first
            if value is not None:
                self.fields.append((name, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # Browsers drop one newline right after <textarea>.
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def fail(message):
    print(f"session.py: {message}", file=sys.stderr)
    sys.exit(1)


def cookie(jar, name):
    for item in jar:
        if item.name == name:
            return item.value
    return None


def read(opener, url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            return response.status, response.geturl(), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode("utf-8", "replace")


def open_session(base, username, password):
    """Log in through /login/ like a browser; returns (opener, cookie jar).
    The opener follows redirects; build another on the jar to see them."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    status, _, page = read(opener, f"{base}/login/")
    if status != 200:
        fail(f"GET /login/ answered {status}")
    login_form = FormFields(None)
    login_form.feed(page)
    token = dict(login_form.fields).get("csrfmiddlewaretoken") or cookie(jar, "csrftoken")
    if not token:
        fail("no CSRF token on /login/")
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    ).encode()
    status, final_url, _ = read(
        opener,
        f"{base}/login/",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    sessionid = cookie(jar, "sessionid")
    if status != 200 or not sessionid or urllib.parse.urlsplit(final_url).path.startswith("/login"):
        fail(f"login as {username!r} failed (status {status}, landed on {final_url})")
    return opener, jar


def login(base, username, password, pk):
    opener, jar = open_session(base, username, password)

    status, final_url, page = read(opener, f"{base}/scenarios/{pk}/edit/")
    if status != 200 or not final_url.rstrip("/").endswith(f"/scenarios/{pk}/edit"):
        fail(f"GET /scenarios/{pk}/edit/ answered {status} at {final_url}")
    editor = FormFields("editor")
    editor.feed(page)
    if not editor.found or not editor.fields:
        fail(f'no form id="editor" with fields on /scenarios/{pk}/edit/')
    sessionid, csrftoken = cookie(jar, "sessionid"), cookie(jar, "csrftoken")
    if not csrftoken:
        fail("no csrftoken cookie after login")

    values = {
        "SESSIONID": sessionid,
        "CSRFTOKEN": csrftoken,
        "PK": str(pk),
        "FORM_BODY": urllib.parse.urlencode(editor.fields),
        "FORM_FIELDS": str(len(editor.fields)),
    }
    for key, value in values.items():
        print(f"{key}={shlex.quote(value)}")


def check(base, path, post=False, expect=None):
    env = os.environ
    headers = {"Cookie": f"sessionid={env['SESSIONID']}; csrftoken={env['CSRFTOKEN']}"}
    data = None
    if post:
        data = env["FORM_BODY"].encode()
        headers.update(
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "HX-Request": "true",
                "X-CSRFToken": env["CSRFTOKEN"],
            }
        )
    opener = urllib.request.build_opener(NoRedirect())
    status, _, body = read(opener, f"{base}{path}", data=data, headers=headers)
    method = "POST" if post else "GET"
    if status != 200:
        fail(f"{method} {path} answered {status}, not 200: {body[:300]!r}")
    if expect and expect not in body:
        fail(f"{method} {path} answered 200 but without {expect!r}: {body[:300]!r}")
    print(f"ok   {method} {path} -> 200, {len(body.encode())} bytes")


def main(argv):
    if len(argv) == 5 and argv[0] == "login":
        login(argv[1].rstrip("/"), argv[2], argv[3], int(argv[4]))
    elif len(argv) >= 3 and argv[0] == "check":
        rest = argv[3:]
        post = "--post" in rest
        expect = rest[rest.index("--expect") + 1] if "--expect" in rest else None
        check(argv[1].rstrip("/"), argv[2], post=post, expect=expect)
    else:
        fail(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
