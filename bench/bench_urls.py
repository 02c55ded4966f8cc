"""The app's URLs plus /bench/ok, a view that does nothing, as the ceiling.

The view goes through the whole middleware stack like every other request
and is exempt from login. With the bench's session cookie it still costs the
two queries every logged-in request pays (LoginRequiredMiddleware reads
request.user, which loads the session and the user, before it looks at the
exemption): the cost of Django, authentication and gunicorn, without a view.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from config.urls import handler500  # noqa: F401  (the app's 503 for a lost database, as in prod)
from config.urls import urlpatterns as app_urlpatterns


@login_not_required
def trivial_view(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok", trivial_view, name="bench-ok"), *app_urlpatterns]
