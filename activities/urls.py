from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("activities/<int:page_id>/register/", views.register, name="register"),
    path("activities/<int:page_id>.ics", views.activity_ics, name="ics"),
    path("activities/calendar.ics", views.calendar_ics, name="calendar_ics"),
    path("activities/r/<str:token>/", views.registered, name="registered"),
    path("activities/r/<str:token>/cancel/", views.cancel, name="cancel"),
    path("activities/r/<str:token>/feedback/", views.feedback, name="feedback"),
    path("activities/v/<str:token>/feedback/", views.volunteer_feedback, name="volunteer_feedback"),
]
