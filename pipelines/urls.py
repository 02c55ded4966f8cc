from django.urls import path

from . import views

app_name = "pipelines"
urlpatterns = [
    path("", views.pipeline_list, name="list"),
    path("new/", views.pipeline_new, name="new"),
    path("add/<int:scenario_pk>/", views.add_scenario, name="add_scenario"),
    path("<int:pipeline_pk>/", views.pipeline_detail, name="detail"),
    path("<int:pipeline_pk>/monte-carlo/", views.monte_carlo, name="monte_carlo"),
    path("<int:pipeline_pk>/export.csv", views.export_csv, name="export_csv"),
    path("<int:pipeline_pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:pipeline_pk>/edit/", views.pipeline_edit, name="edit"),
    path("<int:pipeline_pk>/delete/", views.pipeline_delete, name="delete"),
    path("<int:pipeline_pk>/visibility/", views.set_visibility, name="set_visibility"),
    path("<int:pipeline_pk>/sharing/users/", views.share_with_user, name="share_with_user"),
    path("<int:pipeline_pk>/sharing/users/<int:pipeline_share_pk>/remove/", views.unshare, name="unshare"),
    path("<int:pipeline_pk>/deals/<int:deal_pk>/", views.deal_terms, name="deal_terms"),
    path("<int:pipeline_pk>/deals/<int:deal_pk>/remove/", views.deal_remove, name="deal_remove"),
    path("<int:pipeline_pk>/cases/<int:case_pk>/remove/", views.case_remove, name="case_remove"),
]
