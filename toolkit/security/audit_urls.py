from django.urls import path

from . import views

app_name = "audit"

# Included at areas/<area_code>/audit/: the area's security pages, for its facilitators.
urlpatterns = [
    path("", views.audit_log, name="log"),
    path("two-factor/", views.two_factor_members, name="two-factor"),
    path(
        "two-factor/<uuid:member_id>/reset/",
        views.two_factor_reset,
        name="two-factor-reset",
    ),
]
