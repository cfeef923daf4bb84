from django.urls import path

from . import views

app_name = "open-progress"

urlpatterns = [path("<str:code>/", views.public_page, name="page")]
