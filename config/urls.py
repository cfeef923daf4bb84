from django.urls import include, path

from toolkit.core import views as core_views

urlpatterns = [
    path("", include("toolkit.core.urls")),
    path("framework/", include("toolkit.framework.urls")),
    path("account/", include("toolkit.accounts.urls")),
    path("areas/", include("toolkit.areas.urls")),
]

handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
