"""Who is asking: a personal token sent as `Authorization: Bearer pst_...`, or
the browser's session (with Django's CSRF check on writes, as for the pages).
Each token's requests are counted (scenarios/limits.py, action "api"); past
the rate the answer is 429 with Retry-After and nothing runs."""

from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from scenarios import audit, limits

from . import tokens


class RateLimited(HttpError):
    def __init__(self, wait):
        count, period = limits.rate("api")
        super().__init__(
            429, f"More than {count} requests in {period} seconds with this token: wait {wait} s."
        )
        self.wait = wait


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = tokens.token_user(token)
        if found is None:
            return None
        wait = limits.seconds_to_wait("api", found.user, counter=f"token-{found.pk}")
        if wait:
            audit.record(
                "rate_limited", user=found.user, ip=audit.client_ip(request), limited="api", token_id=found.pk
            )
            raise RateLimited(wait)
        # The access rules (scenarios/access.py, Scenario.objects.visible_to) read request.user.
        request.user = found.user
        request.api_token = found
        return found


class BrowserSession(SessionAuth):
    """The logged-in browser; writes need the CSRF token, as every page's form does."""


AUTH = [TokenAuth(), BrowserSession()]
