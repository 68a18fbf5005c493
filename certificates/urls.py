from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("verify/jwks.json", views.jwks, name="jwks"),
    path("verify/<str:code>/", views.verify_code, name="verify_code"),
    path("certificates/<str:serial>/download/", views.download, name="download"),
    path("certificates/<str:serial>/badge.jwt", views.badge, name="badge"),
]
