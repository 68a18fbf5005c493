from django.urls import path

from . import schedule_views, views

app_name = "roster"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/thanks/", views.join_thanks, name="join_thanks"),
    path("roster/privacy/", views.privacy_notice, name="privacy"),
    path("roster/me/data.<str:fmt>", views.my_data, name="my_data"),
    path("roster/me/erasure/", views.request_erasure, name="request_erasure"),
    path("roster/me/erasure/withdraw/", views.withdraw_erasure, name="withdraw_erasure"),
    path("roster/me/corrections/new/", views.request_correction, name="request_correction"),
    path("roster/activities/<int:activity_id>/sign-up/", views.sign_up, name="sign_up"),
    path("roster/signups/<int:signup_id>/cancel/", views.cancel_signup, name="cancel_signup"),
    path("roster/signups/<int:signup_id>/qr/", views.signup_qr, name="signup_qr"),
    path("roster/check-in/<str:token>/", views.check_in, name="check_in"),
    # scheduling (issue 16 part B)
    path("roster/schedule/", schedule_views.schedule, name="schedule"),
    path("roster/schedule/<int:activity_id>/sign-up/", schedule_views.schedule_sign_up, name="schedule_sign_up"),
    path("roster/schedule/signups/<int:signup_id>/cancel/", schedule_views.schedule_cancel, name="schedule_cancel"),
    path("roster/schedule/series/<int:series_id>/sign-up/", schedule_views.series_sign_up, name="series_sign_up"),
    path("roster/schedule/leave/", schedule_views.record_leave, name="record_leave"),
    path("roster/schedule/leave/<int:leave_id>/end/", schedule_views.end_leave, name="end_leave"),
    path("roster/schedule/pin/", schedule_views.set_kiosk_pin, name="set_kiosk_pin"),
    path("roster/calendar/", schedule_views.my_calendar, name="my_calendar"),
    path("roster/calendar/<str:token>.ics", schedule_views.calendar_feed, name="calendar_feed"),
    path("roster/kiosk/", schedule_views.kiosk, name="kiosk"),
]
