from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("agree/", views.plan_agree, name="agree"),
    path("history/", views.history, name="history"),
    path("suggestions/", views.suggestion_list, name="suggestions"),
    path("suggestions/add/", views.suggestion_add, name="suggestion-add"),
    path("actions/new/", views.action_create, name="action-create"),
    path("actions/<uuid:action_id>/", views.action_detail, name="action"),
    path("actions/<uuid:action_id>/edit/", views.action_edit, name="action-edit"),
    path("actions/<uuid:action_id>/update/", views.update_create, name="update-create"),
    path("review/", views.review, name="review"),
    path("review/access/", views.access, name="access"),
    path("review/grant/", views.grant_create, name="grant-create"),
    path("review/grants/<uuid:grant_id>/", views.grant_edit, name="grant-edit"),
    path("review/grants/<uuid:grant_id>/withdraw/", views.grant_revoke, name="grant-revoke"),
    path("review/findings/", views.findings, name="findings"),
    path("review/findings/<uuid:finding_id>/accept/", views.finding_accept, name="finding-accept"),
]
