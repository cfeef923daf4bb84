"""Public URLs for respondents, who may have no account: every page is reached with a token.

Apps that register a section (toolkit.rounds.sections) put their question pages in
`toolkit/<app>/respond_urls.py` (with an `app_name`, and views wrapped in
`rounds.respondent.respondent_view`); they are mounted here automatically at
`/respond/answers/<token>/<app>/`, e.g. `respond:assessment:question`."""

import importlib.util

from django.conf import settings
from django.urls import include, path

from . import respond_views

app_name = "respond"

urlpatterns = [
    path("sent/<uuid:round_id>/", respond_views.sent, name="sent"),
    path("answers/<str:token>/", respond_views.task_list, name="task-list"),
    path("answers/<str:token>/saved/", respond_views.saved, name="saved"),
    path("answers/<str:token>/check/", respond_views.check, name="check"),
    path("answers/<str:token>/about-you/", respond_views.about_you, name="about-you"),
    path("answers/<str:token>/send/", respond_views.submit, name="submit"),
]

for _app in settings.INSTALLED_APPS:
    if _app.startswith("toolkit.") and _app != "toolkit.rounds":
        _module = f"{_app}.respond_urls"
        if importlib.util.find_spec(_module) is not None:
            urlpatterns.append(
                path(f"answers/<str:token>/{_app.rsplit('.', 1)[1]}/", include(_module))
            )

# Last: the landing page of an invite link.
urlpatterns.append(path("<str:token>/", respond_views.start, name="start"))
