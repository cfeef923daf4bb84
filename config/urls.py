from django.urls import include, path

from toolkit.core import views as core_views

urlpatterns = [
    path("", include("toolkit.core.urls")),
    path("framework/", include("toolkit.framework.urls")),
    path("account/", include("toolkit.accounts.urls")),
    path("areas/", include("toolkit.areas.urls")),
    # Area-scoped apps: every view takes area_code and is wrapped in areas.permissions.area_view.
    path("areas/<str:area_code>/register/", include("toolkit.register.urls")),
    path("areas/<str:area_code>/rounds/", include("toolkit.rounds.urls")),
    path("areas/<str:area_code>/mapping/", include("toolkit.mapping.urls")),
    path("areas/<str:area_code>/principles/", include("toolkit.assessment.urls")),
    path("areas/<str:area_code>/evidence/", include("toolkit.evidence.urls")),
    path("areas/<str:area_code>/plan/", include("toolkit.actions.urls")),
    path("areas/<str:area_code>/reports/", include("toolkit.reports.urls")),
    # Respondents answering through an invite link, without an account.
    path("respond/", include("toolkit.rounds.respond_urls")),
]

handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
