from django.urls import path

from .views import analysis as analysis_views
from .views import compare as compare_views
from .views import deck as deck_views
from .views import scenarios as views
from .views import sharing as sharing_views

app_name = "scenarios"
urlpatterns = [
    path("", views.scenario_list, name="list"),
    path("new/", views.scenario_new, name="new"),
    path("compare/", compare_views.compare_page, name="compare"),
    path("compare/export.csv", compare_views.compare_export_csv, name="compare_csv"),
    path("compare/export.pptx", deck_views.compare_export_pptx, name="compare_pptx"),
    path("<int:pk>/", views.scenario_detail, name="detail"),
    path("<int:pk>/edit/", views.scenario_edit, name="edit"),
    path("<int:pk>/preview/", views.scenario_preview, name="preview"),
    path("<int:pk>/export.csv", views.scenario_export_csv, name="export_csv"),
    path("<int:pk>/export-value.csv", views.scenario_export_value_csv, name="export_value_csv"),
    path("<int:pk>/export.xlsx", views.scenario_export_xlsx, name="export_xlsx"),
    path("<int:pk>/export.pptx", deck_views.scenario_export_pptx, name="export_pptx"),
    path("<int:pk>/clone/", views.scenario_clone, name="clone"),
    path("<int:pk>/delete/", views.scenario_delete, name="delete"),
    path("<int:pk>/history/", views.scenario_history, name="history"),
    path("<int:pk>/analysis/", analysis_views.scenario_analysis, name="analysis"),
    path("<int:pk>/analysis/ranges/", analysis_views.save_ranges, name="save_ranges"),
    path("<int:pk>/history/<int:number>/restore/", views.scenario_restore, name="restore"),
    path("<int:pk>/sharing/", sharing_views.scenario_sharing, name="sharing"),
    path("<int:pk>/sharing/visibility/", sharing_views.set_visibility, name="set_visibility"),
    path("<int:pk>/sharing/users/", sharing_views.share_with_user, name="share_with_user"),
    path("<int:pk>/sharing/users/<int:share_id>/remove/", sharing_views.unshare, name="unshare"),
    path("<int:pk>/sharing/links/", sharing_views.create_link, name="create_link"),
    path("<int:pk>/sharing/links/<int:link_id>/revoke/", sharing_views.revoke_link, name="revoke_link"),
]

public_urlpatterns = (
    [
        path("<str:token>/", sharing_views.public_detail, name="detail"),
        path("<str:token>/export.csv", sharing_views.public_export_csv, name="export_csv"),
    ],
    "public",
)
