from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from api import views as api_views
from api.api import urls as api_urls
from scenarios.urls import public_urlpatterns

from .accounts import PasswordChangeView
from .views import healthz

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="scenarios:list"), name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", PasswordChangeView.as_view(), name="password_change"),
    path("account/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("account/tokens/", api_views.token_list, name="api_tokens"),
    path("account/tokens/<int:pk>/revoke/", api_views.token_revoke, name="api_token_revoke"),
    path("api/", api_urls()),
    path("companies/", include("companies.urls")),
    path("scenarios/", include("scenarios.urls")),
    path("pipelines/", include("pipelines.urls")),
    path("s/", include(public_urlpatterns)),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

handler500 = "config.views.server_error"
