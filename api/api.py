"""The JSON API at /api/: django-ninja routes over the same selectors, forms,
services and access rules as the pages. Its OpenAPI 3 document is generated
from the code (/api/openapi.json) and read by the interactive docs (/api/docs),
whose scripts and styles come from our own static files."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import re_path
from ninja import NinjaAPI, Swagger

from . import analysis, companies, pipelines, scenarios
from .auth import AUTH, RateLimited
from .errors import Invalid

DESCRIPTION = """Partnership scenarios as JSON: reference data with its sources, scenarios
(list, read, create, change, clone, delete), their projection and value, comparisons with
bridges, the analysis tools and pipelines.

Send a personal token as `Authorization: Bearer pst_...` (make one on your account page,
`/account/tokens/`); a logged-in browser's session works too, with its CSRF token on writes.
Another user's private scenario is a 404, a change to one you may only view a 403. Money is
in US dollars unless a field names the reporting currency."""

api = NinjaAPI(
    title="Partnership scenarios",
    version="1",
    description=DESCRIPTION,
    auth=AUTH,
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False, "defaultModelsExpandDepth": 0}),
)

for module in (companies, scenarios, analysis, pipelines):
    api.add_router("", module.router)


@api.exception_handler(Invalid)
def refused(request, error):
    return api.create_response(request, {"detail": error.detail, "errors": error.errors}, status=400)


@api.exception_handler(PermissionDenied)
def forbidden(request, error):
    message = str(error) or "You may not do this."
    return api.create_response(request, {"detail": message}, status=403)


@api.exception_handler(RateLimited)
def rate_limited(request, error):
    response = api.create_response(request, {"detail": str(error)}, status=429)
    response["Retry-After"] = str(error.wait)
    return response


@login_not_required
def no_such_operation(request, rest=""):
    return JsonResponse({"detail": "Not Found"}, status=404)


def urls():
    """The API's URL patterns, then a JSON 404 for any other address under it. Its
    views answer 401 themselves rather than redirecting to the log-in page as
    LoginRequiredMiddleware does for pages."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = login_not_required(pattern.callback)
    return [*patterns, re_path(r"^(?P<rest>.*)$", no_such_operation)], app_name, namespace
