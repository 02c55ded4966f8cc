from django.urls import path

from . import views

app_name = "scenarios"
urlpatterns = [
    path("", views.scenario_list, name="list"),
    path("new/", views.scenario_new, name="new"),
    path("<int:pk>/", views.scenario_detail, name="detail"),
    path("<int:pk>/edit/", views.scenario_edit, name="edit"),
    path("<int:pk>/preview/", views.scenario_preview, name="preview"),
    path("<int:pk>/export.csv", views.scenario_export_csv, name="export_csv"),
    path("<int:pk>/clone/", views.scenario_clone, name="clone"),
    path("<int:pk>/delete/", views.scenario_delete, name="delete"),
]
