from django.urls import path

from . import admin_views

app_name = "onboarding_admin"

urlpatterns = [
    path("cohorts/<int:cohort_id>/grid/", admin_views.grid, name="grid"),
    path("cohorts/<int:cohort_id>/members/add/", admin_views.add_member, name="add_member"),
    path("cohorts/<int:cohort_id>/members/move/", admin_views.move_member, name="move_member"),
    path("members/<int:membership_id>/steps/<int:step_id>/sign-off/", admin_views.sign_off, name="sign_off"),
    path("members/<int:membership_id>/steps/<int:step_id>/exception/", admin_views.grant_exception, name="exception"),
    path("sessions/<int:session_id>/qr/", admin_views.session_qr, name="session_qr"),
]
