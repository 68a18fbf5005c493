from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("courses/my/", views.my_learning_view, name="my"),
    path("courses/enrol/<int:course_id>/", views.enrol_view, name="enrol"),
    path("courses/lesson/<int:lesson_id>/done/", views.lesson_done_view, name="lesson_done"),
    path("quiz/<int:quiz_id>/", views.quiz_view, name="quiz"),
    path("quiz/<int:quiz_id>/start/", views.start_view, name="start"),
    path("quiz/<int:quiz_id>/practice/", views.practice_view, name="practice"),
    path("quiz/attempt/<int:pk>/", views.attempt_view, name="attempt"),
    path("quiz/attempt/<int:pk>/save/", views.save_view, name="save"),
    path("quiz/attempt/<int:pk>/check/", views.check_view, name="check"),
    path("quiz/attempt/<int:pk>/submit/", views.submit_view, name="submit"),
    path("quiz/attempt/<int:pk>/result/", views.result_view, name="result"),
]
