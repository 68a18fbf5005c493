from django.urls import path

from . import admin_views

app_name = "onboarding_admin"

urlpatterns = [
    path("cohorts/<int:cohort_id>/grid/", admin_views.GridView.as_view(), name="grid"),
    path("cohorts/<int:cohort_id>/members/add/", admin_views.AddMemberView.as_view(), name="add_member"),
    path("cohorts/<int:cohort_id>/members/move/", admin_views.MoveMemberView.as_view(), name="move_member"),
    path(
        "members/<int:membership_id>/steps/<int:step_id>/sign-off/", admin_views.SignOffView.as_view(), name="sign_off"
    ),
    path(
        "members/<int:membership_id>/steps/<int:step_id>/exception/",
        admin_views.ExceptionView.as_view(),
        name="exception",
    ),
    path("sessions/<int:session_id>/qr/", admin_views.SessionQrView.as_view(), name="session_qr"),
]
