from django.urls import path

from . import views

app_name = "paper"

urlpatterns = [
    path("", views.paper_home, name="home"),
    path("pack.pdf", views.pack_download, name="pack"),
    path("piles/<uuid:pile_id>/", views.pile_enter, name="enter"),
    path("piles/<uuid:pile_id>/confirm/", views.pile_confirm, name="confirm"),
]
