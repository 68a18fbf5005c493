from django.urls import path

from . import views

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
]
