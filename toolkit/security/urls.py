from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("two-factor/", views.setup, name="setup"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("two-factor/new-app/", views.replace_app, name="replace-app"),
    path("sign-in/code/", views.sign_in_code, name="sign-in-code"),
    path("sign-in/recovery-code/", views.sign_in_recovery, name="sign-in-recovery"),
    path("sign-in/set-up/", views.sign_in_setup, name="sign-in-setup"),
    path("keep-alive/", views.keep_alive, name="keep-alive"),
]
