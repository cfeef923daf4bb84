from django.urls import include, path

from toolkit.core import views as core_views

urlpatterns = [
    path("", include("toolkit.core.urls")),
    path("framework/", include("toolkit.framework.urls")),
    path("account/", include("toolkit.accounts.urls")),
    path("security/", include("toolkit.security.urls")),
    path("account/api-tokens/", include("toolkit.api.token_urls")),
    path("account/emails/", include("toolkit.reminders.account_urls")),
    # National analysts (account level); the API signs in by bearer token, not session.
    path("national/", include("toolkit.benchmark.urls")),
    path("api/v1/", include("toolkit.api.urls")),
    path("areas/", include("toolkit.areas.urls")),
    # Area-scoped apps: every view takes area_code and is wrapped in areas.permissions.area_view.
    path("areas/<str:area_code>/people/", include("toolkit.accounts.people_urls")),
    path("areas/<str:area_code>/register/", include("toolkit.register.urls")),
    path("areas/<str:area_code>/rounds/", include("toolkit.rounds.urls")),
    path("areas/<str:area_code>/mapping/", include("toolkit.mapping.urls")),
    path("areas/<str:area_code>/principles/", include("toolkit.assessment.urls")),
    path("areas/<str:area_code>/evidence/", include("toolkit.evidence.urls")),
    path("areas/<str:area_code>/plan/", include("toolkit.actions.urls")),
    path("areas/<str:area_code>/reports/", include("toolkit.reports.urls")),
    path("areas/<str:area_code>/audit/", include("toolkit.security.audit_urls")),
    path("areas/<str:area_code>/benchmark/", include("toolkit.benchmark.area_urls")),
    path("areas/<str:area_code>/data/", include("toolkit.portability.urls")),
    path("areas/<str:area_code>/workshops/", include("toolkit.workshops.urls")),
    path("areas/<str:area_code>/outbox/", include("toolkit.reminders.urls")),
    path("areas/<str:area_code>/open-progress/", include("toolkit.progress.urls")),
    path(
        "areas/<str:area_code>/workshops/<uuid:workshop_id>/paper/",
        include("toolkit.paper.urls"),
    ),
    # Respondents answering through an invite link, without an account.
    path("respond/", include("toolkit.rounds.respond_urls")),
    # An area's published progress page, for anyone (docs/adr/0020, "Open progress").
    path("progress/", include("toolkit.progress.public_urls")),
    # Joining a workshop by the code on its screen, without an account.
    path("join/", include("toolkit.workshops.join_urls")),
]

handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
