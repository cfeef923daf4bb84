from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("", views.publishing, name="publishing"),
    path("propose/", views.propose, name="propose"),
    path("confirm/", views.confirm, name="confirm"),
    path("withdraw/", views.withdraw, name="withdraw"),
]
