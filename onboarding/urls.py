from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("onboarding/", views.my_onboarding, name="my"),
    path("onboarding/steps/<int:step_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("onboarding/sign-in/<str:code>/", views.sign_in, name="sign_in"),
]
