from django.urls import path

from .admin import (
    activities,
    corrections,
    erasure,
    followup,
    hours,
    imports,
    kiosks,
    matching,
    record,
    reports,
    screening,
    series,
    service_proof,
    volunteers,
)

app_name = "roster_admin"

urlpatterns = [
    path("screening/", screening.ScreeningIndexView.as_view(), name="screening_index"),
    path("screening/<int:pk>/", screening.ScreeningDetailView.as_view(), name="screening_detail"),
    path("id-number/<str:kind>/<int:pk>/", screening.RevealIdView.as_view(), name="reveal_id"),
    path("volunteers/", volunteers.VolunteerIndexView.as_view(), name="volunteer_index"),
    path("volunteers/export.xlsx", volunteers.roster_export, name="roster_export"),
    path("volunteers/<int:pk>/", volunteers.VolunteerRecordView.as_view(), name="volunteer_record"),
    path("hours/", hours.HoursQueueView.as_view(), name="hours_queue"),
    path("corrections/", corrections.CorrectionQueueView.as_view(), name="correction_queue"),
    path("corrections/<int:pk>/evidence/", corrections.evidence, name="correction_evidence"),
    path("activities/", activities.ActivityIndexView.as_view(), name="activity_index"),
    path("activities/<int:pk>/", activities.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/<int:pk>/sign-in.<str:fmt>", activities.sign_in_sheet, name="sign_in_sheet"),
    path("matching/", matching.MatchView.as_view(), name="match"),
    path("dashboard/", reports.DashboardView.as_view(), name="dashboard"),
    path("report/", reports.ReportView.as_view(), name="report"),
    path("import/", imports.ImportView.as_view(), name="import"),
    path("import/template.xlsx", imports.import_template, name="import_template"),
    path("erasure/", erasure.ErasureQueueView.as_view(), name="erasure_queue"),
    path("service-proof/", service_proof.ServiceProofView.as_view(), name="service_proof"),
    # scheduling (issue 16 part B)
    path("kiosks/", kiosks.KioskAdminView.as_view(), name="kiosks"),
    path("follow-up/", followup.FollowUpView.as_view(), name="followup"),
    path("series/", series.SeriesView.as_view(), name="series"),
    path("overdue-entries/", record.OverdueEntriesView.as_view(), name="overdue_entries"),
    path("national/", record.NationalEntryView.as_view(), name="national_entry"),
    path("national/export.xlsx", record.national_export, name="national_export"),
    path("expiring-cover/", record.ExpiringCoverView.as_view(), name="expiring_cover"),
]
