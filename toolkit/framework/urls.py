from django.urls import path

from . import views

app_name = "framework"

urlpatterns = [
    path("", views.index, name="index"),
    path("types/", views.relationship_types, name="types"),
    path("qualities/", views.qualities, name="qualities"),
    path("steps/", views.steps, name="steps"),
    path("mapping/", views.mapping, name="mapping"),
    path("principles/", views.principles, name="principles"),
    path("principles/<slug:slug>/", views.principle_detail, name="principle"),
    path("barriers/", views.barriers, name="barriers"),
    path("practice/", views.practice, name="practice"),
    path("practice/<slug:slug>/", views.practice_detail, name="practice-example"),
]
