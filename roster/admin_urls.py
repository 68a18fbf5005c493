from django.urls import path

from . import admin_views as views
from .admin import corrections

app_name = "roster_admin"

urlpatterns = [
    path("screening/", views.screening_index, name="screening_index"),
    path("screening/<int:pk>/", views.screening_detail, name="screening_detail"),
    path("id-number/<str:kind>/<int:pk>/", views.reveal_id, name="reveal_id"),
    path("volunteers/", views.volunteer_index, name="volunteer_index"),
    path("volunteers/export.xlsx", views.roster_export, name="roster_export"),
    path("volunteers/<int:pk>/", views.volunteer_record, name="volunteer_record"),
    path("hours/", views.hours_queue, name="hours_queue"),
    path("activities/", views.activity_index, name="activity_index"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/sign-in.<str:fmt>", views.sign_in_sheet, name="sign_in_sheet"),
    path("matching/", views.match, name="match"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("report/", views.report, name="report"),
    path("import/", views.import_roster, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("erasure/", views.erasure_queue, name="erasure_queue"),
    path("corrections/", corrections.CorrectionQueueView.as_view(), name="correction_queue"),
    path("corrections/<int:pk>/evidence/", corrections.evidence, name="correction_evidence"),
]
