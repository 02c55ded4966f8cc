from django.urls import path

from . import views

app_name = "companies"
urlpatterns = [
    path("", views.company_list, name="list"),
    path("network/", views.network, name="network"),
    path("<slug:slug>/", views.company_detail, name="detail"),
]
