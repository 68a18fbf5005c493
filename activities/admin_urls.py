from django.urls import path

from . import admin_views

app_name = "activities_admin"

urlpatterns = [
    path("sign-in/", admin_views.SignInIndexView.as_view(), name="sign_in_index"),
    path("sign-in/<int:pk>/", admin_views.SignInListView.as_view(), name="sign_in_list"),
    path("sign-in/<int:pk>/sheet.<str:fmt>", admin_views.sign_in_sheet, name="sign_in_sheet"),
    path("qr/<str:token>/", admin_views.QrSignInView.as_view(), name="qr_sign_in"),
    path("repeat/<int:pk>/", admin_views.RepeatActivityView.as_view(), name="repeat"),
    path("contract/", admin_views.ContractDashboardView.as_view(), name="contract_dashboard"),
]
